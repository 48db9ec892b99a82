"""Work-history shapes of the public corpus' export ("company - X\\ndescription - ..."), and
the date forms its pasted resumes use. The texts are written for these tests in the export's
shape; none is a corpus row."""

from __future__ import annotations

from datetime import date

import pytest

from app.candidates.parsing.cleaning import clean_text
from app.candidates.parsing.dates import find_date_ranges
from app.candidates.parsing.extract import extract_profile
from app.candidates.profile import ParsedProfile, RawRecord

TODAY = date(2024, 6, 1)


def extract(text: str) -> ParsedProfile:
    return extract_profile(RawRecord(source="cv.txt", text=text), today=TODAY)


def jobs(profile: ParsedProfile) -> list[tuple[str | None, str | None, str | None, str | None]]:
    return [(w.title, w.company, w.start, w.end) for w in profile.work_history]


def export(*blocks: tuple[str, str], title: str = "Engineer", current: str = "") -> str:
    """A resume in the export's shape, with `blocks` as its (company, description) pairs."""
    head = (
        "Education Details \nJune 2012 to May 2016 B.E Civil Engineering Pune, Maharashtra "
        f"Pune University\n{title} \n\n{current}\nSkill Details \n"
        "AutoCAD- Experience - 24 monthsCompany Details \n"
    )
    return head + "\n".join(f"company - {c}\ndescription - {d}" for c, d in blocks)


# -- date forms ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("01-06-2015 to 30-05-2017", "2015-06", "2017-05"),  # day-month-year with dashes
        ("From: Jan 2015 To: Dec 2017", "2015-01", "2017-12"),  # a form's labelled fields
        ("From: 01/06/2015 To: 30/06/2017", "2015-06", "2017-06"),
        ("June 2015 onwards", "2015-06", "present"),
        ("Working here from Aug 2016 onwards.", "2016-08", "present"),
    ],
)
def test_date_forms_of_pasted_resumes(text: str, start: str, end: str) -> None:
    [found] = find_date_ranges(text)
    assert (found.start, found.end) == (start, end)


def test_a_day_month_year_with_dashes_is_not_read_inside_a_phone_number_or_iso_date() -> None:
    assert find_date_ranges("Phone: +91-98-2015") == []
    [iso] = find_date_ranges("2019-03-15 to 2020-01-31")
    assert (iso.start, iso.end) == ("2019-03", "2020-01")


# -- what the company slot holds ---------------------------------------------------------------


def test_a_title_in_the_company_slot_is_the_title() -> None:
    profile = extract(export(("HR Assistant", ""), title="HR"))
    assert jobs(profile) == [("HR Assistant", None, None, None)]


@pytest.mark.parametrize("company", ["Sales Department", "Acme Engineering Services", "Pune"])
def test_a_company_slot_not_ending_in_a_job_word_stays_the_company(company: str) -> None:
    profile = extract(export((company, "Handled site work.")))
    assert [w.company for w in profile.work_history] == [company]


def test_an_undated_block_named_for_a_client_is_a_project_not_a_job() -> None:
    text = export(
        ("Utility Powertech Ltd", "Position          Site Engineer\nClient: NTPC"),
        ("Highway Works", "Project Name: Ring road\nClient: State Highway Authority"),
        ("State Highway Authority", ""),
        ("Govt. of Goa", "Client: Govt. of Goa\nPeriod: 7 Dec 2006 to 20 March 2007"),
    )
    companies = [w.company for w in extract(text).work_history]
    # The client with nothing dated goes; one whose block carries the work's dates stays.
    assert "State Highway Authority" not in companies
    assert companies == ["Utility Powertech Ltd", "Highway Works", "Govt. of Goa"]
    dated = extract(text).work_history[-1]
    assert (dated.start, dated.end) == ("2006-12", "2007-03")


def test_an_address_cut_into_the_company_slot_is_not_a_job() -> None:
    text = export(
        ("Kisan Arts College", "Asst. Professor 20/07/2015    31/05/2016"),
        ("Bahadarpur, Tal- Parola Dist", ""),
    )
    assert [w.company for w in extract(text).work_history] == ["Kisan Arts College"]


def test_a_court_named_for_its_district_is_an_employer() -> None:
    text = export(("District and Session Court of Solapur", ""), title="Advocate")
    assert [w.company for w in extract(text).work_history] == [
        "District and Session Court of Solapur"
    ]


def test_a_career_objective_under_a_company_is_no_job() -> None:
    text = export(
        ("Acme Software Pvt. Ltd", "I want to work in organisation as a python developer."),
        title="Python Developer",
    )
    assert extract(text).work_history == []


def test_a_block_describing_a_client_company_after_the_job_is_no_job() -> None:
    text = export(
        ("Hexaware Technologies", "Working as a RPA Business Analyst"),
        ("BBH- Brown Brothers", "is a private bank that provides commercial banking."),
    )
    assert [w.company for w in extract(text).work_history] == ["Hexaware Technologies"]


def test_a_bracketed_firm_after_a_title_in_the_company_slot() -> None:
    profile = extract(export(("Criminal lawyer (law firm)", ""), title="Advocate"))
    assert [w.title for w in profile.work_history] == ["Criminal lawyer"]


# -- titles inside a description ---------------------------------------------------------------


def test_worked_as_further_into_a_description_names_the_job() -> None:
    text = export(
        ("Acme Services", "CLIENT: Microsoft\n\nJob Profile: Worked as an \"Support Engineer''"),
        (
            "Kisan Sugars Pvt. Ltd",
            "With over 1.5 years of experience worked as Asst. Electrical "
            "Engineer from erection to commissioning.",
        ),
    )
    assert [w.title for w in extract(text).work_history] == [
        "Support Engineer",
        "Asst. Electrical Engineer",
    ]


