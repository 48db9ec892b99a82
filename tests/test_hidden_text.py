"""Text a reader cannot see never counts: the DOCX and PDF readers drop it before anything
else sees it, report it per file in the import summary, and keep the visible text beside it
in reading order. Files are written with python-docx/lxml and fpdf2 and imported through the
real embedded stack."""

from __future__ import annotations

from pathlib import Path

import docx
import httpx
import pypdf
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, RGBColor
from fpdf import FPDF
from pypdf.generic import ContentStream, DecodedStreamObject
from sqlalchemy import select

from agents.evaluation import evaluate_offline
from agents.evaluation.skill import evaluator_input
from agents.schemas import Qualification
from app.candidates.parsing.readers import read_path
from app.candidates.profile import ReadError
from app.candidates.service import Importer, read_paths
from app.db import transaction
from app.models import Candidate
from app.runtime import Runtime
from evals import data
from evals.hidden_documents import DOCX_HIDINGS, PDF_HIDINGS, write_docx, write_pdf
from tests.conftest import Tenant
from tests.documents import NS, TEXT_BOX, read_one

VISIBLE = (
    "Sam Rivera\nJunior Data Analyst\n\nEXPERIENCE\nJunior Data Analyst, Northern Foods "
    "(Jun 2024 - Present)\nMaintain weekly sales reports in Excel.\n\nSKILLS\nExcel, PowerPoint"
)
PAYLOAD = "Kubernetes Terraform PhD Computer Science ACLS"
PAYLOAD_CHARS = sum(1 for ch in PAYLOAD if not ch.isspace())
DOCX_KIND = {
    "color": "color",
    "near_white": "color",
    "vanish": "vanish",
    "style_vanish": "vanish",
    "tiny": "tiny",
    "web_hidden": "web_hidden",
}
PDF_KIND = {
    "color": "color",
    "render_mode": "invisible_mode",
    "tiny": "tiny",
    "offpage": "offpage",
}


# -- every hiding technique, both formats ------------------------------------------------------


@pytest.mark.parametrize("hiding", DOCX_HIDINGS)
def test_docx_hidden_payload_is_dropped_and_counted(tmp_path: Path, hiding: str) -> None:
    record = read_one(write_docx(tmp_path / "cv.docx", VISIBLE, PAYLOAD, hiding))  # type: ignore[arg-type]
    assert "Kubernetes" not in (record.text or "")
    assert "Maintain weekly sales reports in Excel." in (record.text or "")
    assert record.hidden_text == {DOCX_KIND[hiding]: PAYLOAD_CHARS}


@pytest.mark.parametrize("hiding", PDF_HIDINGS)
def test_pdf_hidden_payload_is_dropped_and_counted(tmp_path: Path, hiding: str) -> None:
    record = read_one(write_pdf(tmp_path / "cv.pdf", VISIBLE, PAYLOAD, hiding))  # type: ignore[arg-type]
    assert "Kubernetes" not in (record.text or "")
    assert "Maintain weekly sales reports in Excel." in (record.text or "")
    assert record.hidden_text == {PDF_KIND[hiding]: PAYLOAD_CHARS}


def test_documents_without_hidden_text_report_none(tmp_path: Path) -> None:
    assert read_one(write_docx(tmp_path / "a.docx", VISIBLE)).hidden_text == {}
    assert read_one(write_pdf(tmp_path / "a.pdf", VISIBLE)).hidden_text == {}


