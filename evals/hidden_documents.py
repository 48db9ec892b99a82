"""Real DOCX and PDF files carrying text a reader cannot see, for the safety suite and tests.

Each hiding technique is one a keyword-stuffed CV really uses; the visible text is written as
ordinary paragraphs, the payload as one more paragraph hidden the named way. The files go
through the product's own reader, so what is measured is what an import would store.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.shared import Pt, RGBColor
from fpdf import FPDF
from fpdf.enums import TextMode

DocxHiding = Literal["color", "vanish", "style_vanish", "tiny", "web_hidden", "near_white"]
PdfHiding = Literal["color", "render_mode", "tiny", "offpage"]
DOCX_HIDINGS: tuple[DocxHiding, ...] = (
    "color",
    "vanish",
    "style_vanish",
    "tiny",
    "web_hidden",
    "near_white",
)
PDF_HIDINGS: tuple[PdfHiding, ...] = ("color", "render_mode", "tiny", "offpage")


def _paragraphs(visible: str, payload: str, position: Literal["top", "end"]) -> list[str | None]:
    """The visible lines with None where the hidden payload goes (after the two header lines
    for "top", at the end for "end"), as `evals.data.inject` places text payloads."""
    lines: list[str | None] = list(visible.rstrip("\n").split("\n"))
    if position == "end":
        return [*lines, None]
    return [*lines[:2], None, *lines[2:]]


def write_docx(
    path: Path,
    visible: str,
    payload: str | None = None,
    hiding: DocxHiding = "color",
    position: Literal["top", "end"] = "end",
) -> Path:
    document = docx.Document()
    if hiding == "style_vanish":
        # Hidden through a character style based on another: inheritance, not direct format.
        base = document.styles.add_style("Quiet", WD_STYLE_TYPE.CHARACTER)
        base.font.hidden = True
        stuffed = document.styles.add_style("Stuffed", WD_STYLE_TYPE.CHARACTER)
        stuffed.base_style = base
    for line in _paragraphs(visible, payload or "", position):
        if line is not None:
            document.add_paragraph(line)
            continue
        if payload is None:
            continue
        paragraph = document.add_paragraph()
        run = paragraph.add_run(payload)
        if hiding == "color":
            run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        elif hiding == "near_white":
            run.font.color.rgb = RGBColor(0xF4, 0xF6, 0xF5)
        elif hiding == "vanish":
            run.font.hidden = True
        elif hiding == "style_vanish":
            run.style = document.styles["Stuffed"]
        elif hiding == "tiny":
            run.font.size = Pt(1)
        elif hiding == "web_hidden":
            rpr = run._r.get_or_add_rPr()
            rpr.append(OxmlElement("w:webHidden"))
    document.save(str(path))
    return path


def _latin1(text: str) -> str:
    # fpdf2's core fonts are Latin-1; a dash or quote outside it becomes its nearest ASCII.
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\u2019", "'")
    return text.encode("latin-1", "replace").decode("latin-1")


def write_pdf(
    path: Path,
    visible: str,
    payload: str | None = None,
    hiding: PdfHiding = "color",
    position: Literal["top", "end"] = "end",
) -> Path:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in _paragraphs(visible, payload or "", position):
        if line is not None:
            pdf.multi_cell(0, 6, _latin1(line) or " ", new_x="LMARGIN", new_y="NEXT")
            continue
        if payload is None:
            continue
        text = _latin1(payload)
        if hiding == "color":
            pdf.set_text_color(255, 255, 255)
            pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
            pdf.set_text_color(0, 0, 0)
        elif hiding == "render_mode":
            pdf.text_mode = TextMode.INVISIBLE
            pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
            pdf.text_mode = TextMode.FILL
        elif hiding == "tiny":
            pdf.set_font("Helvetica", size=1.5)
            pdf.multi_cell(0, 1, text, new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("Helvetica", size=11)
        elif hiding == "offpage":
            pdf.text(x=pdf.w + 40, y=pdf.get_y() + 4, text=text)
    pdf.output(str(path))
    return path