def test_a_flattened_table_row_names_the_role_and_a_header_row_does_not() -> None:
    text = export(
        ("Netcore Systems", "Project Office network\nRole Sr. Network Engineer\nDuties: cabling"),
        ("Mahindra Works", "Organization              Designation         Duration\nBuilt things"),
        ("Asha Dairy", "Designation Held: IT Executive\nServers"),
    )
    assert [w.title for w in extract(text).work_history] == [
        "Sr. Network Engineer",
        None,
        "IT Executive",
    ]


def test_a_current_line_listing_skills_is_not_a_title() -> None:
    text = export(
        ("Tata Consultancy Services", "Project Description\nData lake work."),
        ("Tata Consultancy Services", "Project Description\nHealth checks."),
        title="Hadoop developer",
        current="hadoop,hive,sqoop,flume,pig,python,sql,unix.",
    )
    assert jobs(extract(text)) == [("Hadoop developer", "Tata Consultancy Services", None, None)]


def test_the_headline_titles_one_job_whose_company_slot_is_empty() -> None:
    text = export(("", "Job Description: Managing the mining firm"), title="BlockChain Developer")
    assert [w.title for w in extract(text).work_history] == ["BlockChain Developer"]


def test_a_job_sentence_after_a_decorative_bullet_is_read() -> None:
    text = export(
        ("Ghatkopar YMCA", "for 3 Years.\n❖ Worked in Jungle Cubs Gym as a Co-ordinator.")
    )
    assert ("Co-ordinator", "Jungle Cubs Gym") in [
        (w.title, w.company) for w in extract(text).work_history
    ]


# -- one employer's blocks ---------------------------------------------------------------------


def test_one_employers_blocks_merge_however_its_name_is_written() -> None:
    text = export(
        ("Arsys Inovics Pvt Ltd", "Project - F-MAS\nBuilt the inventory app."),
        ("Arsys", "1. Working as back end as well as front end developer"),
        ("Tech Mahindra", "Duration       Oct 2017- Till Date\nProject for BT."),
        ("Tech Mahindra Pvt. Ltd Pune, Tech Mahindra", "Project for AT&T."),
    )
    assert [w.company for w in extract(text).work_history] == [
        "Arsys Inovics Pvt Ltd",
        "Tech Mahindra",
    ]


def test_an_employer_again_after_another_is_a_second_stint() -> None:
    text = export(
        ("Capita India Pvt ltd", "Pune\nTransitions."),
        ("Saviant Technologies", "for Multiple Projects"),
        ("Capita India Pvt ltd", "Reporting."),
    )
    assert [w.company for w in extract(text).work_history] == [
        "Capita India Pvt ltd",
        "Saviant Technologies",
        "Capita India Pvt ltd",
    ]


def test_two_blocks_of_one_employer_with_two_role_lines_are_two_roles() -> None:
    text = export(
        ("Interface Techno System", "Role              Network Engineer\nBackups."),
        ("Interface Techno System", "Role              Network Support Engineer\nPrinters."),
    )
    assert [w.title for w in extract(text).work_history] == [
        "Network Engineer",
        "Network Support Engineer",
    ]


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Jan 2015 Nov 2016", "2015-01", "2016-11"),
        ("for Dell Corporation, Aug 29th' 2005 till Feb '2007.", "2005-08", "2007-02"),
        ("Aug 29, 2005 - Mar 3, 2007", "2005-08", "2007-03"),
    ],
)
def test_more_date_forms(text: str, start: str, end: str) -> None:
    [found] = find_date_ranges(text)
    assert (found.start, found.end) == (start, end)


def test_a_bare_year_after_from_that_ends_its_clause_opens_a_range() -> None:
    [found] = find_date_ranges("Practising in the courts of Guwahati from 2008. Civil cases.")
    assert (found.start, found.end) == ("2008", "present")
    assert find_date_ranges("Graduated from 2008 batch") == []
    assert find_date_ranges("May 2013 Master of Computer Applications") == []


def test_a_bullet_whose_bytes_a_renderer_dropped_still_opens_a_job_sentence() -> None:
    assert clean_text("for 3 Years.\n\u00e2\u00a2 Worked in X\n\u00e2 Worked in Y") == (
        "for 3 Years.\n• Worked in X\n• Worked in Y"
    )
    assert clean_text("Château d'If") == "Château d'If"


def test_pdf_text_without_the_trailing_space_of_an_empty_company_slot() -> None:
    text = export(("", "Job Description: Managing the mining firm"), title="BlockChain Developer")
    text = text.replace("company - \n", "company -\n")
    assert [w.title for w in extract(text).work_history] == ["BlockChain Developer"]


def test_the_title_block_a_two_column_layout_moved_away_from_skill_details() -> None:
    text = (
        "Skill Details \nPython- Experience - 24 monthsCompany Details \n"
        "company - Ernst & Young LLP\ndescription - Fraud investigations.\n\n"
        "Data Science Assurance\nAssociate\n\nData Science Assurance Associate - Ernst &\n"
        "Young LLP\n\nSkills * Python"
    )
    assert jobs(extract(text)) == [
        ("Data Science Assurance Associate", "Ernst & Young LLP", None, None)
    ]


def test_a_school_with_its_score_in_the_company_slot_is_no_job() -> None:
    text = export(
        ("Vertical Software", "Built web applications in J2EE."),
        ("Higher Secondary School", "Pune, 58.8%"),
        ("Kisan Arts College", "Asst. Professor of political science."),
    )
    assert [w.company for w in extract(text).work_history] == [
        "Vertical Software",
        "Kisan Arts College",
    ]


def test_an_empty_block_is_no_job_even_under_a_title() -> None:
    assert extract(export(("", ""), title="Dot Net Developer")).work_history == []
