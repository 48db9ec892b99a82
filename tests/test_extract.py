"""Extraction: sections tile the text, identifiers, history, education, skills, and the real
public corpus end to end."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.candidates.parsing.dates import find_date_ranges
from app.candidates.parsing.extract import extract_profile
from app.candidates.parsing.identifiers import find_emails, find_phones
from app.candidates.parsing.readers import read_path
from app.candidates.parsing.sections import split_sections
from app.candidates.profile import ParsedProfile, RawRecord

TODAY = date(2024, 6, 1)

# Shaped like a row of the public corpus: headings glued to the text before them, the
# "wanted title / current title - company" block, then "company - / description -" blocks.
CORPUS_STYLE = (
    "Skills * Programming Languages: Python (pandas, numpy), Sql, Java. * Machine learning: "
    "Regression, NaÃ¯ve Bayes, Random Forest and understanding of Deep learning.Education "
    "Details \r\nMay 2013 to May 2017 B.E   Pune, Maharashtra Pune University\r\n"
    "Data Scientist \r\n\r\nData Scientist - Matelabs\r\n"
    "Skill Details \r\nPython- Experience - Less than 1 year months\r\n"
    "Statsmodels- Experience - 12 monthsCompany Details \r\n"
    "company - Matelabs\r\ndescription - ML Platform for business professionals.\r\n"
    "â\x80¢ Built models in Python and SQL.\r\n"
    "company - Wipro\r\ndescription - Role: Software Engineer\r\nJune 2014 to May 2016\r\n"
)

FREE_TEXT = """JANE DOE
Senior Data Engineer
San Francisco, CA 94105 | jane.doe@example.com | +1 (415) 555-0134 | linkedin.com/in/janedoe
https://github.com/janedoe

## Summary
Data engineer with 7+ years of experience building pipelines.

Work Experience:
Senior Data Engineer at Acme Corp (Jan 2018 - Present)
Built Spark pipelines on AWS; led the 2016-2018 warehouse migration.
Data Analyst, Globex Inc, Jun 2014 – Dec 2017
Wrote SQL reports.

EDUCATION
B.Sc. Computer Science, Stanford University, 2014

