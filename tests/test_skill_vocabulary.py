"""Skills the corpus resumes name that the finder missed or misread (issue 9): the export's
"Skill Details" table, the everyday short names of tools O*NET spells out ("Eclipse" for
Eclipse IDE), little-known products' acronyms in prose, plural acronyms and possessives.
The texts are written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.candidates.parsing.skill_table import table_skills
from app.runtime import Runtime
from app.taxonomy import get_taxonomy
from tests.conftest import Tenant
from tests.importing import import_one

TABLE = (
    "Skill Details \n"
    "Legal Research- Experience - 72 months\n"
    "excel- Experience - Less than 1 year months\n"
    "Civil Engineer- Experience - 42 months\n"
    ".NET- Experience - 24 months\n"
    "MVC- Experience - 12 months\n"
    "MySQL DBA , Centos , Backup- Experience - 24 months\n"
    "Drafting- Experience - 9 monthsCompany Details \n"
    "company - Acme Legal LLP\n"
)


def names(text: str) -> set[str]:
    return {m.name for m in get_taxonomy().find_skills(text)}


def test_the_exports_skill_table_lists_skills_as_written_but_no_job_title() -> None:
    assert table_skills(TABLE) == [
        "Legal Research",
        "excel",
        ".NET",
        "MySQL DBA",
        "Centos",
        "Backup",
        "Drafting",
    ]  # "Civil Engineer" is a title; "MVC" is left to the context rules


def test_a_line_that_only_mentions_experience_is_no_table_entry() -> None:
    assert table_skills("Good knowledge of typing- Experience in many other things\n") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Operating Systems: Windows, Ubuntu, Debian", {"Microsoft Windows", "Debian"}),
        ("Java, Spring, Hibernate, Maven, Tomcat", {"Spring Framework", "Hibernate ORM"}),
        ("IDE: Eclipse, PyCharm", {"Eclipse IDE", "PyCharm"}),
        ("Courses: Core Java, Advance Java, Servlets", {"Oracle Java"}),
        ("Accounting: Tally ERP 9, Excel", {"Tally ERP", "Microsoft Excel"}),
        ("Built RESTful web services in Laravel", {"REST APIs", "Laravel"}),
    ],
)
def test_everyday_short_names_are_found(text: str, expected: set[str]) -> None:
    assert expected <= names(text)


@pytest.mark.parametrize(
    "text",
    [
        "In spring 2019 we replaced the windows and had a tally of the votes.",
        "Music in the Brain ( MIB ) is a research centre; all ICS certified nurses.",
        "Works with PMs, Business Analysts and testers.",
        "As part of Oracle's employment process candidates are screened.",
    ],
)
def test_plain_words_organizations_and_plurals_are_no_skills(text: str) -> None:
    assert names(text) == set()


def test_an_obscure_acronym_still_counts_in_a_list() -> None:
    assert "Management information base MIB software" in names("Skills: SNMP, MIB, Python")


def test_an_export_resume_imports_with_its_table_skills(
    rt: Runtime, tenant: Tenant, tmp_path: Path
) -> None:
    path = tmp_path / "advocate.txt"
    path.write_text("Skills: drafting of petitions\nAdvocate \n\nAdvocate\n" + TABLE)
    row = import_one(rt, tenant.org.id, path)
    stored = {s["name"] for s in row.profile["skills"]}
    assert {"Legal Research", "Drafting", "Microsoft Excel"} <= stored
    assert "Civil Engineer" not in stored
