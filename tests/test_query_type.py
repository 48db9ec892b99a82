"""The query-type detector is a product rule read from the query alone."""

from __future__ import annotations

import pytest

from app.search.query_type import query_type, title_line
from app.search.service import query_shape

JD = """Senior Data Engineer

We are looking for an engineer to build and run our streaming pipelines.
Requirements: Python, Apache Spark, Kafka, Kubernetes and SQL."""


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("python data engineer", "short"),
        ("Registered Nurse with Epic", "short"),
        ("python AND (spark OR flink) NOT php", "boolean"),
        ('title:"data engineer"', "boolean"),
        (JD, "pasted"),
        # One long line of keywords is a pasted description too (more than eight of them).
        ("engineer python spark kafka kubernetes sql airflow dbt snowflake terraform", "pasted"),
        # Two lines with words: a title over a body, which nobody types into a search box.
        ("Accountant\nmonth-end close", "pasted"),
        # Blank lines are not lines with words.
        ("data engineer\n\n", "short"),
    ],
)
def test_query_type(query: str, expected: str) -> None:
    assert query_type(query) == expected


def test_mode_overrides_the_text() -> None:
    assert query_type("python AND spark", mode="natural") == "short"
    assert query_type("python spark", mode="boolean") == "boolean"


def test_shape_names_for_the_settings() -> None:
    assert query_shape(JD) == "long"
    assert query_shape("python data engineer") == "short"


def test_title_line_is_the_first_line_with_words() -> None:
    assert title_line("\n  Senior Data Engineer \n\nWe build pipelines.") == "Senior Data Engineer"
    assert title_line("python data engineer") == "python data engineer"