def test_a_file_whose_text_is_all_hidden_is_an_actionable_error(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph().add_run("Java Spring Kafka").font.color.rgb = RGBColor(255, 255, 255)
    document.save(str(tmp_path / "blank.docx"))
    [error] = list(read_path(tmp_path / "blank.docx"))
    assert isinstance(error, ReadError)
    assert error.error.startswith("no visible text: all 15 characters in this file are hidden")


# -- DOCX: inheritance and backgrounds ---------------------------------------------------------


def test_docx_hidden_formatting_is_inherited_from_styles_and_defaults(tmp_path: Path) -> None:
    document = docx.Document()
    quiet = document.styles.add_style("QuietPara", WD_STYLE_TYPE.PARAGRAPH)
    quiet.font.hidden = True
    child = document.styles.add_style("QuieterPara", WD_STYLE_TYPE.PARAGRAPH)
    child.base_style = quiet
    document.add_paragraph("Visible summary line")
    document.add_paragraph("Hidden by paragraph style chain", style="QuieterPara")
    # Direct formatting switches an inherited toggle back off: this run is visible.
    shown = document.add_paragraph(style="QuieterPara").add_run("Shown despite the style")
    shown.font.hidden = False
    # docDefaults: every run 1.5 pt unless it says otherwise.
    rpr_default = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "3")
    rpr_default.find(qn("w:rPr")).append(size)
    for style_id in ("Normal",):
        normal = document.styles[style_id].element.find(qn("w:rPr"))
        if normal is not None:
            for sz in normal.findall(qn("w:sz")):
                normal.remove(sz)
    document.add_paragraph("Tiny through the defaults")
    readable = document.add_paragraph().add_run("Readable eleven point")
    readable.font.size = Pt(11)
    for paragraph in document.paragraphs[:3]:
        for run in paragraph.runs:
            run.font.size = Pt(11)
    document.save(str(tmp_path / "styles.docx"))
    record = read_one(tmp_path / "styles.docx")
    text = record.text or ""
    assert "Visible summary line" in text
    assert "Shown despite the style" in text
    assert "Readable eleven point" in text
    assert "Hidden by paragraph style chain" not in text
    assert "Tiny through the defaults" not in text
    assert set(record.hidden_text) == {"vanish", "tiny"}


def test_docx_vanish_toggles_between_paragraph_and_character_styles(tmp_path: Path) -> None:
    """Word shows text hidden by both its paragraph style and its character style: `vanish`
    is a toggle, so the second "on" switches it back off. Reading what Word shows means
    neither dropping that text nor keeping text hidden by one of them."""
    document = docx.Document()
    para = document.styles.add_style("HiddenPara", WD_STYLE_TYPE.PARAGRAPH)
    para.font.hidden = True
    char = document.styles.add_style("HiddenChar", WD_STYLE_TYPE.CHARACTER)
    char.font.hidden = True
    document.add_paragraph("Visible intro")
    both = document.add_paragraph(style="HiddenPara")
    both.add_run("Shown: hidden twice", style="HiddenChar")
    document.add_paragraph(style="HiddenPara").add_run("Hidden once by the paragraph")
    document.add_paragraph().add_run("Hidden once by the character", style="HiddenChar")
    document.save(str(tmp_path / "toggle.docx"))
    text = read_one(tmp_path / "toggle.docx").text or ""
    assert "Visible intro" in text and "Shown: hidden twice" in text
    assert "Hidden once" not in text


def _shade(element: object, fill: str) -> None:
    shd = parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>')
    element.append(shd)  # type: ignore[attr-defined]


def test_docx_colour_is_judged_against_what_lies_behind_it(tmp_path: Path) -> None:
    document = docx.Document()
    # White on a dark paragraph shading is a sidebar heading a reader sees.
    heading = document.add_paragraph()
    heading.add_run("White on navy").font.color.rgb = RGBColor(255, 255, 255)
    _shade(heading._p.get_or_add_pPr(), "1F3864")
    # Navy on the same navy is invisible.
    stuffed = document.add_paragraph()
    stuffed.add_run("Navy on navy").font.color.rgb = RGBColor(0x1F, 0x38, 0x64)
    _shade(stuffed._p.get_or_add_pPr(), "1F3864")
    # A table cell shaded black with black text; white text beside it in a black cell.
    table = document.add_table(rows=1, cols=2)
    for cell, (text, rgb) in zip(
        table.rows[0].cells,
        [("Black in black cell", (0, 0, 0)), ("White in black cell", (255, 255, 255))],
        strict=True,
    ):
        cell.paragraphs[0].add_run(text).font.color.rgb = RGBColor(*rgb)
        _shade(cell._tc.get_or_add_tcPr(), "000000")
    # Yellow highlight under yellow text.
    marked = document.add_paragraph().add_run("Yellow on yellow")
    marked.font.color.rgb = RGBColor(0xFF, 0xFF, 0x00)
    marked.font.highlight_color = 7  # WD_COLOR_INDEX.YELLOW
    document.add_paragraph("Plain visible line")
    document.save(str(tmp_path / "shading.docx"))
    record = read_one(tmp_path / "shading.docx")
    text = record.text or ""
    assert "White on navy" in text and "White in black cell" in text
    assert "Plain visible line" in text
    for hidden in ("Navy on navy", "Black in black cell", "Yellow on yellow"):
        assert hidden not in text
    assert record.hidden_text == {"color": len("Navyonnavy") + len("Blackinblackcell") + 14}


