"""More work-history shapes from real CVs: "2009/2013" year ranges beside product versions,
sub-blocks ("Technologies", "Projects") that stay inside their job, trade acronyms that look
like legal forms, employers that share a town's name, the public corpus' export quirks, and
the real import of a company-first DOCX with years from its dated history."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
import pytest

from app.candidates.parsing.dates import find_date_ranges
from app.candidates.parsing.extract import extract_profile
from app.candidates.parsing.roles import company_evidence, split_role
from app.candidates.profile import ParsedProfile, RawRecord
from app.runtime import Runtime
from evals.parsing.gold import GoldResume, GoldRole
from evals.parsing.layouts import _split_dates
from tests.conftest import Tenant
from tests.importing import import_one

TODAY = date(2024, 6, 1)


def extract(text: str) -> ParsedProfile:
    return extract_profile(RawRecord(source="cv.txt", text=text), today=TODAY)


def jobs(profile: ParsedProfile) -> list[tuple[str | None, str | None, str | None, str | None]]:
    return [(w.title, w.company, w.start, w.end) for w in profile.work_history]


# -- date forms ---------------------------------------------------------------------------------


def test_a_year_slash_year_range_is_the_closed_form_of_an_open_end() -> None:
    [found] = find_date_ranges("Kühne + Nagel, Bremen, Operations Assistant 2009/2013")
    assert (found.start, found.end) == ("2009", "2013")


@pytest.mark.parametrize(
    "versions", ["SQL Server 2014/2017", "MS Office 2010/2013", "Windows Server 2012/2016"]
)
def test_product_versions_are_not_a_year_range(versions: str) -> None:
    assert find_date_ranges(versions) == []


# -- company-first lines and their sub-blocks ---------------------------------------------------


def test_company_city_title_lines_with_one_line_sub_blocks_and_blank_lines() -> None:
    text = (
        "Olena Petrenko\nKyiv, Ukraine\n\nExperience\n\n"
        "SoftServe, Lviv, QA Automation Engineer 2016/---\n"
        "Technologies: Python, Selenium, pytest\nProjects: retail checkout tests\n\n"
        "GlobalLogic, Kharkiv, Manual Tester 2012/2016\nTechnologies: TestRail, JIRA\n\n"
        "Education\n2012 BSc Applied Mathematics, Kharkiv University\n"
    )
    profile = extract(text)
    assert jobs(profile) == [
        ("QA Automation Engineer", "SoftServe", "2016", "present"),
        ("Manual Tester", "GlobalLogic", "2012", "2016"),
    ]
    assert [w.location for w in profile.work_history] == ["Lviv", "Kharkiv"]
    # 2012 to June 2024, the overlap in 2016 counted once.
    assert (profile.years_experience, profile.years_source) == (12.5, "history")


def test_bare_technologies_and_projects_lines_under_a_job_stay_in_it() -> None:
    text = (
        "Igor Melnyk\nLviv, Ukraine\n\nWORK EXPERIENCE\n\n"
        "Senior Java Developer\nCiklum, Kyiv\nJan 2019 – Now\n"
        "Technologies\nJava, Spring Boot, Kafka\nProjects\nPayments gateway for a bank\n\n"
        "Java Developer\nIntellias, Lviv\n2015 - 2018\nTechnologies\nJava, Hibernate\n\n"
        "EDUCATION\n2015 MSc Computer Science, Lviv Polytechnic\n"
    )
    profile = extract(text)
    assert [s.kind for s in profile.sections] == ["summary", "experience", "education"]
    assert jobs(profile) == [
        ("Senior Java Developer", "Ciklum", "2019-01", "present"),
        ("Java Developer", "Intellias", "2015", "2018"),
    ]


def test_a_projects_section_set_off_by_a_blank_line_is_its_own_section() -> None:
    text = (
        "Experience\nDeveloper, Acme GmbH, 2018 - 2020\nBuilt things.\n\n"
        "Projects\nChess engine (2019)\n"
    )
    assert [s.kind for s in extract(text).sections] == ["experience", "projects"]


def test_a_job_line_after_a_one_line_projects_label_is_the_next_job() -> None:
    text = (
        "EXPERIENCE\nNubank | Staff Engineer | 2020 - present\n"
        "Technologies: Clojure, Kafka, AWS\nProjects: credit card platform; PIX payments\n"
        "Itaú Unibanco | Software Engineer | 2014 - 2020\nTechnologies: Java, COBOL\n"
    )
    assert jobs(extract(text)) == [
        ("Staff Engineer", "Nubank", "2020", "present"),
        ("Software Engineer", "Itaú Unibanco", "2014", "2020"),
    ]


def test_dated_lines_under_a_bare_projects_label_are_projects() -> None:
    text = (
        "EXPERIENCE\nSenior Software Engineer | Grab | Apr 2018 - Present\nProjects:\n"
        "- Driver incentives | Scala Developer | 2019 - 2020\n"
    )
    assert jobs(extract(text)) == [("Senior Software Engineer", "Grab", "2018-04", "present")]


# -- which part is which ------------------------------------------------------------------------


def test_a_trade_acronym_is_a_legal_form_only_as_a_names_last_word() -> None:
    parts = split_role(["BMW Group, Munich — PLC Programmer"])
    assert (parts.title, parts.company) == ("PLC Programmer", "BMW Group")
    assert company_evidence("Acme Holdings PLC") == 2
    assert company_evidence("Siemens AG") == 2
    assert company_evidence("SAS Analyst") == 0


def test_an_employer_sharing_a_towns_name_ahead_of_the_title_is_the_employer() -> None:
    parts = split_role(["Rappi — Data Analyst"])  # the gazetteer knows Rappi as Rapperswil
    assert (parts.title, parts.company, parts.places) == ("Data Analyst", "Rappi", [])
    after = split_role(["Data Analyst, Berlin"])  # a place after the title stays a place
    assert (after.title, after.company, after.location) == ("Data Analyst", None, "Berlin")


# -- the public corpus' export ------------------------------------------------------------------


def _export(title_block: str, companies: str) -> str:
    return (
        "Education Details \nJune 2014 to June 2018 BE Mechanical Engineering Pune University\n"
        f"{title_block}\nSkill Details \nAutocad- Experience - 6 monthsCompany Details \n"
        f"{companies}"
    )


def test_a_current_line_stating_years_of_experience_in_a_title_gives_that_title() -> None:
    text = _export(
        "MySQL Database Administrator \n\n2+ Years of experience in MySQL Database Administrator",
        "company - Trimax IT Infrastructure Ltd\ndescription - MySQL installation and upgrades\n",
    )
    assert jobs(extract(text)) == [
        ("MySQL Database Administrator", "Trimax IT Infrastructure Ltd", None, None)
    ]


def test_n_years_experience_as_a_title_in_a_description_names_that_job() -> None:
    text = _export(
        "Design Engineer \n\nDesign engineer - Push Engineering Pvt ltd",
        "company - Push Engineering Pvt ltd\ndescription - Pressure vessel design.\n"
        "company - Central Water and Power Research Station\ndescription - Pune)\n\n"
        "1 year experience as a Research assistant of R&D Department at the station.\n",
    )
    assert ("Research assistant", "Central Water and Power Research Station", None, None) in (
        jobs(extract(text))
    )


def test_a_projects_title_line_is_not_the_jobs_title() -> None:
    text = _export(
        "Dot Net Developer \n\nDot Net Developer - The Tie Bar",
        "company - The Tie Bar\ndescription - Duration: January 2017 to Till Date\n"
        "company - Hamsa Hitech Pvt. Ltd\ndescription - Responsibility:\n• Coding in C#.\n\n"
        "Project:\nTitle: A G JOHNSON\nEnvironment: Visual Studio 2010\nRole: Developer\n",
    )
    assert jobs(extract(text))[1] == ("Developer", "Hamsa Hitech Pvt. Ltd", None, None)


def test_a_title_block_whose_empty_line_a_pdf_reader_dropped() -> None:
    text = _export(
        "DevOps Engineer\n",
        "company - Parkar Consulting and Labs\ndescription - I'm working on the DevOps team.\n",
    )
    assert jobs(extract(text)) == [
        ("DevOps Engineer", "Parkar Consulting and Labs", None, "present")
    ]


def test_a_sentence_about_another_employer_inside_a_named_employers_block() -> None:
    text = _export(
        "Advocate \n\nAdvocate - Gauhati High Court",
        "company - Gauhati High Court\ndescription - Practising before the Gauhati High "
        "Court and subordinate courts.\n• Working as Executive (Legal) at Hindustan Paper "
        "Corporation Limited, Nagaon Paper Mill since Jan '2012.\n",
    )
    assert jobs(extract(text)) == [
        ("Advocate", "Gauhati High Court", None, None),
        ("Executive (Legal)", "Hindustan Paper Corporation Limited", "2012-01", "present"),
    ]


def test_a_job_sentence_a_page_layout_broke_after_as() -> None:
    text = (
        "Experience\n3) Working Experience at OM CONSTRUCTION Since JANUARY 2017 to APRIL "
        "2018 As\n\nA Civil Engineer (1.4 Years)\nProject title: 9 RADHA\n"
    )
    assert jobs(extract(text)) == [("Civil Engineer", "OM CONSTRUCTION", "2017-01", "2018-04")]


# -- years ----------------------------------------------------------------------------------------


def test_years_are_the_dated_history_not_the_phrase_and_not_the_degree() -> None:
    text = (
        "Lucía Fernández\nSeville, Spain\n\nSummary\n3+ years FullStack with Vue.\n\n"
        "Experience\nFull Stack Developer – Glovo\nMar 2022 – present\n\n"
        "Java Developer – Accenture\nJan 2005 – Feb 2022\n\n"
        "Education\nUniversidad de Sevilla, Computer Engineering, 2000 – 2005\n"
    )
    profile = extract(text)
    # Jan 2005 to June 2024: not "3+ years", and not the 2000 – 2005 degree.
    assert (profile.years_experience, profile.years_source) == (19.5, "history")


# -- the eval's table layout --------------------------------------------------------------------


def test_the_table_layout_keeps_a_range_whole_when_it_holds_the_next_jobs_start() -> None:
    resume = GoldResume(
        key="k",
        origin="written",
        split="dev",
        text="",
        roles=[
            GoldRole(title="A", start="2019", end="present", start_raw="2019", end_raw="present"),
            GoldRole(title="B", start="2015", end="2019", start_raw="2015", end_raw="2019"),
        ],
    )
    assert _split_dates("2015 - 2019", resume) == ("2015 - 2019", "")
    assert _split_dates("Farfetch — Designer 2019 - present", resume) == (
        "2019 - present",
        "Farfetch — Designer",
    )


# -- the real import ------------------------------------------------------------------------------


def test_docx_company_city_title_lines_import_with_years_from_history(
    rt: Runtime, tenant: Tenant, tmp_path: Path
) -> None:
    document = docx.Document()
    lines = (
        "Jürgen Bauer",
        "Hamburg",
        "WORK EXPERIENCE",
        "Hapag-Lloyd AG, Hamburg, Logistics Analyst 2015/---",
        "Technologies",
        "Excel, SQL, Power BI",
        "Kühne + Nagel, Bremen, Operations Assistant 2009/2013",
        "Technologies: SAP",
        "",
        "EDUCATION",
        "Universität Bremen, B.Sc. Business Administration, 2009",
    )
    for line in lines:
        document.add_paragraph(line)
    path = tmp_path / "bauer.docx"
    document.save(str(path))

    row = import_one(rt, tenant.org.id, path)
    stored = [(w["title"], w["company"], w["start"]) for w in row.profile["work_history"]]
    assert stored == [
        ("Logistics Analyst", "Hapag-Lloyd AG", "2015"),
        ("Operations Assistant", "Kühne + Nagel", "2009"),
    ]
    assert row.years_source == "history"
    # 2009-2013 and 2015 to today: the gap is not counted, nor is the degree.
    today = date.today()
    expected = round((5 * 12 + (today.year - 2015) * 12 + today.month) / 12, 1)
    assert row.years_experience == expected
