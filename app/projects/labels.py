"""Qualifications as a recruiter names them on screen: "Django", not "q2" nor
"Experience with Django"."""

from __future__ import annotations

import re

_LEAD = re.compile(
    r"^\s*(?:(?:hands-on|strong|solid|proven|good|some|working|demonstrated|deep)\s+)?"
    r"(?:experience|knowledge|proficiency|familiarity|expertise|skills?)\s+(?:with|in|of|using)\s+",
    re.IGNORECASE,
)
_PROFESSIONAL = re.compile(r"\b(?:of\s+)?professional\s+experience\s+", re.IGNORECASE)
MAX_LABEL = 60


def short_label(text: str) -> str:
    label = _LEAD.sub("", " ".join(text.split())).rstrip(" .")
    label = _PROFESSIONAL.sub("", label)
    if len(label) > MAX_LABEL:
        label = label[: MAX_LABEL - 1].rsplit(" ", 1)[0] + "…"
    return label or text


def and_list(items: list[str]) -> str:
    """ "Python, Django and AWS" """
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