def test_docx_page_background_counts(tmp_path: Path) -> None:
    document = docx.Document()
    background = parse_xml(f'<w:background {nsdecls("w")} w:color="000000"/>')
    document.element.insert(0, background)
    document.add_paragraph().add_run("White on a black page").font.color.rgb = RGBColor(
        255, 255, 255
    )
    document.add_paragraph().add_run("Black on a black page").font.color.rgb = RGBColor(0, 0, 0)
    document.save(str(tmp_path / "page.docx"))
    record = read_one(tmp_path / "page.docx")
    assert "White on a black page" in (record.text or "")
    assert "Black on a black page" not in (record.text or "")


def _box(ns: str, text: str, fill: str = "", hidden: bool = False) -> str:
    doc_pr = '<wp:docPr id="2" name="b" hidden="1"/>' if hidden else '<wp:docPr id="2" name="b"/>'
    return (
        f"<w:drawing {ns}><wp:anchor>{doc_pr}<a:graphic><a:graphicData><wps:wsp>"
        f"<wps:spPr>{fill}</wps:spPr><wps:txbx><w:txbxContent><w:p><w:r>"
        '<w:rPr><w:color w:val="FFFFFF"/></w:rPr>'
        f"<w:t>{text}</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp>"
        "</a:graphicData></a:graphic></wp:anchor></w:drawing>"
    )


def test_docx_white_text_in_boxes_is_judged_by_the_box_fill(tmp_path: Path) -> None:
    document = docx.Document()
    run = document.add_paragraph().add_run("Sam Rivera")
    dark = '<a:solidFill><a:srgbClr val="1F3864"/></a:solidFill>'
    theme = '<a:solidFill><a:schemeClr val="accent1"/></a:solidFill>'
    run._r.append(parse_xml(_box(NS, "White on a navy box", dark)))
    run._r.append(parse_xml(_box(NS, "White on a theme box", theme)))
    run._r.append(parse_xml(_box(NS, "White on a see-through box", "<a:noFill/>")))
    run._r.append(parse_xml(_box(NS, "In a hidden shape", dark, hidden=True)))
    # Inline alternate content: the same run for new and old Word, read once.
    run._r.getparent().append(
        parse_xml(
            f'<mc:AlternateContent {NS}><mc:Choice Requires="w14"><w:r><w:t>Twice written'
            "</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>Twice written</w:t></w:r>"
            "</mc:Fallback></mc:AlternateContent>"
        )
    )
    document.save(str(tmp_path / "boxes.docx"))
    record = read_one(tmp_path / "boxes.docx")
    text = record.text or ""
    assert "White on a navy box" in text
    assert "White on a theme box" in text  # fill unknown: kept rather than dropped
    assert "White on a see-through box" not in text
    assert "In a hidden shape" not in text
    assert text.count("Twice written") == 1
    assert record.hidden_text == {
        "color": len("Whiteonasee-throughbox"),
        "hidden_shape": len("Inahiddenshape"),
    }


