"""Redaction: what the evaluator must never see, and how quotes map back to the stored text."""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pytest

from agents.evaluation.ranking import summarize
from agents.evaluation.redaction import (
    EMAIL,
    NAME,
    PERSONAL,
    PHONE,
    PHOTO,
    PLACEHOLDERS,
    PRONOUN,
    URL,
    redact,
    redact_profile,
)
from agents.evaluation.verify import verify_quotes
from agents.schemas import Evidence, Qualification, QualificationVerdict
from app.candidates.parsing.cleaning import clean_text
from app.candidates.parsing.extract import extract_profile
from app.candidates.profile import Identifiers, RawRecord

TODAY = date(2026, 11, 24)
RESUME = """Jane Q. Doe-Smith
Senior Data Engineer | Berlin, Germany
jane.doe@example.com | +49 151 2345 6789 | https://janedoe.dev | linkedin.com/in/jane-doe-smith
Photo: jane_portrait.jpg
Gender: Female, Nationality: German
DOB: 01.02.1990
Age: 34
Marital status: married
Religion: none

Summary
Data engineer with 8 years of experience. JANE loves Kubernetes; Janet is a colleague.
Contact Mrs. Smith at alt.jane@mail.org or (030) 1234-5678 for references.

Experience
Senior Data Engineer at Acme GmbH (Jan 2018 - Present)
Built pipelines in Python on Kubernetes. Reporting in Ms Office.
"""


@pytest.fixture
def identifiers() -> Identifiers:
    return Identifiers(
        emails=["Jane.Doe@example.com"],
        phones=["+49 151 2345 6789"],
        urls=["https://janedoe.dev"],
    )


def test_identifiers_and_personal_details_are_withheld(identifiers: Identifiers) -> None:
    redacted = redact(RESUME, identifiers, "Jane Q. Doe-Smith").text
    lowered = redacted.lower()
    words = set(re.findall(r"[\w.@+()-]+", lowered))
    for secret in (
        "jane",
        "doe",
        "smith",
        "example.com",
        "mail.org",
        "2345 6789",
        "1234-5678",
        "janedoe.dev",
        "linkedin.com",
        "portrait",
        "female",
        "01.02.1990",
        "34",
        "married",
        "religion",
        "nationality",
        "mrs",
    ):
        assert secret not in words and not re.search(rf"\b{re.escape(secret)}\b", lowered), secret
    for placeholder in (NAME, EMAIL, PHONE, URL, PHOTO, PERSONAL):
        assert placeholder in redacted
    # What is not personal stays, word for word.
    assert "Senior Data Engineer | Berlin, Germany" in redacted
    assert "Built pipelines in Python on Kubernetes. Reporting in Ms Office." in redacted
    assert "Janet is a colleague" in redacted  # word-bounded: "Jane" is not "Janet"


def test_full_name_with_an_initial_is_one_placeholder(identifiers: Identifiers) -> None:
    redacted = redact(RESUME, identifiers, "Jane Q. Doe-Smith").text
    assert redacted.startswith(f"{NAME}\nSenior Data Engineer")


def test_personal_details_on_one_line_are_cut_at_the_next_label() -> None:
    text = "Languages: English\nGender: Male, Nationality: Indian | Hobbies: chess\n"
    redacted = redact(text, Identifiers(), None).text
    assert redacted == f"Languages: English\n{PERSONAL}, {PERSONAL} | Hobbies: chess\n"


@pytest.mark.parametrize(
    "line",
    [
        "Date of Birth: 12 March 1990",
        "DOB 21/03/1986",
        "Born: 1990 in Lyon",
        "Father's Name: Ram Kumar",
        "Date of Birth(Gender):1993-12-20(YYYY-MM-DD) (F)",
        "Sex - F",
        "Passport: J1409038",
        "Permanent Address: 12 Main Road, Pune",
    ],
)
def test_labelled_personal_lines(line: str) -> None:
    redacted = redact(f"Skills: Python\n{line}\nSQL\n", Identifiers(), None).text
    assert redacted == f"Skills: Python\n{PERSONAL}\nSQL\n"


