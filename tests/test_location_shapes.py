"""Location shapes real CVs use (issue 9): street addresses in several countries' formats, where
only the place counts; capitals beyond ASCII; the closing declaration's "Place:"; and places a
resume names without saying the person lives there (a finished internship, a university)."""

from __future__ import annotations

from datetime import date

import pytest

from app.candidates.parsing.extract import extract_profile
from app.candidates.profile import ParsedProfile, RawRecord
from app.geo import find_places

TODAY = date(2024, 6, 1)
SKILLS = "\n\nSkills\nJava, Spring Boot, PostgreSQL\n"


def extract(text: str) -> ParsedProfile:
    return extract_profile(RawRecord(source="cv.txt", text=text), today=TODAY)


@pytest.mark.parametrize(
    ("address", "city", "country_code", "street"),
    [
        ("ul. Piotrkowska 104/12, 90-001 Łódź, Poland", "Łódź", "PL", "Piotrkowska"),
        ("221 Baker Street, London NW1 6XE, United Kingdom", "London", "GB", "Baker"),
        ("45, MG Road, Indiranagar, Bengaluru - 560038", "Bengaluru", "IN", "MG Road"),
        ("Hauptstraße 5, 10115 Berlin", "Berlin", "DE", "Hauptstraße"),
        ("1600 Pennsylvania Avenue NW, Washington, DC 20500", "Washington", "US", "Avenue"),
    ],
)
def test_an_address_line_gives_its_place_never_its_street(
    address: str, city: str, country_code: str, street: str
) -> None:
    profile = extract(f"Jane Kowalska\nAddress: {address}\nPhone: +48 600 100 200" + SKILLS)
    assert profile.place is not None, profile.location
    assert (profile.place.city, profile.place.country_code) == (city, country_code)
    assert profile.location is not None and street not in profile.location


def test_places_spelled_with_capitals_beyond_ascii_are_found_in_free_text() -> None:
    found = {m.place.city for m in find_places("Born in Łódź, lives in Århus and works in Örebro")}
    assert {"Łódź", "Århus", "Örebro"} <= found


@pytest.mark.parametrize(
    ("header", "city", "country_code"),
    [
        ("Lukas Hoffmann\nMünchen, Deutschland\nlukas@example.de", "Munich", "DE"),
        ("Anna Becker\nWohnort: Köln\nanna@example.de", "Köln", "DE"),
        ("Piotr Nowak\nWarszawa\npiotr@example.pl", "Warsaw", "PL"),
        ("Camille Laurent\nAdresse : 12 rue de Rivoli, 75001 Paris, France", "Paris", "FR"),
        ("Megan Caldwell\nChicago, IL 60614 | (312) 555-0199", "Chicago", "US"),
    ],
)
def test_non_english_spellings_and_labels_in_the_header(
    header: str, city: str, country_code: str
) -> None:
    place = extract(header + SKILLS).place
    assert place is not None and (place.city, place.country_code) == (city, country_code)


def test_the_declarations_place_is_where_the_person_is() -> None:
    text = (
        "RESUME\n\nExperience\nDesign Engineer — Ashok Leyland\nJune 2017 – Present\n"
        "AutoCAD drawings.\n\nDeclaration\nI hereby declare that the above is true.\n"
        "Place: Chennai\nDate: 12/01/2023\n"
    )
    place = extract(text).place
    assert place is not None and (place.city, place.country_code) == ("Chennai", "IN")


def test_a_projects_place_is_not_the_persons() -> None:
    text = (
        "RESUME\n\nProjects\nJharnet network rollout\nPlace: Ranchi, Jharkhand\n"
        "Duration: 4 months\n" + SKILLS
    )
    assert extract(text).location is None


def test_a_finished_internships_city_is_not_where_the_person_lives() -> None:
    text = (
        "Rohan Kulkarni\nrohan@example.in\n\nInternship\n"
        "Data Analyst Intern — Flipkart, Bangalore\nMay 2022 – Jul 2022\nDashboards.\n"
        "\nEducation\n2022 B.Tech Computer Science, Manipal Institute of Technology\n" + SKILLS
    )
    assert extract(text).location is None


def test_a_current_roles_city_is_not_where_the_person_lives_either() -> None:
    text = (
        "Rohan Kulkarni\nrohan@example.in\n\nExperience\n"
        "Data Analyst — Flipkart, Bangalore\nMay 2022 – present\nDashboards.\n" + SKILLS
    )
    assert extract(text).location is None


def test_a_line_naming_a_school_is_not_the_header_location() -> None:
    text = (
        "Advocate\nJuly 2005 to April 2008 Bachelor of Science\n"
        "Chandigarh, Chandigarh Panjab University\n" + SKILLS
    )
    assert extract(text).location is None
