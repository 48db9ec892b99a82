"""The lead (name, title, city, contact) found where a two-column layout put it: after the
sidebar's sections, not swallowed by the last of them; and names with accents or an
apostrophe recognised as names."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
import pytest

from app.candidates.parsing.extract import extract_profile
from app.candidates.parsing.header import guess_name
from app.candidates.parsing.sections import HEADING_WORDS
from app.candidates.profile import ParsedProfile, RawRecord
from tests.documents import read_one

TODAY = date(2024, 6, 1)
SIDEBAR = ["Education", "2013 MSc Computer Science, AGH", "", "Skills", "Java, Kotlin, Kafka"]
MAIN = [
    "Grace O'Neill",
    "Registered Nurse",
    "Dublin, Ireland",
    "",
    "Clinical Experience",
    "St James's Hospital — Staff Nurse, Intensive Care Unit",
    "May 2017 to current",
    "Beaumont Hospital — Staff Nurse, Surgical Ward",
    "September 2013 to April 2017",
]


def extract(text: str) -> ParsedProfile:
    return extract_profile(RawRecord(source="cv.txt", text=text), today=TODAY)


@pytest.mark.parametrize(
    "name", ["Grace O'Neill", "Tomás Novák", "María José Pérez", "Anne-Marie Dubois"]
)
def test_names_with_accents_and_apostrophes_are_names(name: str) -> None:
    assert guess_name(f"{name}\nRegistered Nurse", HEADING_WORDS) == name


def test_lead_after_the_sidebar_gives_location_and_jobs() -> None:
    profile = extract("\n".join([*SIDEBAR, "", *MAIN]))
    assert profile.name == "Grace O'Neill"
    assert profile.location == "Dublin, Ireland"
    assert profile.place is not None and profile.place.country_code == "IE"
    # The jobs under a heading the splitter does not know are no longer the sidebar's skills.
    assert [w.start for w in profile.work_history] == ["2017-05", "2013-09"]
    assert profile.years_experience == 10.8  # Sep 2013 to June 2024, no gap
    names = {s.name.lower() for s in profile.skills}
    assert "dublin" not in names and not any("neill" in n for n in names)
    lead = next(s for s in profile.sections if not s.heading)
    assert lead.text.startswith("Grace O'Neill") and lead.kind == "summary"
    # The sections still tile the text.
    assert "".join(s.text for s in profile.sections) == profile.raw_text


def test_labelled_residence_in_a_lead_below_a_contact_line() -> None:
    text = "\n".join(
        [
            "Skype: mj.perez.teacher",
            "",
            *SIDEBAR,
            "",
            "María José Pérez",
            "Residence: Bogotá, Colombia",
            "Teaching Experience",
            "English Teacher, Colegio San Carlos (February 2015 – November 2019)",
        ]
    )
    profile = extract(text)
    assert profile.location == "Bogotá, Colombia"
    assert [w.company for w in profile.work_history] == ["Colegio San Carlos"]


def test_a_name_like_line_inside_a_job_is_not_a_lead() -> None:
    text = (
        "Experience\nJava Developer, Acme GmbH, 2018 - 2020\n\nMaria Schmidt\n"
        "Senior Java Developer\nreferee for the team\n\nSkills\nJava\n"
    )
    profile = extract(text)
    assert profile.name is None and profile.location is None
    assert [s.heading for s in profile.sections] == ["Experience", "Skills"]


def test_text_that_opens_with_its_lead_is_left_alone() -> None:
    text = "Ivan Petrov\nKyiv, Ukraine\n\nSkills\nJava\n\nJane Roe\nLondon, United Kingdom\n"
    profile = extract(text)
    assert profile.name == "Ivan Petrov" and profile.location == "Kyiv, Ukraine"


def test_two_column_docx_layout_table(tmp_path: Path) -> None:
    document = docx.Document()
    left, right = document.add_table(rows=1, cols=2).rows[0].cells
    for cell, lines in ((left, SIDEBAR), (right, MAIN)):
        cell.paragraphs[0].text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line)
    document.save(str(tmp_path / "columns.docx"))
    record = read_one(tmp_path / "columns.docx")
    # The cells are set apart, so the sidebar's skills do not run into the name.
    assert "Java, Kotlin, Kafka\n\nGrace O'Neill" in (record.text or "")
    profile = extract_profile(record, today=TODAY)
    assert profile.location == "Dublin, Ireland"
    assert len(profile.work_history) == 2


def test_name_across_the_page_and_city_on_top_of_the_main_column() -> None:
    # A PDF with the name printed across both columns: the reader gives the name first, the
    # sidebar next, and then the city that heads the main column.
    text = (
        "Tomás Novák\n\nEDUCATION\nBrno University of Technology, 2017\n\nTECHNICAL SKILLS\n"
        "Selenium, Cypress, Jenkins\n\nBrno, Czech Republic\nPROFESSIONAL EXPERIENCE\n"
        "03.2018-11.2020  Kiwi.com  QA Automation Engineer\n"
    )
    profile = extract(text)
    assert profile.name == "Tomás Novák"
    assert profile.location == "Brno, Czech Republic"
    assert [s.heading for s in profile.sections] == [
        "",
        "EDUCATION",
        "TECHNICAL SKILLS",
        "",
        "PROFESSIONAL EXPERIENCE",
    ]
    assert "".join(s.text for s in profile.sections) == profile.raw_text


def test_a_place_closing_an_education_entry_is_not_the_header() -> None:
    # The same shape inside a sidebar that the main column does not follow stays education.
    text = (
        "Jane Roe\n\nEDUCATION\nBSc, University of Leeds\n\nLeeds, United Kingdom\n\n"
        "SKILLS\nExcel\n"
    )
    assert extract(text).location is None
