"""Where a CV states the person's place on an address or residence line (issue 9): the place
an address names, read part by part (postcodes, house numbers, streets, localities, districts,
regions, countries), in the forms real CVs use in several countries; address blocks under a
label on its own line; address lines under the name without a label; and the public export's
shapes, where such lines are run into one long line. Places that are not the person's (an
office's, a college's, a project's) stay out. The resumes are written for these tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.candidates.parsing.addresses import place_in_address
from app.candidates.parsing.extract import extract_profile
from app.candidates.profile import ParsedProfile, RawRecord
from app.geo import lookup
from app.runtime import Runtime
from tests.conftest import Tenant
from tests.importing import import_one

TODAY = date(2025, 6, 1)
# The public export's shape: no header, the person's details run into the text.
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
SKILLS = "\n\nSkills\nJava, Spring Boot, PostgreSQL\n"


def extract(text: str) -> ParsedProfile:
    return extract_profile(RawRecord(source="cv.txt", text=text), today=TODAY)


def assert_place(profile: ParsedProfile, city: str | None, country_code: str) -> None:
    assert profile.place is not None, profile.location
    assert profile.place.country_code == country_code, profile.place
    if city is not None:
        written = (profile.location or "").lower()
        assert (profile.place.city or "").lower() == city.lower() or city.lower() in written


@pytest.mark.parametrize(
    ("address", "city", "country_code"),
    [
        ("H.No. 12, Sector 5, Vashi, Navi Mumbai - 400703, Maharashtra", "Navi Mumbai", "IN"),
        ("Flat No. 203, Sai Residency, Kondapur, Hyderabad, Telangana 500084", "Hyderabad", "IN"),
        ("C/o R. Sharma, 45 Civil Lines, Jaipur (Rajasthan) - 302006", "Jaipur", "IN"),
        ("3rd Cross, 5th Main, Jayanagar, Bangalore-560041", "Bangalore", "IN"),
        ("ROOM NO 5, CHAWL NO 3, GHATKOPAR (W), MUMBAI - 400086", "Mumbai", "IN"),
        (
            "Village Rampur, Post Office Rampur, District Varanasi, Uttar Pradesh - 221001",
            "Varanasi",
            "IN",
        ),
        ("At Post Sangamner, Dist. Ahmednagar, Maharashtra - 422605", "Sangamner", "IN"),
        ("Room No. 12, Shree Sai CHS, Kalyan (W), Dist. Thane - 421301", "Kalyan", "IN"),
        ("Dadar (E) Hindu Colony Road No 2 Mumbai Maharashtra 400014", "Mumbai", "IN"),
        (
            "Shivaji Nagar, Pune - 411005",
            "Pune",
            "IN",
        ),  # a locality the gazetteer knows, then the city
        ("14 Elm Street, Springfield, IL 62701", "Springfield", "US"),
        ("1600 Pennsylvania Avenue NW, Washington, DC 20500", "Washington", "US"),
        ("455 Bay St, Toronto, ON M5G 1X5, Canada", "Toronto", "CA"),
        ("Flat 2, 10 Queen Street, Edinburgh EH2 1JX, Scotland", "Edinburgh", "GB"),
        ("Via Roma 12, 20121 Milano MI, Italy", "Milan", "IT"),  # not Rome from "Via Roma"
        ("Rua Augusta 100, 1100-053 Lisboa, Portugal", "Lisbon", "PT"),
        ("Keizersgracht 10, 1015 CN Amsterdam", "Amsterdam", "NL"),
        ("12 George St, Sydney NSW 2000, Australia", "Sydney", "AU"),
        ("House 12, Road 5, Dhanmondi, Dhaka-1205, Bangladesh", "Dhaka", "BD"),
        ("Kathmandu-10, Baneshwor, Nepal", "Kathmandu", "NP"),
        ("3-2-1 Shibuya, Shibuya-ku, Tokyo 150-0002, Japan", "Tokyo", "JP"),
        ("Rua das Flores 20, 01000-000 São Paulo, Brazil", "São Paulo", "BR"),
    ],
)
def test_an_address_names_its_town_not_its_street(
    address: str, city: str, country_code: str
) -> None:
    found = place_in_address(address)
    town = lookup(city)  # GeoNames' own name ("Milano" is Milan)
    assert found is not None and town is not None
    assert (found.place.city, found.place.country_code) == (town.city, country_code)
    assert found.place.kind == "city"


def test_an_address_without_a_town_gives_its_region_and_country() -> None:
    found = place_in_address("Near Old Temple, Maharashtra, India")
    assert found is not None and found.place.kind == "region"
    assert (found.place.region, found.place.country_code) == ("Maharashtra", "IN")


def test_a_region_pins_the_town_down() -> None:
    # "Kalyanpur" is also GeoNames' alternate name for Itanagar, in another state.
    found = place_in_address("At/Post Kalyanpur, Tal. Rahata, Dist. Ahmednagar, Maharashtra")
    assert found is not None and found.written == "Ahmednagar"
    assert found.place.country_code == "IN"


@pytest.mark.parametrize(
    ("line", "city", "country_code"),
    [
        (
            "Permanent Address: H.No. 12, Sector 5, Vashi, Navi Mumbai - 400703\n",
            "Navi Mumbai",
            "IN",
        ),
        ("Present Address : Flat 203, Kondapur, Hyderabad, Telangana 500084\n", "Hyderabad", "IN"),
        ("Correspondence Address: 45 Civil Lines, Jaipur (Rajasthan) - 302006\n", "Jaipur", "IN"),
        ("Address for Communication: 17 Park Street, Kolkata 700016\n", "Kolkata", "IN"),
        ("Contact Address: B-204, Sector 62, Noida, Uttar Pradesh 201301\n", "Noida", "IN"),
        ("Current Address - 201, Shanti Apartments, Andheri East, Mumbai 400069\n", "Mumbai", "IN"),
        ("Add.: Plot 7, Ganesh Nagar, Nagpur 440015\n", "Nagpur", "IN"),
        ("Add: 14, Shivaji Park, Dadar, Mumbai-400028\n", "Mumbai", "IN"),
        ("Postal Address: P.O. Box 12345, Dubai, UAE\n", "Dubai", "AE"),
        ("Address: Gurgaon, Haryana\n", "Gurgaon", "IN"),
        ("Address: Maharashtra, India\n", None, "IN"),
        ("Resides at Whitefield, Bangalore\n", "Bangalore", "IN"),
        ("Resident of Lucknow, Uttar Pradesh\n", "Lucknow", "IN"),
        ("Residing at: Salt Lake, Kolkata\n", "Kolkata", "IN"),
        ("Residence: Baner, Pune\n", "Pune", "IN"),
        ("Address: 88 Jalan Ampang, 50450 Kuala Lumpur, Malaysia\n", "Kuala Lumpur", "MY"),
        ("Address: 45 Kingsway, Johannesburg 2001, South Africa\n", "Johannesburg", "ZA"),
        ("Address: Plot 4, Gulberg III, Lahore, Pakistan\n", "Lahore", "PK"),
        ("Address: Calle Mayor 5, 28013 Madrid, Spain\n", "Madrid", "ES"),
    ],
)
def test_address_and_residence_lines_give_the_persons_place(
    line: str, city: str | None, country_code: str
) -> None:
    profile = extract(EXPORT + line)
    assert_place(profile, city, country_code)
    # Only the place is shown, never the street or the house number.
    assert profile.location is not None and not any(ch.isdigit() for ch in profile.location)


@pytest.mark.parametrize(
    ("block", "city"),
    [
        (
            "Permanent Address:\nVillage Rampur, Post Office Rampur\n"
            "District Varanasi, Uttar Pradesh - 221001\n",
            "Varanasi",
        ),
        (
            "PERMANENT ADDRESS\n22, Gandhi Road, Indore, Madhya Pradesh - 452001\n"
            "Languages Known: Hindi, English\n",
            "Indore",
        ),
    ],
)
def test_an_address_under_its_label_on_the_next_lines(block: str, city: str) -> None:
    assert_place(extract(EXPORT + block), city, "IN")


@pytest.mark.parametrize(
    ("header", "city", "country_code"),
    [
        ("Rahul Verma\nB-12, Lajpat Nagar, New Delhi 110024\nrahul@example.com", "New Delhi", "IN"),
        (
            "Priya Nair\n12, 3rd Cross, Indiranagar, Bangalore - 560038\npriya@example.com",
            "Bangalore",
            "IN",
        ),
        ("John Smith\n742 Evergreen Terrace, Portland, OR 97201\n(503) 555-0101", "Portland", "US"),
        ("Ana Souza\nRua das Flores 20, 01000-000 São Paulo, Brazil", "São Paulo", "BR"),
    ],
)
def test_an_address_line_under_the_name_without_a_label(
    header: str, city: str, country_code: str
) -> None:
    assert_place(extract(header + SKILLS), city, country_code)


@pytest.mark.parametrize(
    ("tail", "city"),
    [
        (
            "• Quick learner. DECLARATION: I hereby declare that the above information is "
            "true. Place: Nashik Date: / / Name: Signature:\n",
            "Nashik",
        ),
        (
            "❖ Team player. Declaration I hereby declare that all the details are correct. "
            "Date: 12/03/2018 Place: Aurangabad (Signature)\n",
            "Aurangabad",
        ),
        (
            "Strengths: punctual. Personal Details: Father's Name: Ram Date of Birth: 01/01/1990 "
            "Permanent Address: At Post Sangamner, Dist. Ahmednagar, Maharashtra - 422605 "
            "Languages Known: English, Marathi\n",
            "Sangamner",
        ),
        (
            "Hobbies: cricket, reading Address - 12, Laxmi Nagar, Nagpur, Maharashtra 440022 "
            "Mobile: 98220 00000\n",
            "Nagpur",
        ),
        ("• Team player • Residence: Thane West, Maharashtra • Languages: English\n", "Thane"),
        (
            "Good communication skills. Current Location: Hyderabad Notice period: 30 days\n",
            "Hyderabad",
        ),
        (
            "Personal Information Sex: Male Nationality: Indian Address:- Plot No 45, Sector 21, "
            "Kharghar, Navi Mumbai-410210Education Details\n",
            "Navi Mumbai",
        ),
        ("PERSONAL PROFILE DOB - 5th May 1992 Hometown - Indore, M.P.\n", "Indore"),
    ],
)
def test_the_exports_run_on_lines(tail: str, city: str) -> None:
    profile = extract(EXPORT + tail)
    assert_place(profile, city, "IN")
    assert profile.location is not None and len(profile.location) < 40  # the place, not the line


@pytest.mark.parametrize(
    "text",
    [
        EXPORT + "• Address customer grievances in the Mumbai region\n",
        EXPORT + "Address any shortfalls raised by clients in Pune\n",
        EXPORT + "Addressed client issues for Mumbai and Pune offices\n",
        EXPORT + "• Handled the client's address: change requests for the Chennai branch\n",
        EXPORT + "Office Address: Hinjewadi Phase 1, Pune 411057\n",
        EXPORT + "Company Address: 5th floor, Tech Park, Chennai 600096\n",
        EXPORT + "College Address: Sinhgad College of Engineering, Vadgaon, Pune 411041\n",
        EXPORT + "Address: Sinhgad College of Engineering, Vadgaon, Pune 411041\n",
        EXPORT + "IP Address: 10.0.0.1 configured for the Delhi branch\n",
        EXPORT + "company - Infosys Ltd\ndescription - Electronic City, Bangalore 560100\n",
        EXPORT + "description - Office at Plot 12, MIDC, Andheri (E), Mumbai 400093\n",
        EXPORT + "Project: Metro line. Place: Pune. Duration: 6 months. Role: Site engineer\n",
        EXPORT + "Preferred Location: Bangalore, Residence permit holder\n",
        "Rahul Verma\nSoftware Engineer at Infosys, Pune\n" + SKILLS,
        "Rahul Verma\nB.E. from College of Engineering, Pune 411005\n" + SKILLS,
    ],
)
def test_places_that_are_not_where_the_person_lives(text: str) -> None:
    profile = extract(text)
    assert profile.location is None and profile.place is None


@pytest.mark.parametrize(
    ("region", "country_code"),
    [("Maharashtra", "IN"), ("Goa", "IN"), ("Ontario", "CA"), ("Queensland", "AU")],
)
def test_regions_outside_the_us_tell_the_country(region: str, country_code: str) -> None:
    place = lookup(region)
    assert place is not None and place.kind == "region"
    assert (place.region, place.country_code) == (region, country_code)


def test_an_address_block_imports_with_its_place(
    rt: Runtime, tenant: Tenant, tmp_path: Path
) -> None:
    path = tmp_path / "engineer.txt"
    path.write_text(
        EXPORT + "PERMANENT ADDRESS\n22, Gandhi Road, Indore, Madhya Pradesh - 452001\n"
    )
    row = import_one(rt, tenant.org.id, path)
    assert (row.city, row.country_code) == ("Indore", "IN")
    assert row.location is not None and "Gandhi Road" not in row.location


def test_an_address_a_pdf_wrapped_onto_the_next_line() -> None:
    text = (
        "IT SKILLS • MS Office, Tally 9 PERSONAL DOSSIER Permanent Address: Bandra\n"
        "West, Mumbai 400 050Education Details\nB.Com commerce Mumbai University\n"
    )
    profile = extract(text + EXPORT)
    assert_place(profile, "Mumbai", "IN")
    assert profile.location is not None and "Bandra" not in profile.location


@pytest.mark.parametrize(
    "lead",
    [
        # A narrow education column: the school's town, on a dated line or beside a school.
        "January 2006 SSC   Maharashtra\tTechnical Skills • Languages: C#, HTML\n",
        "Diploma Electrical Engineering\nNashik, Maharashtra S. M. E. S.\nPolytechnic College\n",
        "Bachelor of Electronics\nEngineering Mumbai, Maharashtra\nAtharva College\n",
    ],
)
def test_an_education_columns_towns_are_not_the_header(lead: str) -> None:
    assert extract(lead + "\nSkills\nPython, SQL\n").location is None


def test_an_address_label_at_a_lines_end_with_the_address_on_the_next() -> None:
    text = (
        "IT SKILLS • Tally 9, WMS, Exceed 4000 etc PERSONAL DOSSIER Permanent Address:\n"
        "Bandra West, Mumbai 400 050Education Details\nB.Com commerce Mumbai University\n"
    )
    assert_place(extract(text + EXPORT), "Mumbai", "IN")
