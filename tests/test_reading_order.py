"""Documents read in the order a person reads them: DOCX tables row by row (nested tables
in their cell, merged cells once), text boxes once after their anchor, headers and footers
once, section columns in flow order, tabs and line breaks kept; PDF columns one after the
other, rows with right-aligned dates kept together."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from fpdf import FPDF

from tests.documents import NS, TEXT_BOX, read_one

# -- DOCX ---------------------------------------------------------------------------------------


def test_docx_tables_read_row_by_row_with_nested_and_merged_cells_once(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Before the table")
    table = document.add_table(rows=3, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 2))  # one cell across the whole row
    merged.text = "Experience"
    table.cell(1, 0).text = "2019 - 2021"
    table.cell(1, 1).text = "Analyst"
    table.cell(1, 2).text = "Acme"
    tall = table.cell(1, 0).merge(table.cell(2, 0))  # vertically merged: read once
    assert tall is not None
    table.cell(2, 1).text = "Engineer"
    inner = table.cell(2, 2).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "Nested A"
    inner.cell(0, 1).text = "Nested B"
    document.add_paragraph("After the table")
    document.save(str(tmp_path / "table.docx"))
    text = read_one(tmp_path / "table.docx").text or ""
    assert text.count("Experience") == 1
    assert text.count("2019 - 2021") == 1
    order = ["Before the table", "Experience", "2019 - 2021", "Analyst", "Acme", "Engineer"]
    order += ["Nested A | Nested B", "After the table"]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions), text


def test_docx_text_boxes_are_read_once_after_their_anchor(tmp_path: Path) -> None:
    document = docx.Document()
    anchor = document.add_paragraph().add_run("Sam Rivera")
    anchor._r.append(parse_xml(TEXT_BOX.format(ns=NS)))
    document.add_paragraph("Summary")
    document.save(str(tmp_path / "box.docx"))
    text = read_one(tmp_path / "box.docx").text or ""
    assert text.count("Contact: Leeds, UK") == 1
    assert text.index("Sam Rivera") < text.index("Contact: Leeds, UK") < text.index("Summary")


def test_docx_headers_and_footers_once_tabs_and_breaks_kept(tmp_path: Path) -> None:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Sam Rivera | sam@example.com"
    document.sections[0].footer.paragraphs[0].text = "References on request"
    line = document.add_paragraph()
    line.add_run("Jun 2024 - Present")
    line.add_run().add_tab()
    line.add_run("Junior Data Analyst")
    broken = document.add_paragraph()
    broken.add_run("Excel")
    broken.add_run().add_break(WD_BREAK.LINE)
    broken.add_run("PowerPoint")
    # A second section with its own, identical, header copy (not linked): read once.
    section = document.add_section()
    section.header.is_linked_to_previous = False
    section.header.paragraphs[0].text = "Sam Rivera | sam@example.com"
    document.add_paragraph("Second section body")
    document.save(str(tmp_path / "header.docx"))
    text = read_one(tmp_path / "header.docx").text or ""
    assert text.startswith("Sam Rivera | sam@example.com")
    assert text.count("Sam Rivera") == 1
    assert "Jun 2024 - Present\tJunior Data Analyst" in text
    assert "Excel\nPowerPoint" in text
    assert text.rstrip().endswith("References on request")
    assert text.index("Second section body") < text.index("References on request")


def test_docx_multi_column_section_reads_first_column_then_second(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Sam Rivera")
    columns = parse_xml(f'<w:cols {nsdecls("w")} w:num="2" w:space="720"/>')
    document.sections[0]._sectPr.append(columns)
    document.add_paragraph("SKILLS")
    document.add_paragraph("Excel, PowerPoint")
    document.add_paragraph().add_run().add_break(WD_BREAK.COLUMN)
    document.add_paragraph("EXPERIENCE")
    document.add_paragraph("Junior Data Analyst, Northern Foods")
    document.save(str(tmp_path / "columns.docx"))
    lines = [line for line in (read_one(tmp_path / "columns.docx").text or "").split("\n") if line]
    assert lines == [
        "Sam Rivera",
        "SKILLS",
        "Excel, PowerPoint",
        "EXPERIENCE",
        "Junior Data Analyst, Northern Foods",
    ]


# -- PDF ----------------------------------------------------------------------------------------

LEFT = ["CONTACT", "Leeds, UK", "SKILLS", "Excel", "PowerPoint", "Tableau", "LANGUAGES"]
RIGHT = [
    "EXPERIENCE",
    "Junior Data Analyst, Northern Foods",
    "Maintain weekly sales reports in Excel for the regional team.",
    "Built a dashboard that replaced four manual spreadsheets.",
    "EDUCATION",
    "BSc Geography, University of Leeds, 2024",
    "Dissertation on regional retail footfall.",
]


def _two_column_pdf(path: Path, sidebar: bool = False) -> Path:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, "Sam Rivera - Junior Data Analyst", new_x="LMARGIN", new_y="NEXT")
    top = pdf.get_y() + 4
    if sidebar:
        pdf.set_fill_color(20, 30, 60)
        pdf.rect(10, top - 2, 55, 120, style="F")
        pdf.set_text_color(255, 255, 255)
    pdf.set_font("Helvetica", size=10)
    for i, text in enumerate(LEFT):
        pdf.set_xy(12, top + i * 8)
        pdf.cell(50, 6, text)
    pdf.set_text_color(0, 0, 0)
    for i, text in enumerate(RIGHT):
        pdf.set_xy(75, top + i * 8)
        pdf.cell(125, 6, text)
    pdf.output(str(path))
    return path


@pytest.mark.parametrize("sidebar", [False, True])
def test_two_column_pdf_reads_header_then_left_then_right(tmp_path: Path, sidebar: bool) -> None:
    record = read_one(_two_column_pdf(tmp_path / "two.pdf", sidebar))
    lines = [line.strip() for line in (record.text or "").split("\n") if line.strip()]
    assert lines == ["Sam Rivera - Junior Data Analyst", *LEFT, *RIGHT], lines
    # White text on the dark sidebar is seen by a reader, so it is not hidden.
    assert record.hidden_text == {}


def test_single_column_pdf_with_right_aligned_dates_keeps_rows_together(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    rows = [
        ("Data Analyst, Northern Foods", "Jun 2024 - Present"),
        ("Intern, Leeds Council", "Jun 2023 - Sep 2023"),
        ("Volunteer, Food Bank", "2021 - 2023"),
        ("Sales Assistant, Boots", "2019 - 2021"),
    ]
    for title, dates in rows:
        pdf.cell(120, 7, title)
        pdf.cell(0, 7, dates, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(tmp_path / "dates.pdf"))
    lines = (read_one(tmp_path / "dates.pdf").text or "").split("\n")
    assert lines == [f"{title}\t{dates}" for title, dates in rows]
