"""The candidate's location from the gazetteer: labelled lines, header lines, never a job's
city, never a skill word, never a street address; stored through the real import path as
city / region / country_code."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.candidates.parsing.extract import extract_profile
from app.candidates.parsing.readers import read_path
from app.candidates.profile import ParsedProfile, RawRecord
from app.runtime import Runtime
from tests.conftest import Tenant
from tests.importing import import_one

TODAY = date(2024, 6, 1)
SKILLS = "\n\nSkills\nJava, Spring Boot, PostgreSQL\n"


def extract(text: str, **fields: object) -> ParsedProfile:
    return extract_profile(RawRecord(source="cv.txt", text=text, fields=fields), today=TODAY)


@pytest.mark.parametrize(
    ("header", "display", "city", "country_code"),
    [
        (
            "Ivan Petrov\nSenior Java Developer\nResidence: Kyiv, Ukraine",
            "Kyiv, Ukraine",
            "Kyiv",
            "UA",
        ),
        ("Ivan Petrov\nLocation: Pune, India", "Pune, India", "Pune", "IN"),
        ("Ivan Petrov\nCity: Bangalore", "Bangalore", "Bengaluru", "IN"),
        ("Ivan Petrov\nBased in Austin, TX", "Austin, TX", "Austin", "US"),
        ("Ivan Petrov\nLives in Berlin", "Berlin", "Berlin", "DE"),
        ("Ivan Petrov\nUkraine, Kharkiv | ivan@example.com", "Ukraine, Kharkiv", "Kharkiv", "UA"),
        ("Ivan Petrov\nKraków, Poland", "Kraków, Poland", "Kraków", "PL"),
        ("Anna Schmidt\nBerlin\n+49 30 1234567", "Berlin", "Berlin", "DE"),  # a bare city line
        ("Sam Roe\nToronto, ON | sam@example.com", "Toronto, ON", "Toronto", "CA"),
        (
            "Jane Doe\nSan Francisco, CA 94105 | jane@example.com",
            "San Francisco, CA 94105",
            "San Francisco",
            "US",
        ),
    ],
)
def test_location_from_labelled_and_header_lines(
    header: str, display: str, city: str, country_code: str
) -> None:
    profile = extract(header + SKILLS)
    assert profile.location == display
    assert profile.place is not None
    assert (profile.place.city, profile.place.country_code) == (city, country_code)


def test_country_is_inferred_from_an_unambiguous_city() -> None:
    place = extract("Olena Kovalenko\nLviv" + SKILLS).place
    assert place is not None and (place.country, place.country_code) == ("Ukraine", "UA")


@pytest.mark.parametrize(
    "header",
    [
        "Anna Schmidt\nJava | Spring | Mobile",  # skills, not Java (Indonesia) or Mobile (AL)
        "Anna Schmidt\nNice",  # plain word unless labelled or qualified
        "Anna Schmidt\nI moved, CA",  # a sentence, not a city
        "Anna Schmidt\nSenior Developer",
    ],
)
def test_skill_words_and_sentences_are_not_places(header: str) -> None:
    profile = extract(header + SKILLS)
    assert (profile.location, profile.place) == (None, None)


def test_a_qualified_or_labelled_ambiguous_word_is_a_place() -> None:
    place = extract("Anna Schmidt\nNice, France" + SKILLS).place
    assert place is not None and place.country_code == "FR"
    # Labelled, the text is kept for display even where the gazetteer will not resolve it.
    assert extract("Anna Schmidt\nLocation: Remote (EU)" + SKILLS).location == "Remote (EU)"


def test_a_street_address_keeps_only_the_place() -> None:
    profile = extract("Anna Schmidt\nAddress: Flat 12, 221B Baker Street, London NW1 6XE" + SKILLS)
    assert profile.location == "London, United Kingdom"
    assert "Baker" not in (profile.location or "")
    assert profile.place is not None and profile.place.country_code == "GB"


def test_an_address_without_a_known_place_is_not_displayed() -> None:
    profile = extract("Anna Schmidt\nAddress: Near Maruti High School, Marol Road" + SKILLS)
    assert (profile.location, profile.place) == (None, None)


def test_a_jobs_location_line_is_not_the_persons_when_the_header_has_one() -> None:
    text = (
        "Ivan Petrov\nResidence: Warsaw, Poland\n\nExperience\n"
        "Java Developer, Luxoft, 2019 - present\nLocation: Kyiv, Ukraine\n"
    )
    place = extract(text).place
    assert place is not None and place.city == "Warsaw"


def test_the_most_recent_roles_city_is_no_location() -> None:
    # The employer's office, not where the person says they live: no guess (issue 9).
    text = (
        "Ivan Petrov\nJava Developer\n\nExperience\n"
        "Java Developer, Luxoft, Kyiv, 2019 - present\nBuilt services.\n"
        "Junior Developer, EPAM Systems, Minsk, 2016 - 2019\n"
    )
    profile = extract(text)
    assert profile.place is None and profile.location is None


def test_a_location_field_wins_and_is_resolved() -> None:
    profile = extract_profile(
        RawRecord(source="p.jsonl#line=1", fields={"name": "Ada", "location": "Munich, Germany"})
    )
    assert profile.location == "Munich, Germany"
    assert profile.place is not None and profile.place.country_code == "DE"


def test_the_location_is_not_taken_for_a_skill() -> None:
    # "San Francisco" is not the SAN storage skill once it is known to be the location.
    skills = {s.name for s in extract("Jane Doe\nSan Francisco, CA" + SKILLS).skills}
    assert not any("Storage area network" in name for name in skills)


def test_imported_candidate_stores_city_region_and_country_code(
    rt: Runtime, tenant: Tenant, tmp_path: Path
) -> None:
    path = tmp_path / "petrov.txt"
    path.write_text(
        "Ivan Petrov\nSenior Java Developer\nResidence: Boston, MA\n\n"
        "Experience\nSenior Java Developer, Acme Inc, 2016 - present\n" + SKILLS,
        encoding="utf-8",
    )
    row = import_one(rt, tenant.org.id, path)
    assert (row.location, row.city, row.region, row.country_code) == (
        "Boston, MA",
        "Boston",
        "Massachusetts",
        "US",
    )


def test_the_public_csv_gets_locations(shared_data: Path) -> None:
    texts: dict[str, RawRecord] = {}
    for record in read_path(shared_data / "resumes" / "UpdatedResumeDataSet.csv"):
        if isinstance(record, RawRecord) and record.text:
            texts.setdefault(record.text, record)
    profiles = [extract_profile(r, today=TODAY) for r in texts.values()]
    located = [p for p in profiles if p.place is not None]
    # The export has no header lines and few resumes state a place (8 of 166 in the parsing
    # gold); a job's city is not one (4 found, measured after that rule).
    assert len(located) >= 4
    assert all(p.place and p.place.country_code for p in located)
    # Never a skill word taken for a town.
    assert not any(p.location in {"Java", "Spring", "Mobile", "Nice"} for p in located)


@pytest.mark.parametrize(
    ("text", "city"),
    [
        # The public corpus' export runs personal details into the last job's description.
        (
            "Company Details \ncompany - Acme\ndescription - Hiring and training.\n\n"
            "PERSONAL DETAIL\nDOB: 21/03/1986\nLinguistic Ability: English, Hindi\n"
            "Location: Pune, India\nMarital Status: Married\n",
            "Pune",
        ),
        # A personal heading with its label on the same line, a corpus heading glued on.
        (
            "IT SKILLS • MS Office, Tally PERSONAL DOSSIER Permanent Address: Bandra West, "
            "Mumbai 400 050Education Details \n B.Com Bombay University\n",
            "Mumbai",
        ),
    ],
)
def test_personal_details_inside_other_text(text: str, city: str) -> None:
    profile = extract(text)
    assert profile.place is not None and profile.place.city == city, profile.location


def test_a_jobs_location_is_not_the_persons_without_a_personal_cue() -> None:
    text = (
        "Company Details \ncompany - Acme\ndescription - Site engineer.\n"
        "Location: Nallasopara (W) Mumbai Maharashtra - 400097 India\n"
    )
    assert extract(text).location is None


def test_a_place_continuing_a_dated_entry_above_the_first_heading_is_not_the_header() -> None:
    # A two-column export can put an education entry above every heading.
    text = "January 2011 Diploma Thergaon\nPune, Maharashtra\nM.M.Polytechnic\n\nSkills\nJava\n"
    assert extract(text).location is None
    assert extract("Asha Patil\nPune, Maharashtra\n\nSkills\nJava\n").location == (
        "Pune, Maharashtra"
    )
