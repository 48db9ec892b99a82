"""Work history and years of experience from the layouts people actually write: date forms,
title/company in any order and on any number of lines, job sub-blocks, Word table cells, and
the real import path storing `years_source`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
import pytest

from app.candidates.parsing.dates import find_date_ranges
from app.candidates.parsing.extract import extract_profile
from app.candidates.parsing.titles import clean_title
from app.candidates.profile import ParsedProfile, RawRecord
from app.runtime import Runtime
from tests.conftest import Tenant
from tests.importing import import_one

TODAY = date(2024, 6, 1)


def extract(text: str, **fields: object) -> ParsedProfile:
    return extract_profile(RawRecord(source="cv.txt", text=text, fields=fields), today=TODAY)


def jobs(profile: ParsedProfile) -> list[tuple[str | None, str | None, str | None, str | None]]:
    return [(w.title, w.company, w.start, w.end) for w in profile.work_history]


# -- date forms ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "start", "end"),
    [
        ("4/2016 – 5/2022", "2016-04", "2022-05"),
        ("4/2016  5/2022", "2016-04", "2022-05"),  # two spaces, as a table row flattens
        ("4/2016\t5/2022", "2016-04", "2022-05"),
        ("4/2016 | 5/2022", "2016-04", "2022-05"),
        ("4/2016\n5/2022", "2016-04", "2022-05"),  # two table cells, one above the other
        ("2013/---", "2013", "present"),
        ("2013 - ...", "2013", "present"),
        ("2019 - present", "2019", "present"),
        ("Jan 2019 – Now", "2019-01", "present"),
        ("03.2018-11.2020", "2018-03", "2020-11"),
        ("2017-19", "2017", "2019"),
        ("1998-02", "1998", "1998"),  # not a span written backwards: the start year only
        ("September 2015 - February 2016", "2015-09", "2016-02"),
        ("Sept. 2015 - Feb. 2016", "2015-09", "2016-02"),
        ("Jan-19 to Dec-20", "2019-01", "2020-12"),
        ("since 2020", "2020", "present"),
        ("Since March 2021", "2021-03", "present"),
        ("2018 – till date", "2018", "present"),
        ("FEB 2018 to Still", "2018-02", "present"),
        ("16th Jan 2017 to till 30th Aug 2018", "2017-01", "2018-08"),
        ("2018-01-15 – 2020-03-31", "2018-01", "2020-03"),
        ("15.04.2016 - 30.09.2018", "2016-04", "2018-09"),
        ("2019-03 - 2020-07", "2019-03", "2020-07"),
        ("März 2019 – Juni 2020", "2019-03", "2020-06"),
        ("Januar 2015 - heute", "2015-01", "present"),
        ("juin 2018 – aujourd'hui", "2018-06", "present"),
        ("février 2012 - mars 2014", "2012-02", "2014-03"),
        ("enero 2020 - actualidad", "2020-01", "present"),
    ],
)
def test_date_range_forms(written: str, start: str, end: str) -> None:
    [found] = find_date_ranges(written)
    assert (found.start, found.end) == (start, end)


@pytest.mark.parametrize("not_a_range", ["2012 2014", "Windows 2008/2012 servers", "in 2016"])
def test_years_side_by_side_are_not_a_range(not_a_range: str) -> None:
    assert find_date_ranges(not_a_range) == []


# -- layouts ------------------------------------------------------------------------------------

EMPLOYMENT_HISTORY = """Taras Melnyk
Senior Java Developer

Employment History
4/2016  5/2022
Senior Java Developer
Acme Solutions GmbH, Berlin
• Built billing services in Java and Spring Boot.
• Led a team of four.

6/2014  3/2016
Java Developer
Globex Ltd
• Maintained the CRM.

9/2012  5/2014
Junior Developer
Initech LLC
• Wrote tests.