@pytest.mark.parametrize(
    "text",
    [
        "Managed age-groups 5-12 in a sports camp.",
        "Coverage: 90% on the billing service.",
        "Docker image: python:3.11-slim",
        "Average: 4.5 on customer reviews.",
        "Worked with MS Excel and Ms Office daily.",
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    redacted = redact(text, Identifiers(), None)
    assert redacted.text == text
    assert redacted.spans == ()


@pytest.mark.parametrize(
    "reference",
    ["![me](me.png)", '<img src="x.jpg">', "profile_photo.jpeg", "Picture: attached"],
)
def test_photo_references(reference: str) -> None:
    assert PHOTO in redact(f"Summary\n{reference}\n", Identifiers(), None).text


def test_quotes_map_back_to_the_original(identifiers: Identifiers) -> None:
    red = redact(RESUME, identifiers, "Jane Q. Doe-Smith")
    # A quote without placeholders is verbatim in the original as well.
    quote = "Built pipelines in Python on Kubernetes."
    span = red.locate(quote)
    assert span is not None
    assert RESUME[span[0] : span[1]] == quote
    # A quote with a placeholder maps to the span it covers, name included.
    quote = f"{NAME} loves Kubernetes"
    span = red.locate(quote)
    assert span is not None
    assert RESUME[span[0] : span[1]] == "JANE loves Kubernetes"
    assert red.locate("not in the text") is None
    # Every untouched character maps to itself.
    for m in re.finditer(r"(?<!\[)\b[A-Za-z]{6,}\b(?!\])", red.text):
        a, b = red.to_original(m.start(), m.end())
        assert RESUME[a:b] == m.group()
    assert all(span.placeholder in PLACEHOLDERS for span in red.spans)


def test_nothing_to_redact_is_the_identity() -> None:
    red = redact("Python, SQL\nAcme 2018 - 2020", Identifiers(), None)
    assert red.text == "Python, SQL\nAcme 2018 - 2020"
    assert red.to_original(3, 7) == (3, 7)


def test_profile_sections_tile_the_redacted_text() -> None:
    profile = extract_profile(RawRecord(source="t.txt", text=RESUME), today=TODAY)
    redacted = redact_profile(profile)
    assert "".join(text for _, text in redacted.sections) == redacted.text.text
    assert [kind for kind, _ in redacted.sections][-2:] == ["summary", "experience"]
    assert not re.search(r"\bJane\b", redacted.text.text)


def _corpus_rows(shared_data: Path, count: int) -> list[str]:
    path = shared_data / "resumes" / "UpdatedResumeDataSet.csv"
    with path.open(encoding="utf-8") as handle:
        rows = [row["Resume"] for row in csv.DictReader(handle)]
    unique = list(dict.fromkeys(rows))
    return unique[:: max(1, len(unique) // count)][:count]


def test_corpus_resumes_hold_no_identifier_after_redaction(shared_data: Path) -> None:
    for n, text in enumerate(_corpus_rows(shared_data, 40)):
        # Give each resume a name and contact lines, as real ones have.
        contact = f"priya.sharma{n}@example.in | +91 98765 43{n:03d}"
        text = f"Priya Sharma\n{contact}\n\n{clean_text(text)}"
        profile = extract_profile(RawRecord(source=f"row{n}", text=text), today=TODAY)
        redacted = redact_profile(profile)
        assert "".join(section for _, section in redacted.sections) == redacted.text.text
        lowered = redacted.text.text.lower()
        assert "priya" not in lowered and "sharma" not in lowered
        for value in [*profile.identifiers.emails, *profile.identifiers.phones]:
            assert value.lower() not in lowered
        assert not re.search(r"\b(?:dob|date of birth|marital status|gender)\s*:", lowered)


@pytest.mark.parametrize(
    ("line", "secret"),
    [
        ("34 years old, married, British", "married"),
        ("Age 34", "34"),
        ("Nationality: Indian", "indian"),
        ("Citizenship: German", "german"),
        ("Marital Status: Single", "single"),
        ("Male | Married | Hindu", "hindu"),
        ("Name: Dongare Mandakini Murlidhar Signature:", "mandakini"),
        ("1234 Elm Street, Apt 5B, Austin, TX 78701", "elm"),
        ("Hauptstraße 12, 10115 Berlin", "10115"),
        ("LinkedIn | GitHub | Portfolio", "linkedin"),
        ("Skype: jm.garcia", "jm.garcia"),
        ("Twitter: @jmgarcia", "@jmgarcia"),
    ],
)
def test_unlabelled_and_labelled_personal_lines_without_a_name(line: str, secret: str) -> None:
    text = f"Skills\nPython, SQL\n\nPersonal Details\n{line}\n"
    redacted = redact(text, Identifiers(), None).text
    assert not re.search(rf"(?<!\w){re.escape(secret)}(?!\w)", redacted, re.IGNORECASE), redacted
    assert redacted.startswith("Skills\nPython, SQL\n")


def test_a_name_the_parser_missed_is_found_in_the_header_and_everywhere_else() -> None:
    text = (
        "CURRICULUM VITAE\nSenior Java Developer\nanita kulkarni\nPune, India\n\n"
        "Summary\nAnita has 6 years of Java and Spring experience. She leads a team.\n"
        "Skills\nJava, Ruby, Julia, Jenkins, Ansible, Django\n"
        "References\nAditya Arora, Infosys\n"
    )
    redacted = redact(text, Identifiers(), None).text
    lowered = redacted.lower()
    for secret in ("anita", "kulkarni", "aditya", "arora", "she"):
        assert not re.search(rf"\b{secret}\b", lowered), secret
    assert f"{PRONOUN} leads a team" in redacted  # neutral, whoever it was
    # Look-alikes stay: skills named like people, the city, the document title, the headline.
    assert "Java, Ruby, Julia, Jenkins, Ansible, Django" in redacted
    assert "Pune, India" in redacted and "Senior Java Developer" in redacted
    assert "CURRICULUM VITAE" in redacted


@pytest.mark.parametrize(
    "text",
    [
        "Speaker at the Grace Hopper Celebration 2022 in Austin.",
        "Oracle 8i, PL/SQL, Spring 3 and Hibernate.",
        "Worked at Wachovia, North Carolina USA on Java services.",
        "Main Contractor: Al Nafjan & Al Abad co.",
        "Used @Override and @Autowired in Spring Boot.",
        "Built a single-page app; coached age-groups 5-12.",
        "Project Name: Resume Extractor. Company name: OmegaSoft.",
    ],
)
def test_look_alikes_are_not_redacted(text: str) -> None:
    body = f"Experience\n{text}\n"
    assert redact(body, Identifiers(), None).text == body


def test_a_candidate_named_like_a_skill_keeps_the_skill() -> None:
    text = "Ruby Jenkins\nruby.j@example.com\n\nSkills\nRuby, Jenkins, Ansible\n"
    redacted = redact(text, Identifiers(), "Ruby Jenkins").text
    assert redacted.startswith(NAME)
    assert "Ruby, Jenkins, Ansible" in redacted


def test_verify_drops_quotes_that_reveal_personal_data() -> None:
    """Whoever produced them and even when verbatim: a quote that shows personal data or is
    only a contact label is dropped, and a `met` left without evidence becomes `unknown`."""
    text = (
        "LinkedIn | GitHub\nSkype: jm.garcia\nAge: 34\nDOB 21/03/1986\nanita@example.com\n"
        "Reference: Aditya Arora\nBuilt CI pipelines with Jenkins.\n"
    )
    quals = [Qualification(id=q, text=q) for q in ("linkedin", "skype", "age", "jenkins")]

    def verdict(qid: str, *quotes: str) -> QualificationVerdict:
        evidence = [Evidence(quote=q, section="other") for q in quotes]
        return QualificationVerdict(
            qualification_id=qid, verdict="met", confidence=0.9, evidence=evidence
        )

    evaluation = summarize(
        quals,
        [
            verdict("linkedin", "LinkedIn | GitHub", "LinkedIn"),
            verdict("skype", "Skype: jm.garcia", "anita@example.com"),
            verdict("age", "Age: 34", "DOB 21/03/1986", "Reference: Aditya Arora"),
            verdict("jenkins", "Built CI pipelines with Jenkins."),
        ],
        engine="llm",
    )
    checked = {v.qualification_id: v for v in verify_quotes(evaluation, text, quals).verdicts}
    for qid in ("linkedin", "skype", "age"):
        assert checked[qid].verdict == "unknown" and checked[qid].evidence == [], qid
    assert checked["jenkins"].verdict == "met"
    assert [e.quote for e in checked["jenkins"].evidence] == ["Built CI pipelines with Jenkins."]
