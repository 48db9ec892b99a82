"""Conservative guesses at a free-text resume's name and headline (the location is read
with the gazetteer, in `location.py`).

These read only the top of the resume and prefer None to a wrong answer: a wrong name or
headline is worse for a recruiter than a missing one. The public corpus carries no names,
so None is the right answer there.
"""

from __future__ import annotations

import re

from app.candidates.parsing.titles import clean_title, looks_like_title
from app.candidates.parsing.vocab import NOT_NAME_WORDS

_HEAD_LINES = 4  # a name or headline sits on the first few lines
# "Anne-Marie", "O'Neill", "D’Souza", "MEHTA", "J."
# "Anne-Marie", "O'Neill", "Tomás Novák", "MEHTA", "J." (Latin letters with accents too)
_UP, _LOW = "A-ZÀ-ÖØ-ÞĀ-Ž", "a-zß-öø-ÿā-ž"
_NAME_WORD = re.compile(
    rf"(?:[{_UP}][{_LOW}]+(?:['’-][{_UP}{_LOW}][{_LOW}]+)?|[{_UP}]['’][{_UP}][{_LOW}]+"
    rf"|[{_UP}]{{2,}}|[{_UP}]\.?)$"
)
_NAME_PARTICLES = frozenset({"van", "von", "de", "da", "del", "der", "di", "la", "le", "bin", "al"})
_SEGMENT_SPLIT = re.compile(r"\s*[|•·,;]\s*|\s{3,}")
_DOCUMENT_TITLES = frozenset({"resume", "résumé", "curriculum vitae", "cv", "bio-data", "biodata"})
_MAX_NAME_LINE = 100


def _head_lines(lead: str, count: int) -> list[str]:
    lines: list[str] = []
    for line in lead.split("\n"):
        if line.strip():
            lines.append(line.strip())
            if len(lines) == count:
                break
    return lines


def _first_segment(line: str) -> str:
    return _SEGMENT_SPLIT.split(line, maxsplit=1)[0].strip(" -*#")


def _looks_like_name(segment: str, heading_words: frozenset[str]) -> bool:
    words = segment.split()
    if not 2 <= len(words) <= 4 or any(ch.isdigit() or ch in ":()/&@" for ch in segment):
        return False
    if looks_like_title(segment):
        return False
    full_words = 0
    for word in words:
        lower = word.lower().strip(".")
        if lower in _NAME_PARTICLES:
            continue
        if lower in NOT_NAME_WORDS or lower in heading_words or not _NAME_WORD.match(word):
            return False
        full_words += len(lower) > 1
    return full_words >= 2


def guess_name(lead: str, heading_words: frozenset[str]) -> str | None:
    """A person's name alone on the first line of the resume's lead (the text above its
    first heading): 2-4 capitalised words, no digits, not a heading or a job title."""
    lines = _head_lines(lead, 2)
    if lines and lines[0].lower().strip(" :") in _DOCUMENT_TITLES:
        lines = lines[1:]  # "Curriculum Vitae" above the name
    if not lines or len(lines[0]) > _MAX_NAME_LINE:
        return None
    segment = _first_segment(lines[0])
    if not _looks_like_name(segment, heading_words):
        return None
    return segment.title() if segment.isupper() else segment


def guess_headline(lead: str, name: str | None) -> str | None:
    """A job title on one of the lead's first lines (after the name), else None."""
    for line in _head_lines(lead, _HEAD_LINES):
        segment = _first_segment(line)
        if name and segment.lower() == name.lower():
            continue
        if len(segment) > 80 or "@" in segment or any(ch.isdigit() for ch in segment):
            continue
        title = clean_title(segment)  # "Full time: Java Developer" -> "Java Developer"
        if title and looks_like_title(title):
            return title
    return None
