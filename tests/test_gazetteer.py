"""The gazetteer names real places and refuses phrases that are not places."""

from __future__ import annotations

import pytest

from app.geo import country_code_of, find_places, lookup


@pytest.mark.parametrize(
    ("phrase", "city", "country_code"),
    [
        ("Pune", "Pune", "IN"),
        ("Pune, India", "Pune", "IN"),
        ("India, Pune", "Pune", "IN"),  # "Country, City" as CV headers write it
        ("Pune, Maharashtra, India", "Pune", "IN"),
        ("Washington, D.C.", "Washington", "US"),
        ("Washington D.C.", "Washington", "US"),
        ("Boston, MA", "Boston", "US"),
        ("Munich, DE", "Munich", "DE"),  # DE is Delaware too; no Munich there
        ("Dover, DE", "Dover", "US"),
        ("Bangalore", "Bengaluru", "IN"),  # alternate name
        ("München", "Munich", "DE"),
        ("New York", "New York City", "US"),
        ("Mobile, AL", "Mobile", "US"),  # an ordinary word, qualified
        ("Berlin (Germany)", "Berlin", "DE"),
    ],
)
def test_cities(phrase: str, city: str, country_code: str) -> None:
    place = lookup(phrase)
    assert place is not None, phrase
    assert (place.city, place.country_code, place.kind) == (city, country_code, "city")


def test_regions_and_countries() -> None:
    dc = lookup("Washington, D.C.")
    assert dc is not None and dc.region == "District of Columbia"
    texas = lookup("Texas, USA")
    assert texas is not None and (texas.kind, texas.region) == ("region", "Texas")
    germany = lookup("Germany")
    assert germany is not None and (germany.kind, germany.country_code) == ("country", "DE")
    assert lookup("Maharashtra, India") == lookup("India")
    assert country_code_of("USA") == "US" and country_code_of("de") == "DE"
    assert country_code_of("Narnia") is None


@pytest.mark.parametrize(
    "phrase",
    ["Pay Options", "Washington D", "Word", "LinkedIn", "Remote", "Mobile", "Java", "Spring", ""],
)
def test_not_places(phrase: str) -> None:
    assert lookup(phrase) is None


def test_find_places_in_text() -> None:
    line = "Senior Python Developer in Pune, India (hybrid). Pay Options: monthly."
    assert [(m.text, m.place.city) for m in find_places(line)] == [("Pune, India", "Pune")]
    assert find_places("Chad Smith, Software Engineer") == []
    assert find_places("Experience with Java Spring and Mobile apps") == []
    hits = find_places("Our office in Washington, D.C. is near the metro")
    assert [m.place.city for m in hits] == ["Washington"]


def test_store_keeps_the_normalized_place() -> None:
    import uuid

    from app.candidates.profile import ParsedProfile
    from app.candidates.store import prepare

    profile = ParsedProfile(
        location="Pune, India",
        place=lookup("Pune, India"),
        years_experience=6.0,
        years_source="history",
        raw_text="Python developer in Pune",
    )
    row = prepare(
        profile,
        org_id=uuid.uuid4(),
        source="cv.txt",
        media_type="text/plain",
        size_bytes=24,
        content_hash="x" * 64,
        simhash=0,
        import_run_id=None,
    ).candidate
    assert (row.city, row.country_code, row.years_source) == ("Pune", "IN", "history")
    assert row.profile["place"]["country"] == "India"
