"""Work-history shapes of the public corpus' export ("company - X\\ndescription - ..."), and
the date forms its pasted resumes use. The texts are written for these tests in the export's
shape; none is a corpus row."""

from __future__ import annotations

from datetime import date

import pytest

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
