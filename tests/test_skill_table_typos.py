"""Skills from the lists people type (issue 9, "skills from evidence"): a typo one letter from
a long skill name is that skill; a generic word typed into the export's skill table is none;
Microsoft tools written "MS Visio" / "MS Power Point" are those tools; and "Project" heading a
project ("Project: ...", "Project #1") is no Microsoft Project, even inside a list."""

from __future__ import annotations

from datetime import date

import pytest

from app.candidates.parsing.extract import extract_profile
from app.candidates.parsing.skill_table import table_skills
from app.candidates.profile import RawRecord
from app.taxonomy import get_taxonomy


def skills_of(text: str) -> list[str]:
    profile = extract_profile(RawRecord(source="cv.txt", text=text), today=date(2025, 6, 1))
    return [s.name for s in profile.skills]


@pytest.mark.parametrize(
    ("typed", "skill"),
    [
        ("Entityframewok", "Entity Framework"),
        ("matplolib", "Matplotlib"),
        ("Kubernets", "Kubernetes"),
        ("Photoshope", "Adobe Photoshop"),
    ],
)
def test_a_typo_in_the_skill_table_is_the_skill_meant(typed: str, skill: str) -> None:
    text = f"Skill Details \nCss- Experience - 12 months\n{typed}- Experience - 12 months\n"
    assert skill in table_skills(text)
    assert typed not in table_skills(text)


@pytest.mark.parametrize("name", ["Drafting", "Legal Research", "Selenium", "Team leading"])
def test_names_that_are_no_typo_stay_as_written(name: str) -> None:
    assert get_taxonomy().misspelled_skill(name) is None


def test_generic_words_in_the_skill_table_are_no_skills() -> None:
    text = (
        "Skill Details \nAUTOMOTIVE- Experience - 6 months\nDOT- Experience - 14 months\n"
        "python scripting,programming,developing- Experience - 12 months\n"
        "Drafting- Experience - 24 months\n"
    )
    found = table_skills(text)
    assert "AUTOMOTIVE" not in found and "DOT" not in found and "developing" not in found
    assert "Drafting" in found and "python scripting" in found


@pytest.mark.parametrize(
    ("written", "skill"),
    [
        ("MS Visio", "Microsoft Visio"),
        ("MS PowerPoint", "Microsoft PowerPoint"),
        ("MS Power Point", "Microsoft PowerPoint"),
    ],
)
def test_ms_short_names(written: str, skill: str) -> None:
    canonical = get_taxonomy().canonical_skill(written)
    assert canonical is not None and canonical.name == skill
    assert skill in skills_of(f"Other Skills: Microsoft Office, MS Excel, {written}, AutoCAD\n")


@pytest.mark.parametrize(
    "text",
    [
        "Website Designing: HTML5, CSS3, Project: DIPLOMA: Project Name: VANET network\n",
        "PROJECTS\nProject #1\nProject SWB-EBS_Support\nRole Java Developer\n",
        "Tools: Eclipse, Maven, Project 2 - billing engine\n",
    ],
)
def test_project_heading_a_project_is_no_microsoft_project(text: str) -> None:
    assert "Microsoft Project" not in skills_of(text)


def test_project_in_a_list_of_tools_still_counts() -> None:
    assert "Microsoft Project" in skills_of("Tools: MS Word, Excel, Project, Visio\n")
