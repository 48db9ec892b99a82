"""Skills that are words of something else (issue 9): a plain noun heading a Title Case phrase
("Project Description"), an acronym the resume spells out as another thing ("School
Management System (SMS)"), a roman numeral, a company suffix, a social site named in a
sentence. The tool itself, listed or labelled, still counts."""

from __future__ import annotations

import pytest

from app.candidates.parsing.header import guess_headline
from app.taxonomy import get_taxonomy
from app.taxonomy.context import local_acronyms


def names(text: str) -> set[str]:
    return {m.name for m in get_taxonomy().find_skills(text)}


@pytest.mark.parametrize(
    "text",
    [
        "company - Trust Systems\n1. TrustBank-CBS\nProject Description: a core banking suite",
        "Python, SQL\nProject-I: Pragat Bharat System",
        "Project-II: Go Ayur System\nTechnologies Used: HTML, CSS",
        "Skills: Python, Word Embedding, Sentiment Analysis",
    ],
)
def test_a_plain_noun_heading_a_title_case_phrase_is_no_tool(text: str) -> None:
    found = names(text)
    assert "Microsoft Project" not in found and "Microsoft Word" not in found
    assert "Accelrys Insight II" not in found


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("Tools: Word, Excel, Project", "Microsoft Project"),
        ("MS Office (Word, Excel: Look-ups)", "Microsoft Word"),
        ("Word- Experience - 6 months\nExcel- Experience - 6 months", "Microsoft Word"),
        ("Hadoop, Hive, Spark SQL", "Apache Spark"),
        ("Java, Spring Boot, Kafka Streams", "Apache Kafka"),
    ],
)
def test_the_tool_listed_or_labelled_still_counts(text: str, skill: str) -> None:
    assert skill in names(text)


def test_an_acronym_the_resume_defines_as_something_else_is_no_skill() -> None:
    text = (
        "Project Name: School Management System (SMS). Built HMS (Hospital Management "
        "System) in Java. Skills: Structured Query Language (SQL), Amazon Web Services (AWS)"
    )
    found = names(text)
    assert not any("SMS" in n or n == "HMS" for n in found)
    assert {"Structured query language SQL", "Amazon Web Services AWS software"} <= found
    assert local_acronyms(text)["SMS"] == {"school", "management", "system"}


def test_an_acronym_defined_as_the_skill_itself_counts() -> None:
    found = names("Customer Relationship Management (CRM) and Enterprise Resource Planning (ERP)")
    assert {"Customer relationship management CRM software"} <= found
    assert "Enterprise resource planning ERP software" in found


def test_a_company_suffix_is_no_skill_but_the_acronym_listed_is() -> None:
    assert not names("Client: BT Group plc (trading as BT)")
    assert "Programmable logic controller PLC software" in names("Skills: PLC, SCADA")


def test_a_social_site_in_a_sentence_is_no_skill_in_a_list_it_is() -> None:
    assert "Facebook" not in names("Users share the news on Facebook or any other site.")
    assert "Facebook" in names("Social media tools: Facebook, Twitter, Instagram")


@pytest.mark.parametrize("line", ["from", "8 months", "time: Full Stack"])
def test_fragments_are_no_headline(line: str) -> None:
    assert guess_headline(f"Jane Doe\n{line}\n", "Jane Doe") is None
