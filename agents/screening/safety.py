"""No screening question about a protected attribute, whichever brain (or person) wrote it.

The intake check reads qualifications ("US citizens only"); interview questions put the same
things as questions ("How old are you?", "Where were you born?"), so they get that check
and, on top, patterns for the questions employment law rules out of an interview.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from agents.intake.responsible_ai import check_qualification
from agents.screening.schemas import RefusedQuestion, ScreeningQuestion

_QUESTION_RULES: list[tuple[str, re.Pattern[str]]] = [
    (
        "age",
        re.compile(
            r"\bhow old\b|\byour age\b|\bdate of birth\b|\bbirth ?(day|date|year)\b|\bborn in\b"
            r"|\bwhat year did you (graduate|finish) (from )?(high|secondary) school\b"
            r"|\bwhen did you (graduate|finish) (from )?(high|secondary) school\b"
            r"|\bretire\b|\bretirement\b",
            re.I,
        ),
    ),
    (
        "national origin or citizenship",
        re.compile(
            r"\bwhere (were|was) you born\b|\bwhere are you (originally )?from\b|\bnationality\b"
            r"|\bcitizen(ship)?\b|\bnative (language|tongue|country)\b|\bmother tongue\b"
            r"|\byour accent\b|\bimmigra\w*\b|\bethnic\w*\b|\brace\b|\bskin\b",
            re.I,
        ),
    ),
    (
        "family status, marriage or pregnancy",
        re.compile(
            r"\bmarried\b|\bmarital\b|\bspouse\b|\bhusband\b|\bwife\b|\bpartner'?s job\b"
            r"|\bchild(ren)?\b|\bkids\b|\bpregnan\w*\b|\bstart a family\b|\bfamily plans?\b"
            r"|\bchildcare\b|\bmaternity\b|\bpaternity\b",
            re.I,
        ),
    ),
    (
        "religion",
        re.compile(
            r"\breligio\w*\b|\bchurch\b|\bmosque\b|\bsynagogue\b|\btemple\b|\bpray\w*\b"
            r"|\bfaith\b|\bholy days?\b|\bsabbath\b",
            re.I,
        ),
    ),
    (
        "disability or health",
        re.compile(
            r"\bdisab\w*\b|\bhandicap\w*\b|\billness\w*\b|\bmedical (condition|history)\b"
            r"|\bhealth (condition|problem|issue)s?\b|\bmedications?\b|\bsick (days|leave)\b"
            r"|\bmental health\b|\bworkers'? comp",
            re.I,
        ),
    ),
    (
        "sex, gender or sexual orientation",
        re.compile(r"\bgender\b|\bsexual\w*\b|\borientation\b|\bboyfriend\b|\bgirlfriend\b", re.I),
    ),
    (
        "political or union affiliation",
        re.compile(r"\bpolitic\w*\b|\bvote[ds]?\b|\bunion (member|membership)\b", re.I),
    ),
    ("arrest record", re.compile(r"\barrest(ed)?\b", re.I)),
]


def question_refusal(text: str) -> RefusedQuestion | None:
    """Why `text` may not be asked, or None when it may."""
    refused = check_qualification(text)
    if refused is not None:
        return RefusedQuestion(text=text, reason=refused.reason)
    for topic, pattern in _QUESTION_RULES:
        if pattern.search(text):
            return RefusedQuestion(
                text=text,
                reason=f"it asks about {topic}, which a hiring decision may not rest on",
            )
    return None


def split_questions(
    questions: Iterable[ScreeningQuestion],
) -> tuple[list[ScreeningQuestion], list[RefusedQuestion]]:
    kept: list[ScreeningQuestion] = []
    refused: list[RefusedQuestion] = []
    for q in questions:
        why = question_refusal(q.text)
        if why is None:
            kept.append(q)
        else:
            refused.append(why)
    return kept, refused
