"""Where the public corpus' export states a person's place (issue 9): a "Current Location:"
or "Hometown:" line run into a job's description, the closing "Place: ... Date:" signature
without its declaration, "Place of Residence:"; and what is still no residence (a job's
"Location:", a project's "Place:", a preferred location). Also the gazetteer's reading of a
town's own name over another town's alternate name. The resumes here are written for these
tests in the export's shape, not taken from the corpus."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.candidates.parsing.extract import extract_profile
from app.candidates.profile import ParsedProfile, RawRecord
from app.geo import lookup
from app.runtime import Runtime
from tests.conftest import Tenant
from tests.importing import import_one

TODAY = date(2025, 6, 1)
EXPORT = (
    "Skills: Python, SQL\n"
    "Education Details \n"
    "June 2015 B.E Computer Engineering Pune, Maharashtra Savitribai Phule Pune University\n"
    "Data Analyst \n\nData Analyst\n"
    "Skill Details \n"
    "Python- Experience - 24 months\n"
    "MS office- Experience - 12 monthsCompany Details \n"
    "company - Acme Analytics Pvt Ltd\n"
    "description - Built dashboards in Tableau and reports in Excel.\n"
)


def extract(text: str) -> ParsedProfile:
    return extract_profile(RawRecord(source="cv.txt", text=text), today=TODAY)


@pytest.mark.parametrize(
    ("tail", "city"),
    [
        ("Current Location: Navi Mumbai\n", "Navi Mumbai"),
        ("Hobbies: chess\nHometown: Visakhapatnam\n", "Visakhapatnam"),
        ("Native place - Nagpur\n", "Nagpur"),
        ("I am confident of my abilities.\nPlace: Nagpur\nDate:\n", "Nagpur"),
        ("Place: Salem                 Date: 12/03/2019\n", "Salem"),
    ],
)
def test_personal_labels_and_the_signature_count_where_the_export_put_them(
    tail: str, city: str
) -> None:
    profile = extract(EXPORT + tail)
    assert profile.place is not None, profile.location
    assert (profile.place.city, profile.place.country_code) == (city, "IN")
    assert profile.location is not None and "Date" not in profile.location


def test_place_of_residence_is_a_label() -> None:
    profile = extract("Place of Residence: Thane\n" + EXPORT)
    assert profile.place is not None and profile.place.country_code == "IN"
    assert profile.location == "Thane"


def test_an_address_label_run_into_other_text_gives_its_place() -> None:
    text = "Tally, SAGE etc PERSONAL Permanent Address: Flat 4, Kothrud, Pune 411038\n" + EXPORT
    profile = extract(text)
    assert profile.place is not None and profile.place.city == "Pune"
    assert profile.location is not None and "Kothrud" not in profile.location  # no street


@pytest.mark.parametrize(
    "tail",
    [
        "Worked at the client site. Office Address: Hinjewadi Phase 1, Pune\n",
        "Kept the e-mail address: book for the Mumbai office\n",
        "company - Capita India Pvt ltd\ndescription - Pune\n",  # a job's city
        "Location: Goregaon (Client - SUN Pharma)\n",  # the job's site
        "Project: Smart grid\nPlace: Mumbai\nTeam size: 4\n",  # a project's, no signature
        "Preferred Location: Bangalore\n",  # where they would like to work
        "Willing to relocate to Hyderabad\n",
    ],
)
def test_places_that_say_nothing_of_where_the_person_lives(tail: str) -> None:
    profile = extract(EXPORT + tail)
    assert profile.location is None and profile.place is None


@pytest.mark.parametrize(
    ("name", "city", "country_code"),
    [
        ("Salem", "Salem", "IN"),  # not Jerusalem, which GeoNames also calls Salem
        ("Visakhapatnam", "Visakhapatnam", "IN"),
        ("Secunderabad", "Secunderabad", "IN"),
        ("Calcutta", "Kolkata", "IN"),  # the old name of a far larger city still wins
        ("Baroda", "Vadodara", "IN"),
        ("Zaragoza", "Zaragoza", "ES"),  # not Tijuana
        ("Salem, OR", "Salem", "US"),
    ],
)
def test_a_towns_own_name_beats_another_towns_alternate_name(
    name: str, city: str, country_code: str
) -> None:
    place = lookup(name)
    assert place is not None
    assert (place.city, place.country_code) == (city, country_code)


def test_an_export_resume_imports_with_its_current_location(
    rt: Runtime, tenant: Tenant, tmp_path: Path
) -> None:
    path = tmp_path / "analyst.txt"
    path.write_text(EXPORT + "Current Location: Navi Mumbai\nDate of joining: 2019\n")
    row = import_one(rt, tenant.org.id, path)
    assert (row.location, row.city, row.country_code) == ("Navi Mumbai", "Navi Mumbai", "IN")
