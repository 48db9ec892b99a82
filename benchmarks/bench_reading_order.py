"""Reading order on real text: public CSV resumes rendered as DOCX (page header, text box,
two-column layout table) and as one- and two-column PDFs, read back by the product's readers
and by the previous ones (python-docx paragraphs/tables/first header; pypdf `extract_text`).

    python -m benchmarks.bench_reading_order [--resumes 30]

Score per file: token order agreement = matched tokens of the longest common subsequence
(difflib blocks) / tokens in the text as a reader reads it (header, body, left column, right
column). 1.0 = every visible word back, in order. Reads `../shared/data/resumes/`.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import re
import statistics
import tempfile
from collections.abc import Callable
from pathlib import Path

import docx
import pypdf
from docx.oxml import parse_xml
from docx.table import Table
from docx.text.paragraph import Paragraph
from fpdf import FPDF

from app.candidates.parsing.cleaning import clean_text
from app.candidates.parsing.readers import read_path
from app.candidates.profile import RawRecord

CSV = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "resumes"
_TOKEN = re.compile(r"[a-z0-9]+")
_NS = (
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def agreement(expected: str, got: str) -> float:
    want, have = tokens(expected), tokens(got)
    matcher = difflib.SequenceMatcher(None, want, have, autojunk=False)
    return sum(b.size for b in matcher.get_matching_blocks()) / max(1, len(want))


def _latin1(text: str) -> str:
    return text.encode("latin-1", "ignore").decode("latin-1")


def resumes(n: int) -> list[list[str]]:
    seen: set[str] = set()
    out: list[list[str]] = []
    with (CSV / "UpdatedResumeDataSet.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            text = _latin1(clean_text(row["Resume"]))
            if text in seen or len(text) < 600:
                continue
            seen.add(text)
            # Sentences become lines: the CSV flattened most resumes onto a few long lines.
            lines = [s.strip() for s in re.split(r"(?<=[.:;])\s+|\n+", text) if s.strip()]
            out.append([line[:160] for line in lines][:60])
            if len(out) == n:
                break
    return out


# -- renderings: (file, the text in reading order) --------------------------------------------


def docx_layout(path: Path, lines: list[str]) -> str:
    """Name in the page header, next line in a text box, a two-column layout table."""
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = lines[0]
    anchor = document.add_paragraph(lines[1])
    box = (
        f'<mc:AlternateContent {_NS}><mc:Choice Requires="wps"><w:drawing><wp:anchor>'
        '<wp:docPr id="1" name="b"/><a:graphic><a:graphicData><wps:wsp><wps:txbx>'
        f"<w:txbxContent><w:p><w:r><w:t>{_xml(lines[2])}</w:t></w:r></w:p></w:txbxContent>"
        "</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r>"
        f"<w:t>{_xml(lines[2])}</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape>"
        "</w:pict></mc:Fallback></mc:AlternateContent>"
    )
    anchor.runs[0]._r.append(parse_xml(box))
    rest = lines[3:]
    cut = len(rest) // 3
    left, right = rest[:cut], rest[cut:]
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "\n".join(left)
    table.cell(0, 1).text = "\n".join(right)
    document.save(str(path))
    return "\n".join([lines[0], lines[1], lines[2], *left, *right])


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def pdf_one_column(path: Path, lines: list[str]) -> str:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for line in lines:
        pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return "\n".join(lines)


def pdf_two_columns(path: Path, lines: list[str]) -> str:
    """Name across the top, a narrow left column (the first third), a wide right column,
    drawn row by row across both columns, as a layout table exported from a word processor
    is: content-stream order is then not reading order."""
    pdf = FPDF()
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 9, lines[0][:60], new_x="LMARGIN", new_y="NEXT")
    top = pdf.get_y() + 3
    rest = lines[1:]
    cut = len(rest) // 3
    pdf.set_font("Helvetica", size=8)
    columns: list[list[str]] = []
    for part, width in ((rest[:cut], 55), (rest[cut:], 128)):
        wrapped: list[str] = []
        for line in part:
            wrapped.extend(pdf.multi_cell(width, 4, line, dry_run=True, output="LINES"))
        columns.append(wrapped[: int((285 - top) / 4)])  # one page
    for row in range(max(len(c) for c in columns)):
        for column, x in zip(columns, (10, 72), strict=True):
            if row < len(column):
                pdf.text(x, top + 4 * row, column[row])
    pdf.output(str(path))
    return "\n".join([lines[0][:60], *columns[0], *columns[1]])


# -- readers ----------------------------------------------------------------------------------


def read_now(path: Path) -> str:
    [record] = list(read_path(path))
    return record.text or "" if isinstance(record, RawRecord) else ""


def read_before(path: Path) -> str:
    """The readers as they were: pypdf `extract_text`; python-docx body + first header."""
    if path.suffix == ".pdf":
        return "\n\n".join(p.extract_text() or "" for p in pypdf.PdfReader(str(path)).pages)
    document = docx.Document(str(path))
    lines = [p.text for p in document.sections[0].header.paragraphs]
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--resumes", type=int, default=30)
    args = parser.parse_args()
    renderings: dict[str, tuple[str, Callable[[Path, list[str]], str]]] = {
        "docx header+textbox+table": (".docx", docx_layout),
        "pdf one column": (".pdf", pdf_one_column),
        "pdf two columns": (".pdf", pdf_two_columns),
    }
    texts = resumes(args.resumes)
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{len(texts)} distinct public resumes; token order agreement, mean (min)")
        for name, (suffix, render) in renderings.items():
            before, now = [], []
            for i, lines in enumerate(texts):
                path = Path(tmp) / f"{i}{suffix}"
                expected = render(path, lines)
                before.append(agreement(expected, read_before(path)))
                now.append(agreement(expected, read_now(path)))
            worst = min(range(len(now)), key=now.__getitem__)
            print(
                f"  {name:28s} before {statistics.mean(before):.3f} ({min(before):.3f})"
                f"   now {statistics.mean(now):.3f} ({min(now):.3f}, resume {worst})"
            )


if __name__ == "__main__":
    main()
