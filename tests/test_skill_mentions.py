"""Skills from evidence: word boundaries and compounds, acronyms read in their document's
context, labels and headings that are not skills, raw mention kept beside the normalized
name; the evaluator's evidence follows the same rules; and the import stores the result."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from agents.evaluation import evaluate_offline, redact_profile
from agents.schemas import Qualification
from app.candidates.parsing.extract import extract_profile
from app.candidates.profile import ParsedProfile, RawRecord
from app.runtime import Runtime
from app.taxonomy import get_taxonomy
from tests.conftest import Tenant
from tests.importing import import_one

TODAY = date(2024, 6, 1)


def names(text: str) -> list[str]:
    return [m.name for m in get_taxonomy().find_skills(text)]


def extract(text: str) -> ParsedProfile:
    return extract_profile(RawRecord(source="cv.txt", text=text), today=TODAY)


# -- word boundaries and compounds --------------------------------------------------------------


def test_java_javascript_and_java_script_are_told_apart() -> None:
    assert names("Skills: Java Script, HTML") == ["JavaScript", "Hypertext markup language HTML"]
    assert names("Skills: JavaScript") == ["JavaScript"]
    assert names("Skills: Java, JavaScript") == ["Oracle Java", "JavaScript"]


def test_c_is_not_found_inside_c_plus_plus_or_c_sharp() -> None:
    assert names("Languages: C++, C#") == ["C++", "C#"]
    assert names("Languages: C, C++") == ["C", "C++"]


def test_go_only_in_a_tech_context() -> None:
    assert "Go" in names("Languages: Go, Rust, Python")
    assert "Go" not in names("Ready to go the extra mile. We go live in May.")


def test_dotnet_forms() -> None:
    assert names("Stack: .NET Core, C#") == ["Microsoft .NET Framework", "C#"]
    assert "Microsoft ASP.NET" in names("Stack: ASP.NET, C#")
    assert "Microsoft .NET Framework" not in names("Stack: ASP.NET")


# -- acronyms in context ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "not_expected"),
    [
        (
            "Java developer. Skills: Java, Spring, Hibernate, MVC",
            "Spring MVC",
            "Microsoft ASP.NET Core MVC",
        ),
        (
            "C# developer. Skills: C#, ASP.NET, Entity Framework, MVC",
            "Microsoft ASP.NET Core MVC",
            "Spring MVC",
        ),
        (
            "Storage administrator: TSM backup and restore, tape libraries, AIX",
            "IBM Tivoli Storage Manager",
            "Time series modeling TSM software",
        ),
        (
            "Econometrics: TSM forecasting with ARIMA",
            "Time series modeling TSM software",
            "IBM Tivoli Storage Manager",
        ),
        ("DBA: Oracle 19c, RAC, Data Guard", "Oracle Real Application Cluster RAC", None),
    ],
)
def test_ambiguous_acronyms_are_read_in_context(
    text: str, expected: str, not_expected: str | None
) -> None:
    found = names(text)
    assert expected in found
    assert not_expected is None or not_expected not in found


@pytest.mark.parametrize("text", ["Designed with the MVC pattern.", "Skills: TSM", "RAC member"])
def test_ambiguous_acronyms_without_context_name_no_product(text: str) -> None:
    assert not {"Spring MVC", "Microsoft ASP.NET Core MVC", "IBM Tivoli Storage Manager"} & set(
        names(text)
    )
    assert "Time series modeling TSM software" not in names(text)
    assert "Oracle Real Application Cluster RAC" not in names(text)


# -- labels and headings ------------------------------------------------------------------------

CV_WITH_LABELS = """Dmytro Shevchenko
Java Developer
LinkedIn: linkedin.com/in/dmytro | GitHub: github.com/dmytro
Skype: dmytro.dev | Telegram: @dmytro
E-mail: dmytro@example.com

Skills
Programming languages: Java, Kotlin
Technologies
Spring Boot, Kafka
Tools: IntelliJ IDEA, Git

