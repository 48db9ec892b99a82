"""Render a gold resume's text into the document layouts real CVs come in.

Every layout keeps the words of the text and changes only where they sit, so the gold stays
true for each: the reader and extractor have to find the same fields in a different shape.

- `txt`: the text as a .txt file (the reader's easiest case);
- `docx-plain`: one paragraph per line, headings bold;
- `docx-table`: each line holding a role's dates becomes a table row, the dates in one cell
  and the rest of the line in the other;
- `docx-columns`: a two-column layout table, contact, skills, education and languages in the
  sidebar, the rest in the main column;
- `docx-header`: the name and contact block in the page header, the rest in the body;
- `docx-dates`: `docx-plain` with each month-dated role rewritten in another date style
  (`03/2018`, `2018-03`, `March 2018`, `03.2018`, `Mar 2018`) and "present" in another word;
- `pdf-plain`: the lines in one column;
- `pdf-columns`: the two columns of `docx-columns` side by side on the page.

Deterministic: the only choice (the date style) is drawn from a seed and the resume key.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from evals.parsing.gold import GoldResume

SEED = 9  # issue 9
LAYOUTS = (
    "txt",
    "docx-plain",
    "docx-table",
    "docx-columns",
    "docx-header",
    "docx-dates",
    "pdf-plain",
    "pdf-columns",
)
_SIDEBAR_HEADINGS = re.compile(
    r"^\s*(skills?|technical skills|it skills|key skills|skill sets?|tools|programming languages"
    r"|languages|education|education details|certifications?|contact|computer skills)\b[\s:]*$",
    re.IGNORECASE,
)
_HEADING = re.compile(r"^[A-Z][A-Za-z &/()-]{2,40}:?$")
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_PRESENT_WORDS = ("Present", "till date", "Now", "current", "to date")


def is_heading(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and (
        bool(_SIDEBAR_HEADINGS.match(stripped))
        or (stripped.isupper() and len(stripped) <= 40 and any(c.isalpha() for c in stripped))
        or (bool(_HEADING.match(stripped)) and len(stripped.split()) <= 3)
    )


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def split_columns(text: str) -> tuple[list[str], list[str]]:
    """(sidebar, main): the lead's contact lines (those after the first two) and the sections
    whose heading is a sidebar heading go to the sidebar; everything else to the main column."""
    lines = _lines(text)
    sidebar: list[str] = []
    main: list[str] = []
    lead_end = next((i for i, line in enumerate(lines) if is_heading(line)), len(lines))
    in_sidebar = False
    for i, line in enumerate(lines):
        if i < lead_end:
            # Name and title stay on top of the main column; contact goes to the side.
            (main if i < 2 else sidebar).append(line)
            continue
        if is_heading(line):
            in_sidebar = bool(_SIDEBAR_HEADINGS.match(line.strip()))
        (sidebar if in_sidebar else main).append(line)
    return sidebar, main


def _date_lines(resume: GoldResume) -> set[str]:
    raws = [r for role in resume.roles for r in (role.start_raw, role.end_raw) if r]
    return {line for line in _lines(resume.text) if any(raw in line for raw in raws)}


def _split_dates(line: str, resume: GoldResume) -> tuple[str, str]:
    """(the date range as written, the rest of the line) for a line holding a role's dates.

    The role whose whole range is on the line wins: "2015 - 2019" also holds the next job's
    start "2019", which alone would cut the range in two ("2019 | 2015")."""
    spans = []
    for role in resume.roles:
        if role.start_raw and role.start_raw in line:
            start = line.index(role.start_raw)
            end = start + len(role.start_raw)
            if role.end_raw and role.end_raw in line[end:]:
                end = line.index(role.end_raw, end) + len(role.end_raw)
            spans.append((end - start, -start, start, end))
    if not spans:
        return "", line
    _, _, start, end = max(spans)
    dates = line[start:end]
    return dates, (line[:start] + " " + line[end:]).strip(" ,|()-–—:\t")


def restyle_dates(resume: GoldResume, rng: random.Random) -> str:
    """The text with each month-dated role's start and end rewritten in one other style."""
    style = rng.choice(("{m:02d}/{y}", "{y}-{m:02d}", "{month} {y}", "{m:02d}.{y}", "{mon} {y}"))
    present = rng.choice(_PRESENT_WORDS)
    text = resume.text

    def styled(iso: str) -> str:
        y, m = int(iso[:4]), int(iso[5:])
        return style.format(y=y, m=m, month=_MONTHS[m - 1], mon=_MONTHS[m - 1][:3])

    for role in resume.roles:
        for raw, iso in ((role.start_raw, role.start), (role.end_raw, role.end)):
            if not raw or not iso or raw not in text:
                continue
            if iso == "present":
                text = text.replace(raw, present, 1)
            elif re.fullmatch(r"\d{4}-\d{2}", iso):
                text = text.replace(raw, styled(iso), 1)
    return text


# -- DOCX -----------------------------------------------------------------------------------


def _docx_paragraphs(container: object, lines: list[str]) -> None:
    for line in lines:
        paragraph = container.add_paragraph()  # type: ignore[attr-defined]
        run = paragraph.add_run(line)
        run.bold = is_heading(line)


def _docx(path: Path, build: Callable[[object], None]) -> None:
    import docx

    document = docx.Document()
    build(document)
    document.save(str(path))


def docx_plain(resume: GoldResume, path: Path, text: str | None = None) -> None:
    _docx(path, lambda d: _docx_paragraphs(d, _lines(text or resume.text)))


