"""Jobs written as sentences and the public corpus' export quirks: "Working Experience at X
... since JUNE 2014 to MAY 2015. As a Civil Engineer", "Currently working in X as a Y",
"Worked as a Y in X from ... to ...", titles opening a description, export fields that name
no employer, one employer's repeated blocks; and stray education lines, address lines, skill
readings that came with them; through the real import path too."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
import pytest

from app.candidates.parsing.extract import extract_profile
from app.candidates.parsing.prose_roles import find_prose_roles
from app.candidates.parsing.titles import prose_title
from app.candidates.profile import ParsedProfile, RawRecord
from app.runtime import Runtime
from app.taxonomy import get_taxonomy
from evals.parsing.matching import skill_matches
from tests.conftest import Tenant
from tests.importing import import_one

TODAY = date(2024, 6, 1)


def extract(text: str) -> ParsedProfile:
    return extract_profile(RawRecord(source="cv.txt", text=text), today=TODAY)


def jobs(profile: ParsedProfile) -> list[tuple[str | None, str | None, str | None, str | None]]:
    return [(w.title, w.company, w.start, w.end) for w in profile.work_history]


def sentences(text: str) -> list[tuple[str | None, str | None, str | None, str | None]]:
    return [
        (r.item.title, r.item.company, r.item.start, r.item.end)
        for r in find_prose_roles(text, prose_title)
    ]


# -- job sentences --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "1) Working Experience at ALIA CONSTRUCTION AT NALLASOPARA (WEST) Mumbai since "
            "JUNE 2014 to MAY 2015. As a Civil Engineer (1 years)",
            ("Civil Engineer", "ALIA CONSTRUCTION", "2014-06", "2015-05"),
        ),
        (
            "1) Currently Working at NOVA ENGINEERING WORKS Since MAY 2018 to TILL DATE as a "
            "CIVIL ENGINEER.",
            ("CIVIL ENGINEER", "NOVA ENGINEERING WORKS", "2018-05", "present"),
        ),
        (
            "description - Currently working in Infrasoft Technologies, Andheri as a Java "
            "Developer.",
            ("Java Developer", "Infrasoft Technologies", None, "present"),
        ),
        (
            # A layout broke the sentence in the middle of its dates and of its title.
            "3) Working Experience at OM CONSTRUCTION Since JANUARY 2017 to\nAPRIL 2018 As\n"
            "A Civil Engineer (1.4 Years)",
            ("Civil Engineer", "OM CONSTRUCTION", "2017-01", "2018-04"),
        ),
        (
            "• Worked as a Software Engineer in Technosoft Corporation, Chennai from Aug 2015 "
            "to Sep 2016.",
            ("Software Engineer", "Technosoft Corporation", "2015-08", "2016-09"),
        ),
        (
            "At present working in Bajaj Housing Finance Ltd AS An Assistant Sales Manager",
            ("Assistant Sales Manager", "Bajaj Housing Finance Ltd", None, "present"),
        ),
        (
            "• Worked at Oracle from Jan 2015 to Mar 2017 as Senior Software Engineer",
            ("Senior Software Engineer", "Oracle", "2015-01", "2017-03"),
        ),
    ],
)
def test_a_job_sentence_is_a_job(
    text: str, expected: tuple[str | None, str | None, str | None, str | None]
) -> None:
    assert sentences(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "• Worked with Java and Python since 2015.",  # a tool, not an employer
        "• Worked in a team of five from 2016 to 2018.",  # no employer named
        "• Working with clients as a consultant.",  # no dates, not current, lower case
        "• Worked as a Sports Secretary in college annual meet.",  # no employer named
        "• Worked as a volunteer for road show in POONA College.",  # no job title
        "She told me she worked at Acme since 2015 as an engineer.",  # not opening a line
    ],
)
def test_sentences_that_are_not_jobs(text: str) -> None:
    assert sentences(text) == []


CORPUS_SITES = """Experience in India: 1) Working Experience at ALIA CONSTRUCTION AT NALLASOPARA \
(WEST) Mumbai since JUNE 2014 to MAY 2015. As a Civil Engineer (1 years) Education Details
 B.E Civil Mumbai University
CIVIL ENGINEER

CIVIL ENGINEER - Site Encharge
Skill Details
AutoCAD- Experience - 9 months
Company Details
company - Site Encharge
description - Location: Andheri (E) Marol Bus Depot