Experience
Java Developer, Luxoft, 2019 - present
Built services in Java and Spring Boot.
"""


def test_contact_labels_and_headings_are_not_skills() -> None:
    profile = extract(CV_WITH_LABELS)
    found = {s.name for s in profile.skills}
    assert {"Oracle Java", "Kotlin", "Spring Boot", "Apache Kafka", "Git"} <= found
    assert not found & {"LinkedIn", "GitHub", "Skype", "Programming languages"}


def test_a_tool_named_like_a_contact_label_still_counts_in_a_list() -> None:
    assert "GitHub" in names("Version control: Git, GitHub, Bitbucket")
    assert "GitHub" not in names("GitHub | LinkedIn")
    assert "GitHub" not in names("jane@example.com | GitHub | +49 151 2345 6789")


def test_raw_mention_is_kept_beside_the_normalized_name() -> None:
    skills = {s.name: s.raw for s in extract("Skills\nJava Script, Postgres, k8s\n").skills}
    assert skills == {"JavaScript": "Java Script", "PostgreSQL": "Postgres", "Kubernetes": "k8s"}


# -- the evaluator's evidence follows the same rules ---------------------------------------------


def test_java_is_not_met_from_java_script() -> None:
    text = (
        "Experience\nFrontend Developer, Acme GmbH, 2019 - present\n"
        "Built the shop in Java Script and React.\n\nSkills\nJava Script, CSS\n"
    )
    profile = extract(text)
    redacted = redact_profile(profile)
    evaluation = evaluate_offline(
        [Qualification(id="q1", text="Java", required=True)],
        redacted.sections,
        redacted.text.text,
        today=TODAY,
    )
    assert evaluation.verdicts[0].verdict != "met"
    javascript = evaluate_offline(
        [Qualification(id="q1", text="JavaScript", required=True)],
        redacted.sections,
        redacted.text.text,
        today=TODAY,
    )
    assert javascript.verdicts[0].verdict == "met"


# -- stored through the import ------------------------------------------------------------------


def test_imported_skills_have_no_labels_and_resolved_acronyms(
    rt: Runtime, tenant: Tenant, tmp_path: Path
) -> None:
    path = tmp_path / "shevchenko.txt"
    path.write_text(CV_WITH_LABELS + "Spring MVC and MVC controllers.\n", encoding="utf-8")
    row = import_one(rt, tenant.org.id, path)
    assert "Spring MVC" in row.skills
    assert not set(row.skills) & {"LinkedIn", "GitHub", "Skype", "Microsoft ASP.NET Core MVC"}


@pytest.mark.parametrize(
    ("text", "absent", "present"),
    [
        # An acronym's alias written as a word inside a proper name is not the tool.
        (
            "English Teacher, Colegio San Carlos (2015 - 2019)",
            "Storage area network SAN software",
            None,
        ),
        ("Storage: SAN, NAS and tape backups", None, "Storage area network SAN software"),
        # Words side by side are a phrase, not a list: "Android Project" is no Microsoft Project.
        ("ANDROID PROJECT: Location Detector", "Microsoft Project", None),
        ("Diploma Project RFID Based Student Attendance", "Microsoft Project", None),
        ("Tools: Excel, Project, Visio", None, "Microsoft Project"),
        # A product named in plain words only counts capitalised.
        ("Managing a private practice for more than 6 years", "Private Practice", None),
    ],
)
def test_plain_word_readings_of_tools_need_a_skill_context(
    text: str, absent: str | None, present: str | None
) -> None:
    found = names(text)
    if absent is not None:
        assert absent not in found, found
    if present is not None:
        assert present in found, found


def test_an_employers_name_is_not_a_skill_but_the_same_word_elsewhere_is() -> None:
    text = (
        "Experience\nDeveloper, Inetsoft Solution, 2016 - 2018\nBuilt reports.\n"
        "Analyst, Oracle, 2018 - 2020\nTuned queries on Oracle databases.\n"
    )
    profile = extract_profile(RawRecord(source="cv.txt", text=text), today=TODAY)
    names_found = {s.name for s in profile.skills}
    assert "Inetsoft" not in names_found
    assert any("Oracle" in n for n in names_found), names_found  # "on Oracle databases"