def docx_table(resume: GoldResume, path: Path) -> None:
    dated = _date_lines(resume)

    def build(document: object) -> None:
        for line in _lines(resume.text):
            if line in dated:
                dates, rest = _split_dates(line, resume)
                row = document.add_table(rows=1, cols=2).rows[0]  # type: ignore[attr-defined]
                row.cells[0].text, row.cells[1].text = dates, rest
            else:
                _docx_paragraphs(document, [line])

    _docx(path, build)


def docx_columns(resume: GoldResume, path: Path) -> None:
    sidebar, main = split_columns(resume.text)

    def build(document: object) -> None:
        table = document.add_table(rows=1, cols=2)  # type: ignore[attr-defined]
        left, right = table.rows[0].cells
        for cell, lines in ((left, sidebar), (right, main)):
            cell.paragraphs[0].text = lines[0] if lines else ""
            _docx_paragraphs(cell, lines[1:])

    _docx(path, build)


def _lead_block(lines: list[str]) -> int:
    """How many leading lines are the name/contact block: up to the first blank line or
    heading, at most five."""
    for i, line in enumerate(lines[:5]):
        if not line.strip() or (i > 0 and is_heading(line)):
            return i
    return min(5, len(lines))


def docx_header(resume: GoldResume, path: Path) -> None:
    lines = _lines(resume.text)
    n = _lead_block(lines)

    def build(document: object) -> None:
        header = document.sections[0].header  # type: ignore[attr-defined]
        header.paragraphs[0].text = lines[0] if n else ""
        _docx_paragraphs(header, lines[1:n])
        _docx_paragraphs(document, lines[n:])

    _docx(path, build)


# -- PDF ------------------------------------------------------------------------------------

_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
)


def _unicode_font() -> str | None:
    """A TrueType font covering the resumes' characters (dashes, accents); matplotlib ships
    DejaVu, so a dev install always has one."""
    candidates = list(_FONT_CANDIDATES)
    try:
        import matplotlib

        candidates.insert(0, str(Path(matplotlib.get_data_path()) / "fonts/ttf/DejaVuSans.ttf"))
    except ImportError:
        pass
    return next((c for c in candidates if Path(c).exists()), None)


_LINE_H = 4.5
_TOP, _BOTTOM = 15.0, 282.0


def _pdf() -> object:
    from fpdf import FPDF

    font = _unicode_font()
    if font is None:
        raise RuntimeError("no Unicode TrueType font (DejaVuSans) found to render PDFs")
    pdf = FPDF(format="A4")
    # Page breaks are placed by `_flow`, so that two columns can share pages.
    pdf.set_auto_page_break(auto=False)
    pdf.add_font("DejaVu", fname=font)
    pdf.set_font("DejaVu", size=9)
    pdf.add_page()
    return pdf


def _printable(line: str) -> str:
    # Control and private-use characters have no glyph; a PDF printer drops them too.
    return "".join(c for c in line if c.isprintable())


def _flow(pdf: object, x: float, width: float, lines: list[str]) -> None:
    """Print `lines` wrapped to `width` in a column at `x` from the top of page 1, turning
    to the next page (adding one when needed) at the bottom margin."""
    p: Any = pdf
    p.page = 1
    y = _TOP
    for line in lines:
        wrapped = p.multi_cell(
            width, _LINE_H, _printable(line) or " ", dry_run=True, output="LINES"
        )
        for piece in wrapped or [" "]:
            if y + _LINE_H > _BOTTOM:
                if p.page == p.pages_count:
                    p.add_page()
                else:
                    p.page += 1
                y = _TOP
            p.set_xy(x, y)
            p.cell(width, _LINE_H, piece)
            y += _LINE_H


def pdf_plain(resume: GoldResume, path: Path) -> None:
    pdf: Any = _pdf()
    _flow(pdf, 10.0, 190.0, _lines(resume.text))
    pdf.page = pdf.pages_count
    pdf.output(str(path))


def pdf_columns(resume: GoldResume, path: Path) -> None:
    """Sidebar and main column side by side, page by page, as two-column templates print."""
    pdf: Any = _pdf()
    sidebar, main = split_columns(resume.text)
    _flow(pdf, 10.0, 58.0, sidebar)
    _flow(pdf, 75.0, 125.0, main)
    pdf.page = pdf.pages_count
    pdf.output(str(path))


def render(resume: GoldResume, layout: str, folder: Path) -> Path:
    """Write `resume` in `layout` under `folder`; returns the file (named for the resume)."""
    ext = "txt" if layout == "txt" else layout.split("-", 1)[0]
    path = folder / f"{resume.key}.{ext}"
    if layout == "txt":
        path.write_text(resume.text, encoding="utf-8")
    elif layout == "docx-plain":
        docx_plain(resume, path)
    elif layout == "docx-table":
        docx_table(resume, path)
    elif layout == "docx-columns":
        docx_columns(resume, path)
    elif layout == "docx-header":
        docx_header(resume, path)
    elif layout == "docx-dates":
        rng = random.Random(f"{SEED}:{resume.key}")
        docx_plain(resume, path, restyle_dates(resume, rng))
    elif layout == "pdf-plain":
        pdf_plain(resume, path)
    elif layout == "pdf-columns":
        pdf_columns(resume, path)
    else:
        raise ValueError(f"unknown layout {layout!r}; choose from {', '.join(LAYOUTS)}")
    return path