Experience in UAE:
1) Currently Working at NOVA ENGINEERING WORKS Since MAY 2018 to TILL DATE as a CIVIL ENGINEER.
company - Kherwadi Police Station
description - Mumbai Maharashtra

3) Working Experience at OM CONSTRUCTION Since JANUARY 2017 to APRIL 2018 As
A Civil Engineer (1.4 Years)
Project title: 9 RADHA
company - EXPERT CONSTRUCTION
description - Project handle:
"""


def test_an_export_block_dated_by_a_job_sentence_is_that_job() -> None:
    """ "company - Site Encharge" was a site; the sentence that dates the block names the
    employer. A sentence outside every block is a job of its own."""
    assert jobs(extract(CORPUS_SITES)) == [
        ("CIVIL ENGINEER", "NOVA ENGINEERING WORKS", "2018-05", "present"),
        ("Civil Engineer", "OM CONSTRUCTION", "2017-01", "2018-04"),
        (None, "EXPERT CONSTRUCTION", None, None),
        ("Civil Engineer", "ALIA CONSTRUCTION", "2014-06", "2015-05"),
    ]


def test_a_dateless_current_job_sentence_beside_the_export_block_is_another_job() -> None:
    text = (
        "Education Details\nJanuary 2013 M.E. IT Pune M.I.T\nJava Developer\n\n"
        "Java Developer - Maxgen Technologies\nSkill Details\nCompany Details\n"
        "company - Maxgen Technologies\n"
        "description - Currently working in Infrasoft Technologies, Andheri as a Java Developer.\n"
    )
    assert jobs(extract(text)) == [
        ("Java Developer", "Maxgen Technologies", None, None),
        ("Java Developer", "Infrasoft Technologies", None, "present"),
    ]


# -- the export's company blocks ------------------------------------------------------------


@pytest.mark.parametrize(
    ("description", "title"),
    [
        ("Working as a RPA Business Analyst", "RPA Business Analyst"),
        ("Worked as java developer. Developed 3 projects.", "java developer"),
        ("I was working as a trainer. I have taught CCNA.", "trainer"),
        ("1. As a Java Developer.", "Java Developer"),
        ("1.  I am Java web developer\n2. JSP", "Java web developer"),
        ("Jr. Java Developer", "Jr. Java Developer"),
        ("Data Science Intern, Nov 2015 to Jan 2016", "Data Science Intern"),
        ("Team Size: 5\nEnvironment: Java", None),
        ("I am student of mechanical engineering", None),
        ("Mostly worked on blumix and IBM Watson.", None),
    ],
)
def test_a_description_that_opens_with_the_title_gives_the_title(
    description: str, title: str | None
) -> None:
    text = f"Company Details\ncompany - Acme Systems\ndescription - {description}\n"
    assert [w.title for w in extract(text).work_history] == [title]


def test_an_export_field_that_names_no_employer_is_no_job_and_no_skill() -> None:
    text = (
        "Company Details\ncompany - Tata motors, adani, maruti suzuki,jet airways. Air india.\n"
        "description - I am a fresher.\ncompany - No\ndescription - English, Hindi\n"
        "company - Acme Systems\ndescription - Built Java services.\n"
    )
    profile = extract(text)
    assert [w.company for w in profile.work_history] == ["Acme Systems"]
    assert "JET" not in [s.name for s in profile.skills]


def test_one_employers_repeated_blocks_are_one_job_two_stints_stay_two() -> None:
    text = (
        "Company Details\ncompany - Wipro\ndescription - Developing programs in Python.\n"
        "company - Wipro\ndescription - Title : Neural Platform\nTeam Size : 5\n"
        "company - Infosys\ndescription - Jan 2014 to Dec 2015\n"
        "company - Infosys\ndescription - Jan 2017 to Dec 2018\n"
    )
    assert [(w.company, w.start) for w in extract(text).work_history] == [
        ("Wipro", None),
        ("Infosys", "2014-01"),
        ("Infosys", "2017-01"),
    ]


def test_a_description_in_the_present_tense_is_the_current_job() -> None:
    text = (
        "Company Details\ncompany - Parkar Consulting and Labs\n"
        "description - I'm working on the DevOps team in Parkar Consulting and Labs.\n"
    )
    assert [w.end for w in extract(text).work_history] == ["present"]


# -- what came with them: education, addresses, skills ---------------------------------------


def test_education_lines_a_sidebar_left_above_their_heading_still_count() -> None:
    text = (
        "June 2014 to June 2017 Bcom Computer Hyderabad, Telangana Osmania university\n"
        "Jane Roe\n\nEXPERIENCE\nJan 2019 - Now Analyst, Acme Ltd\n\n"
        "EDUCATION\nJune 2017 to June 2019 MBA Finance Mlrit\n"
    )
    found = [(e.degree, e.year) for e in extract(text).education]
    assert ("Bcom", "2017") in found and ("MBA", "2019") in found
    # A job line with a year but no degree is no school.
    assert len(found) == 2


def test_an_address_line_anywhere_gives_the_place_not_the_street() -> None:
    text = (
        "Company Details\ncompany - BNY Mellon\ndescription - Duration: Jan 2017 - Till Date\n"
        "Configured RMAN backups.\n\nCurrent Address:-       Mr. Y, C/O: Raj Ahmad, Flat# G2-702, "
        "Dreams Aakruti, Kalepadal, Hadapsar, Pune - 411028\n"
    )
    profile = extract(text)
    assert profile.location == "Pune, India"
    assert profile.place is not None and profile.place.country_code == "IN"


def test_skill_readings_map_reduce_asp_ide_and_concept_acronyms() -> None:
    taxonomy = get_taxonomy()

    def names(text: str) -> list[str]:
        return [m.name for m in taxonomy.find_skills(text)]

    assert names("Skills: Hadoop, Map Reduce, HDFS")[1] == "MapReduce big data software"
    assert "REDUCE" not in names("Skills: Hadoop, Map Reduce, HDFS")
    assert names("ASP- Experience - 24 months\nC#- Experience - 24 months")[0] == (
        "Microsoft ASP.NET"
    )
    assert names("Skills: ASP, VBScript")[0] == "Microsoft Active Server Pages ASP"
    assert "Integrated development environment IDE software" not in names("Java IDE-Eclipse")
    assert names("Tools: Eclipse IDE, Git") == ["Eclipse IDE", "Git"]
    assert names("Project: DSP - DSM Sinochem Pharmaceuticals") == []
    assert names("National Service Scheme (Camp)") == []
    assert names("Languages: Scheme, Lisp")[0] == "Scheme"


def test_the_eval_matches_a_gold_skill_through_the_taxonomys_names() -> None:
    assert skill_matches("MS Access", "Microsoft Access")
    assert skill_matches("SAP ABAP", "Advanced business application programming ABAP")
    assert not skill_matches("MS Access", "Microsoft Excel")
    assert not skill_matches("SAP", "Advanced business application programming ABAP")


# -- through the import ------------------------------------------------------------------------


def test_docx_job_sentences_import_as_dated_roles(
    rt: Runtime, tenant: Tenant, tmp_path: Path
) -> None:
    document = docx.Document()
    for line in (
        "Ravi Kumar",
        "Civil Engineer",
        "EXPERIENCE",
        "1) Currently Working at NOVA ENGINEERING WORKS Since MAY 2018 to TILL DATE as a "
        "CIVIL ENGINEER.",
        "2) Working Experience at ALIA CONSTRUCTION since JUNE 2014 to MAY 2015. As a Civil "
        "Engineer",
        "EDUCATION",
        "B.E. Civil Engineering, Mumbai University, 2014",
    ):
        document.add_paragraph(line)
    path = tmp_path / "kumar.docx"
    document.save(str(path))

    row = import_one(rt, tenant.org.id, path)
    stored = [(w["title"], w["company"], w["start"], w["end"]) for w in row.profile["work_history"]]
    assert stored == [
        ("CIVIL ENGINEER", "NOVA ENGINEERING WORKS", "2018-05", "present"),
        ("Civil Engineer", "ALIA CONSTRUCTION", "2014-06", "2015-05"),
    ]
    assert row.years_source == "history"


def test_a_table_row_with_the_dates_in_the_cell_before_the_sentence() -> None:
    text = (
        "JUNE 2014 to MAY 2015 | 1) Working Experience at ALIA CONSTRUCTION since . As a Civil "
        "Engineer"
    )
    assert sentences(text) == [("Civil Engineer", "ALIA CONSTRUCTION", "2014-06", "2015-05")]