Education
B.Sc. Computer Science, Lviv Polytechnic, 2012
"""


def test_dates_first_layout_with_gap_separated_dates() -> None:
    profile = extract(EMPLOYMENT_HISTORY)
    assert jobs(profile) == [
        ("Senior Java Developer", "Acme Solutions GmbH", "2016-04", "2022-05"),
        ("Java Developer", "Globex Ltd", "2014-06", "2016-03"),
        ("Junior Developer", "Initech LLC", "2012-09", "2014-05"),
    ]
    first = profile.work_history[0]
    assert first.location == "Berlin"
    assert first.description is not None and "Led a team of four." in first.description
    assert "Maintained the CRM" not in first.description


def test_title_line_company_line_then_dates() -> None:
    text = (
        "Experience\n"
        "Android Developer\nSoftServe Inc\nJan 2019 – Now\n• Built the banking app.\n\n"
        "QA Engineer\nLuxoft\n03.2016-12.2018\n• Automated regression tests.\n"
    )
    assert jobs(extract(text)) == [
        ("Android Developer", "SoftServe Inc", "2019-01", "present"),
        ("QA Engineer", "Luxoft", "2016-03", "2018-12"),
    ]


def test_company_city_title_on_one_line_with_an_open_end() -> None:
    text = "Work Experience\nLuxoft, Kyiv, Android Developer 2013/---\nBuilt apps for banks.\n"
    profile = extract(text)
    assert jobs(profile) == [("Android Developer", "Luxoft", "2013", "present")]
    assert profile.work_history[0].location == "Kyiv"


def test_company_with_country_in_brackets_then_city_then_title() -> None:
    # The shape that swapped title and company: the bracketed country is the company's, the
    # city is a place, and "Android Developer" is the title.
    text = (
        "Experience\n"
        "Softserve (Ukraine)\nLviv\nAndroid Developer\nJan 2019 – Now\n"
        "- Built the app\n\n"
        "EPAM Systems (Belarus)\nMinsk\nJava Developer\n03.2016-12.2018\n- Built services\n"
    )
    profile = extract(text)
    assert jobs(profile) == [
        ("Android Developer", "Softserve", "2019-01", "present"),
        ("Java Developer", "EPAM Systems", "2016-03", "2018-12"),
    ]
    assert [w.location for w in profile.work_history] == ["Lviv, Ukraine", "Minsk, Belarus"]


@pytest.mark.parametrize(
    "line",
    [
        "Software Engineer | Initech Inc | 2017-19",
        "Initech Inc | Software Engineer | 2017-19",
        "Software Engineer at Initech Inc, 2017-19",
        "2017-19  Initech Inc, Software Engineer",
    ],
)
def test_title_and_company_by_evidence_not_order(line: str) -> None:
    assert jobs(extract(f"Experience\n{line}\nWrote code.\n")) == [
        ("Software Engineer", "Initech Inc", "2017", "2019")
    ]


def test_technologies_projects_and_environment_stay_inside_their_job() -> None:
    text = (
        "Experience\n"
        "Senior Developer, Acme GmbH, 2018 - present\n"
        "Responsibilities: billing, payments.\n"
        "Projects:\nBilling platform (2019 - 2020)\n"
        "Technologies: Java, Spring, Kafka\n"
        "Environment: Linux, Docker\n\n"
        "Developer, Globex Ltd, 2015 - 2018\n"
        "Technologies:\nJava, Oracle\n\n"
        "Education\nM.Sc. Informatics, 2015\n"
    )
    profile = extract(text)
    assert [s.kind for s in profile.sections] == ["experience", "education"]
    assert jobs(profile) == [
        ("Senior Developer", "Acme GmbH", "2018", "present"),
        ("Developer", "Globex Ltd", "2015", "2018"),
    ]
    description = profile.work_history[0].description or ""
    assert "Technologies: Java, Spring, Kafka" in description
    assert "Billing platform" in description  # a project, not a third job


def test_a_skills_section_after_the_experience_is_still_its_own_section() -> None:
    text = "Experience\nDeveloper, Acme GmbH, 2018 - 2020\nBuilt things.\n\nSKILLS\nJava, SQL\n"
    assert [s.kind for s in extract(text).sections] == ["experience", "skills"]


def test_date_cells_one_above_the_other() -> None:
    text = (
        "Olena Kovalenko\nEmployment History\n"
        "4/2016\n5/2022\nSenior Android Developer\nSoftServe Inc\n• Built the app.\n\n"
        "6/2013\n3/2016\nAndroid Developer\nEPAM Systems\n• Maintained apps.\n"
    )
    profile = extract(text)
    assert jobs(profile) == [
        ("Senior Android Developer", "SoftServe Inc", "2016-04", "2022-05"),
        ("Android Developer", "EPAM Systems", "2013-06", "2016-03"),
    ]
    assert profile.work_history[0].description == "• Built the app."


def test_table_cells_as_the_docx_reader_emits_them() -> None:
    text = (
        "Olena Kovalenko\nEmployment History\n"
        "4/2016 | 5/2022 | Senior Android Developer, SoftServe Inc\n"
        "6/2013 | 3/2016 | Android Developer, EPAM Systems\n"
    )
    assert jobs(extract(text)) == [
        ("Senior Android Developer", "SoftServe Inc", "2016-04", "2022-05"),
        ("Android Developer", "EPAM Systems", "2013-06", "2016-03"),
    ]


# -- years of experience ------------------------------------------------------------------------


def test_years_are_the_union_of_dated_roles_not_a_skill_phrase() -> None:
    text = (
        "Summary\n3+ years FullStack, 5+ years of experience overall.\n\n"
        "Experience\n"
        "Lead Developer, Acme GmbH, 2010 - present\n"  # overlaps the next job
        "Developer, Globex Ltd, 2008 - 2012\n"
        "Education\nB.Sc., 2002 - 2006\n"
    )
    profile = extract(text)
    # 2008-01 .. 2024-06 with the overlap counted once; the degree does not count.
    assert (profile.years_experience, profile.years_source) == (16.5, "history")


def test_the_phrase_is_only_a_fallback() -> None:
    profile = extract("Summary\nBackend engineer with 5+ years of experience in Go.\n")
    assert (profile.years_experience, profile.years_source) == (5.0, "phrase")


def test_a_structured_field_wins() -> None:
    profile = extract(EMPLOYMENT_HISTORY, years_experience="12")
    assert (profile.years_experience, profile.years_source) == (12.0, "field")


def test_future_and_impossible_dates_do_not_count() -> None:
    text = (
        "Summary\n6 years of experience.\n\nExperience\n"
        "Developer, Acme GmbH, 2030 - 2032\nEngineer, Globex Ltd, 1950 - present\n"
    )
    profile = extract(text)
    # A job that starts after today is a typo; 74 years is a misread: the phrase decides.
    assert (profile.years_experience, profile.years_source) == (6.0, "phrase")


def test_headline_is_a_real_title_line() -> None:
    text = "Petro Ivanenko\nfrom\n8 months\n\nExperience\nAndroid Developer, Luxoft, 2019 - now\n"
    assert extract(text).headline == "Android Developer"
    lead_only = "Petro Ivanenko\nFull time: Full Stack Developer\n\nSkills\nJava\n"
    assert extract(lead_only).headline == "Full Stack Developer"


# -- the real import path -----------------------------------------------------------------------


def test_docx_employment_history_imports_with_years_from_history(
    rt: Runtime, tenant: Tenant, tmp_path: Path
) -> None:
    document = docx.Document()
    for line in ("Olena Kovalenko", "Android Developer", "Ukraine, Lviv", "Employment History"):
        document.add_paragraph(line)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "4/2016  5/2022"
    table.cell(0, 1).text = "Senior Android Developer\nSoftServe Inc (Ukraine)\nBuilt apps."
    table.cell(1, 0).text = "6/2013  3/2016"
    table.cell(1, 1).text = "Android Developer\nEPAM Systems\nMaintained apps."
    path = tmp_path / "kovalenko.docx"
    document.save(str(path))

    row = import_one(rt, tenant.org.id, path)
    assert (row.years_experience, row.years_source) == (9.0, "history")
    titles = [(w["title"], w["company"]) for w in row.profile["work_history"]]
    assert titles == [
        ("Senior Android Developer", "SoftServe Inc"),
        ("Android Developer", "EPAM Systems"),
    ]


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        ("from", None),
        ("8 months", None),
        ("(2 years)", None),
        ("Full time", None),
        ("time: Full Stack Developer", "Full Stack Developer"),
        ("Position: Data Analyst", "Data Analyst"),
        ("Android Developer from", "Android Developer"),
        ("Team Lead", "Team Lead"),
    ],
)
def test_titles_are_titles_not_date_leftovers(raw: str, title: str | None) -> None:
    assert clean_title(raw) == title


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Android Developer  2016 - 2018\nAcme GmbH, Berlin\n", ("Android Developer", "Acme GmbH")),
        ("Acme GmbH  2016 - 2018\nAndroid Developer\n", ("Android Developer", "Acme GmbH")),
        ("Android Developer  2016 - 2018\nBuilt the app in Kotlin\n", ("Android Developer", None)),
    ],
)
def test_a_neighbouring_line_completes_the_dated_line_only_with_evidence(
    text: str, expected: tuple[str, str | None]
) -> None:
    [job] = extract(f"Experience\n{text}- Shipped releases.\n").work_history
    assert (job.title, job.company) == expected