def test_docx_text_box_anchored_in_a_hidden_run_is_hidden(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Visible summary")
    run = document.add_paragraph().add_run("anchor")
    run.font.hidden = True
    run._r.append(parse_xml(TEXT_BOX.format(ns=NS)))
    document.save(str(tmp_path / "hidden-box.docx"))
    record = read_one(tmp_path / "hidden-box.docx")
    assert record.text == "Visible summary"
    assert record.hidden_text == {"vanish": len("anchor") + len("Contact:Leeds,UK")}


def test_docx_white_text_in_a_styled_table_is_kept(tmp_path: Path) -> None:
    """Table styles shade header rows (white text on an accent colour); we do not resolve
    them, so colour is not judged there unless the cell sets its own shading."""
    document = docx.Document()
    styled = document.add_table(rows=1, cols=2, style="Light Grid Accent 1")
    styled.cell(0, 0).paragraphs[0].add_run("Header on accent").font.color.rgb = RGBColor(
        255, 255, 255
    )
    styled.cell(0, 1).text = "Plain cell"
    plain = document.add_table(rows=1, cols=1)
    plain.cell(0, 0).paragraphs[0].add_run("White in plain table").font.color.rgb = RGBColor(
        255, 255, 255
    )
    document.save(str(tmp_path / "styled.docx"))
    record = read_one(tmp_path / "styled.docx")
    assert "Header on accent" in (record.text or "")
    assert "White in plain table" not in (record.text or "")


# -- PDF: scaled, transparent and covered text ------------------------------------------------


def test_pdf_text_shrunk_by_the_transformation_matrix_is_tiny(tmp_path: Path) -> None:
    """12 pt text drawn under a 0.1 scale is 1.2 pt on the page: the effective size counts."""
    pdf = FPDF()
    pdf.set_compression(False)
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.text(20, 30, "Maintain weekly sales reports in Excel")
    pdf.text(20, 60, "Kubernetes Terraform")
    pdf.output(str(tmp_path / "plain.pdf"))
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(str(tmp_path / "plain.pdf")))
    page = writer.pages[0]
    data = page.get_contents().get_data()  # type: ignore[union-attr]
    at = data.index(b"(Kubernetes")
    begin, end = data.rindex(b"BT", 0, at), data.index(b"ET", at) + 2
    data = data[:begin] + b"q 0.1 0 0 0.1 0 0 cm " + data[begin:end] + b" Q" + data[end:]
    stream = DecodedStreamObject()
    stream.set_data(data)
    page.replace_contents(ContentStream(stream, writer))
    writer.write(str(tmp_path / "scaled.pdf"))
    record = read_one(tmp_path / "scaled.pdf")
    assert record.text == "Maintain weekly sales reports in Excel"
    assert record.hidden_text == {"tiny": len("KubernetesTerraform")}