Technical Skills: Python, SQL, Kubernetes
Certifications
AWS Certified Solutions Architect
"""


def extract(text: str | None = None, **fields: object) -> ParsedProfile:
    return extract_profile(RawRecord(source="test", text=text, fields=fields), today=TODAY)


def assert_tiles(profile: ParsedProfile) -> None:
    """Sections cover raw_text exactly: in order, no gaps, no overlaps."""
    assert "".join(s.text for s in profile.sections) == profile.raw_text
    position = 0
    for section in profile.sections:
        assert section.start == position
        assert profile.raw_text[section.start : section.end] == section.text
        position = section.end
    assert position == len(profile.raw_text)


# -- sections -----------------------------------------------------------------------------------


def test_free_text_sections_tile_the_text_and_are_classified() -> None:
    profile = extract(FREE_TEXT)
    assert_tiles(profile)
    assert [(s.kind, s.heading) for s in profile.sections] == [
        ("summary", ""),
        ("summary", "Summary"),
        ("experience", "Work Experience"),
        ("education", "EDUCATION"),
        ("skills", "Technical Skills"),
        ("certifications", "Certifications"),
    ]


def test_corpus_headings_glued_to_the_previous_text_are_found() -> None:
    profile = extract(CORPUS_STYLE)
    assert_tiles(profile)
    kinds = [(s.kind, s.heading) for s in profile.sections]
    assert kinds == [
        ("skills", "Skills"),
        ("education", "Education Details"),
        ("skills", "Skill Details"),
        ("experience", "Company Details"),
    ]
    skills, education = profile.sections[0], profile.sections[1]
    assert skills.text.endswith("understanding of Deep learning.")
    assert education.text.startswith("Education Details \nMay 2013")


def test_text_without_headings_is_one_section() -> None:
    sections = split_sections("just some words\nabout a person")
    assert [(s.kind, s.start, s.end) for s in sections] == [("other", 0, 30)]
    assert split_sections("") == []


def test_heading_words_inside_sentences_are_not_headings() -> None:
    text = "Experienced engineer.\nExperience in India: five years\nSkills\nPython"
    assert [s.heading for s in split_sections(text)] == ["", "Skills"]


# -- cleaning and identifiers -------------------------------------------------------------------


def test_raw_text_is_cleaned() -> None:
    profile = extract(CORPUS_STYLE)
    assert "Naïve Bayes" in profile.raw_text
    assert "• Built models" in profile.raw_text
    assert "\r" not in profile.raw_text


def test_identifiers_are_found_and_kept_out_of_years() -> None:
    ids = extract(FREE_TEXT).identifiers
    assert ids.emails == ["jane.doe@example.com"]
    assert ids.phones == ["+1 (415) 555-0134"]
    assert ids.urls == ["linkedin.com/in/janedoe", "https://github.com/janedoe"]


@pytest.mark.parametrize(
    "phone",
    [
        "+91 98765 43210",
        "+44 20 7946 0958",
        "020 7946 0958",
        "(415) 555-0134",
        "415.555.0134",
        "9876543210",
        "+49-30-1234567",
    ],
)
def test_international_phone_formats(phone: str) -> None:
    assert find_phones(f"Call me on {phone} today") == [phone]


@pytest.mark.parametrize(
    "not_phone",
    [
        "2014 - 2018",
        "2012-2016",
        "Mumbai 400097 India",
        "ip 192.168.100.100",
        "January 2014 to May 2018",
        "2010 2012 2014",
        "version 1.2.3",
        "01/2019 - 05/2021",
    ],
)
def test_years_postcodes_and_addresses_are_not_phones(not_phone: str) -> None:
    assert find_phones(not_phone) == []


def test_emails() -> None:
    text = "a.b+c@x.co.uk, .lead@dot.com; foo@bar; me@example.com."
    assert find_emails(text) == ["a.b+c@x.co.uk", "lead@dot.com", "me@example.com"]


@pytest.mark.parametrize(
    ("written", "start", "end"),
    [
        ("Jan 2018 - Present", "2018-01", "present"),
        ("June 2014 to May 2015", "2014-06", "2015-05"),
        ("Oct, 2017 to Till Date", "2017-10", "present"),
        ("since MAY 2018 to TILL DATE", "2018-05", "present"),
        ("Jan '2012 – Current", "2012-01", "present"),
        ("03/2019 – 11/2021", "2019-03", "2021-11"),
        ("2019-03 - 2020-07", "2019-03", "2020-07"),
        ("(2016-2018)", "2016", "2018"),
    ],
)
def test_date_ranges_as_resumes_write_them(written: str, start: str, end: str) -> None:
    [found] = find_date_ranges(written)
    assert (found.start, found.end) == (start, end)


@pytest.mark.parametrize(
    ("header", "location"),
    [
        ("Sam Roe\nToronto, ON | sam@example.com", "Toronto, ON"),
        ("Sam Roe\nSão Paulo, Brazil", "São Paulo, Brazil"),
        ("Sam Roe\nLocation: Remote (EU time zones)", "Remote (EU time zones)"),
        ("Sam Roe\nI moved, CA", None),
    ],
)
def test_location_from_the_header(header: str, location: str | None) -> None:
    assert extract(header + "\n\nSkills\nPython").location == location


def test_identifiers_from_fields_come_first_and_are_deduplicated() -> None:
    profile = extract(
        "Reach me at sam@example.com or +1 415 555 0199.",
        email="Sam@Example.com",
        phone="+1 (415) 555-0199",
        linkedin="https://www.linkedin.com/in/sam",
    )
    assert profile.identifiers.emails == ["Sam@Example.com"]
    assert profile.identifiers.phones == ["+1 (415) 555-0199"]
    assert profile.identifiers.urls == ["https://www.linkedin.com/in/sam"]


# -- header, history, education, skills ---------------------------------------------------------


def test_free_text_header_fields() -> None:
    profile = extract(FREE_TEXT)
    assert profile.name == "Jane Doe"
    assert profile.headline == "Senior Data Engineer"
    assert profile.location == "San Francisco, CA 94105"
    # The dated jobs (Jun 2014 - today) outweigh the "7+ years" phrase.
    assert (profile.years_experience, profile.years_source) == (10.1, "history")


def test_free_text_work_history_with_dates() -> None:
    work = extract(FREE_TEXT).work_history
    assert [(w.title, w.company, w.start, w.end) for w in work] == [
        ("Senior Data Engineer", "Acme Corp", "2018-01", "present"),
        ("Data Analyst", "Globex Inc", "2014-06", "2017-12"),
    ]
    assert work[0].description is not None and "2016-2018" in work[0].description
    assert work[1].description == "Wrote SQL reports."
    assert all(w.onet_code and w.normalized_title for w in work)


def test_years_fall_back_to_the_months_the_jobs_cover() -> None:
    text = "Experience\nAnalyst, Acme, Jan 2020 - Dec 2021\nIntern at Initech (2019 - 2020)\n"
    # 2019-01..2021-12, the overlapping year counted once
    assert extract(text).years_experience == 3.0


def test_corpus_pattern_work_history() -> None:
    profile = extract(CORPUS_STYLE)
    work = profile.work_history
    assert [(w.title, w.company) for w in work] == [
        ("Data Scientist", "Matelabs"),
        ("Software Engineer", "Wipro"),
    ]
    assert (work[1].start, work[1].end) == ("2014-06", "2016-05")
    assert work[0].description is not None and "ML Platform" in work[0].description
    assert work[0].normalized_title == "Data Scientists"
    assert profile.headline == "Data Scientist"
    assert profile.name is None  # the corpus has no names; guessing one would be wrong
    assert profile.location is None


def test_education_from_section_lines() -> None:
    [corpus_item] = extract(CORPUS_STYLE).education
    assert (corpus_item.degree, corpus_item.institution, corpus_item.year) == (
        "B.E",
        "Pune University",
        "2017",
    )
    [item] = extract(FREE_TEXT).education
    assert (item.degree, item.institution, item.year) == ("B.Sc.", "Stanford University", "2014")


def test_skills_from_text_and_fields() -> None:
    profile = extract(FREE_TEXT, skills=["Python", "Underwater Basket Weaving"])
    by_name = {s.name: s for s in profile.skills}
    assert by_name["Python"].known and by_name["Python"].raw == "Python"
    weaving = by_name["Underwater Basket Weaving"]
    assert not weaving.known and weaving.raw == "Underwater Basket Weaving"
    assert sum(s.name == "Python" for s in profile.skills) == 1  # deduplicated
    assert any("Kubernetes" in s.name for s in profile.skills)
    # The name and city are not skills even where a product shares the word.
    assert not any(s.raw in ("DOE", "San") for s in profile.skills)


# -- structured records -------------------------------------------------------------------------


def test_structured_record_without_text_is_rendered_and_parsed() -> None:
    profile = extract(
        id="c-1",
        name="Ana Lima",
        headline="Backend Developer",
        location="Lisbon, Portugal",
        email="ana@example.com",
        years_experience=6,
        experience=[
            {"title": "Backend Developer", "company": "Acme", "start": "2019-03", "end": None},
            {"title": "Junior Developer", "company": "Initech", "start": "2016", "end": "2019"},
        ],
        education=[{"degree": "BSc", "institution": "University of Lisbon", "year": 2016}],
        skills=["Python", "PostgreSQL"],
        category="Engineering",
    )
    assert_tiles(profile)
    assert profile.raw_text.startswith("Ana Lima\nBackend Developer\nLisbon, Portugal")
    assert {s.kind for s in profile.sections} >= {"experience", "education", "skills"}
    assert (profile.name, profile.headline, profile.location) == (
        "Ana Lima",
        "Backend Developer",
        "Lisbon, Portugal",
    )
    assert profile.years_experience == 6.0
    assert profile.category == "Engineering"
    assert [(w.title, w.start) for w in profile.work_history] == [
        ("Backend Developer", "2019-03"),
        ("Junior Developer", "2016"),
    ]
    assert profile.education[0].institution == "University of Lisbon"
    assert profile.education[0].year == "2016"
    assert profile.identifiers.emails == ["ana@example.com"]
    assert [s.name for s in profile.skills][:2] == ["Python", "PostgreSQL"]
    for skill in profile.skills:
        assert skill.raw  # every skill is quotable


def test_odd_field_types_are_ignored_not_fatal() -> None:
    profile = extract(
        "Plain resume text",
        name=["not", "a", "string"],
        experience="not a list",
        education=[None, 3, {"degree": 7}],
        skills={"python": True},
        years_experience="lots",
    )
    assert profile.name is None
    assert profile.work_history == []
    assert profile.years_experience is None


# -- the real public corpus ---------------------------------------------------------------------


def test_the_public_corpus_reads_and_extracts_completely(shared_data: Path) -> None:
    results = list(read_path(shared_data / "resumes" / "UpdatedResumeDataSet.csv"))
    records = [r for r in results if isinstance(r, RawRecord)]
    assert len(results) == len(records) == 962
    assert records[11].source == "UpdatedResumeDataSet.csv#row=12"
    profiles = [extract_profile(r, today=TODAY) for r in records]
    for profile in profiles:
        assert profile.raw_text
        assert profile.sections
        assert "".join(s.text for s in profile.sections) == profile.raw_text
        assert profile.category
    assert all(p.name is None for p in profiles)
    assert sum(bool(p.work_history) for p in profiles) > 900
    assert sum(bool(p.skills) for p in profiles) > 600
    assert not any("Ã¯" in p.raw_text or "â\x80" in p.raw_text for p in profiles)


def test_corpus_single_untitled_job_takes_the_resume_title() -> None:
    text = (
        "Skills * Python\r\nEducation Details \r\nB.E Pune University\r\nDevOps Engineer \r\n"
        "\r\n\r\nSkill Details \r\nPython- Experience - 6 monthsCompany Details \r\n"
        "company - Parkar Consulting and Labs\r\ndescription - I work on the DevOps team.\r\n"
    )
    work = extract(text).work_history
    assert [(w.title, w.company) for w in work] == [
        ("DevOps Engineer", "Parkar Consulting and Labs")
    ]
    # With two jobs the resume's title cannot say which one it was.
    two = text + "company - Acme\r\ndescription - Support.\r\n"
    assert [w.title for w in extract(two).work_history] == [None, None]