def test_pdf_fully_transparent_text_is_dropped(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.text(20, 30, "Maintain weekly sales reports in Excel")
    with pdf.local_context(fill_opacity=0):
        pdf.text(20, 40, "Kubernetes Terraform")
    pdf.text(20, 50, "Opaque again after the state is restored")
    pdf.output(str(tmp_path / "alpha.pdf"))
    record = read_one(tmp_path / "alpha.pdf")
    assert "Kubernetes" not in (record.text or "")
    assert "Opaque again after the state is restored" in (record.text or "")
    assert record.hidden_text == {"transparent": len("KubernetesTerraform")}


def test_pdf_text_painted_over_by_an_opaque_box_is_dropped(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.text(20, 30, "Maintain weekly sales reports in Excel")
    pdf.text(20, 50, "Kubernetes Terraform")
    pdf.set_fill_color(255, 255, 255)
    pdf.rect(15, 44, 100, 10, style="F")  # a white box over the keywords
    pdf.set_fill_color(230, 235, 245)
    pdf.rect(15, 60, 100, 10, style="F")  # a light panel drawn first, text on top of it
    pdf.text(20, 66, "Text on a light panel")
    pdf.output(str(tmp_path / "covered.pdf"))
    record = read_one(tmp_path / "covered.pdf")
    assert "Kubernetes" not in (record.text or "")
    assert "Text on a light panel" in (record.text or "")
    assert record.hidden_text == {"covered": len("KubernetesTerraform")}


# -- through the import: summary, API, stored profile, evaluator ------------------------------

BARISTA = (
    "Alex Kim\nBarista\n\nEXPERIENCE\nBarista, Bean There Cafe (Mar 2021 - Present)\n"
    "- Prepared espresso drinks and trained new staff.\n- Handled cash and opening duties.\n\n"
    "SKILLS\nCustomer service, Latte art, Cash handling"
)
STUFFING = "Java Spring Boot Java 8 years Spring Framework Hibernate Microservices"


def test_barista_stuffed_with_invisible_java_gets_no_java(
    rt: Runtime, tenant: Tenant, tmp_path: Path
) -> None:
    folder = tmp_path / "cvs"
    folder.mkdir()
    write_docx(folder / "barista.docx", BARISTA, STUFFING, "color")
    write_pdf(folder / "barista2.pdf", BARISTA.replace("Alex Kim", "Jo Park"), STUFFING, "tiny")
    with transaction(rt.sessions) as session:
        summary = Importer(session, rt.embedder, tenant.org.id).run(read_paths([folder]))
    assert summary.imported == 2 and summary.failed == []
    reported = {h.file: (h.chars, h.kinds) for h in summary.hidden_text}
    chars = sum(1 for ch in STUFFING if not ch.isspace())
    assert reported == {
        "barista.docx": (chars, {"color": chars}),
        "barista2.pdf": (chars, {"tiny": chars}),
    }
    quals = [
        Qualification(id="q1", text="Experience with Java"),
        Qualification(id="q2", text="Experience with Spring Boot"),
        Qualification(id="q3", text="Experience with customer service"),
    ]
    with transaction(rt.sessions) as session:
        stored = session.scalars(select(Candidate).where(Candidate.org_id == tenant.org.id)).all()
        assert len(stored) == 2
        for candidate in stored:
            assert "Java" not in candidate.raw_text and "Spring" not in candidate.raw_text
            assert not {s.lower() for s in candidate.skills} & {"java", "spring", "spring boot"}
            text, sections = evaluator_input(candidate, session)
            assert "Java" not in text and "Latte art" in text
            evaluation = evaluate_offline(quals, sections, text)
            verdicts = {v.qualification_id: v.verdict for v in evaluation.verdicts}
            assert verdicts["q1"] != "met" and verdicts["q2"] != "met"
            assert verdicts["q3"] == "met"  # the visible text still counts


async def test_http_import_reports_hidden_text_per_file(
    client: httpx.AsyncClient, tenant: Tenant, tmp_path: Path
) -> None:
    stuffed = write_docx(tmp_path / "stuffed.docx", VISIBLE, PAYLOAD, "vanish").read_bytes()
    clean = write_pdf(tmp_path / "clean.pdf", VISIBLE.replace("Sam", "Kim")).read_bytes()
    files = [
        ("files", ("stuffed.docx", stuffed, "application/octet-stream")),
        ("files", ("clean.pdf", clean, "application/pdf")),
    ]
    r = await client.post("/v1/candidates/import", files=files, headers=tenant.headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["imported"] == 2 and body["failed"] == []
    assert {"duplicates", "near_duplicates", "embedding_calls", "candidate_ids"} <= set(body)
    assert body["hidden_text"] == [
        {"file": "stuffed.docx", "chars": PAYLOAD_CHARS, "kinds": {"vanish": PAYLOAD_CHARS}}
    ]


def test_every_hidden_keyword_case_of_the_safety_suite_is_a_document_the_reader_sees_through(
    tmp_path: Path,
) -> None:
    bases = data.injection_bases()
    cases = [c for c in data.injection_cases() if c.kind == "hidden-keywords"]
    assert len(cases) >= 20
    for case in cases:
        assert case.document in ("docx", "pdf") and case.hiding is not None
        writer = write_docx if case.document == "docx" else write_pdf
        path = writer(  # type: ignore[operator]
            tmp_path / f"{case.id}.{case.document}",
            bases[case.base].text,
            case.payload,
            case.hiding,
            case.position,
        )
        record = read_one(path)
        assert "Kubernetes" not in (record.text or ""), case.id
        assert sum(record.hidden_text.values()) == sum(1 for ch in case.payload if ch.strip())
