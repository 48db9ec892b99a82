"""The candidate's redacted text, indexed once per evaluation, and how quotes are cut from it.

Every qualification is checked against the same `CandidateText`, so the expensive passes
(taxonomy skill finding, date ranges, line tables) run at most once per candidate, and only
when some qualification needs them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import NamedTuple

from agents.evaluation.redaction import PLACEHOLDERS
from agents.evaluation.vocab import INJECTION_FOLDED
from app.candidates.profile import SECTION_KINDS
from app.taxonomy import get_taxonomy

QUOTE_LIMIT = 200
# How much a mention counts, by where it is: used in a job beats listed under "Skills".
KIND_CONFIDENCE = {
    "experience": 0.9,
    "projects": 0.85,
    "summary": 0.8,
    "certifications": 0.75,
    "skills": 0.75,
    "other": 0.7,
    "education": 0.65,
}
# Which section an evidence quote is preferably taken from.
KIND_ORDER = ("experience", "projects", "summary", "certifications", "skills", "other", "education")
_KIND_RANK = {kind: rank for rank, kind in enumerate(KIND_ORDER)}
_KIND_WORDS = (
    ("experience", ("experience", "employment", "work", "company", "career", "internship")),
    ("education", ("educat", "academ", "qualification", "degree", "school")),
    ("certifications", ("certif", "licen", "course", "training")),
    ("skills", ("skill", "technolog", "competenc", "expertise", "tools", "proficienc")),
    ("projects", ("project",)),
    ("summary", ("summary", "profile", "objective", "about", "overview")),
)
_SENTENCE_BREAK = re.compile(r"[.!?;](?=\s)|[•▪●◦■➢►✓❖]|\s\*\s|\s[-–]\s")
_QUOTE_EDGE = " \t•▪●◦■➢►✓❖*-–·:|,"
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_NEWLINE = re.compile(r"\n")
_PLACEHOLDER = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS))
_MAX_MASKED_PARAGRAPH = 1500


class Hit(NamedTuple):
    section: int  # index into CandidateText.sections
    start: int
    end: int


def fold(text: str) -> str:
    """Lower-case without changing length, so offsets in the folded text hold in the original
    (a few letters such as "İ" lower-case to two characters; those stay as they are)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(char if len(char.lower()) != 1 else char.lower() for char in text)


def section_kind(label: str) -> str:
    """A section kind from a label that is either a kind already or a free heading."""
    lowered = label.strip().lower()
    if lowered in SECTION_KINDS:
        return lowered
    for kind, words in _KIND_WORDS:
        if any(word in lowered for word in words):
            return kind
    return "other"


def quote_bounds(text: str, start: int, end: int, limit: int = QUOTE_LIMIT) -> tuple[int, int]:
    """The line around `text[start:end]`, else its sentence, else a window cut on word
    boundaries; never more than `limit` characters unless the match itself is longer."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    a, b = _trim(text, line_start, len(text) if line_end < 0 else line_end)
    if b - a <= limit:
        return a, b
    for m in _SENTENCE_BREAK.finditer(text, a, start):
        a = m.end()
    stop = _SENTENCE_BREAK.search(text, end, b)
    if stop is not None:
        b = stop.start() + (1 if text[stop.start()] in ".!?" else 0)
    a, b = _trim(text, a, b)
    if b - a <= limit:
        return a, b
    if end - start >= limit:
        return start, end
    slack = limit - (end - start)
    a = max(a, start - slack // 2)
    b = min(b, a + limit)
    a = max(a, b - limit)
    while 0 < a < start and not text[a - 1].isspace():
        a += 1  # do not begin halfway through a word
    while end < b < len(text) and not text[b].isspace():
        b -= 1
    return _trim(text, a, b)


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or list item) around `text[start:end]`, within its line."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    a, b = line_start, len(text) if line_end < 0 else line_end
    for m in _SENTENCE_BREAK.finditer(text, a, start):
        a = m.end()
    stop = _SENTENCE_BREAK.search(text, end, b)
    return a, stop.start() if stop is not None else b


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in _QUOTE_EDGE:
        a += 1
    while b > a and text[b - 1] in " \t|,":
        b -= 1
    return a, b


def _mask_injections(text: str) -> tuple[str, str]:
    """(masked, folded masked): every paragraph holding an instruction to an AI is blanked
    (same length, newlines kept)."""
    folded = fold(text)
    matches = list(INJECTION_FOLDED.finditer(folded))
    if not matches:
        return text, folded
    chars = list(text)
    for m in matches:
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        end = len(text) if end < 0 else end
        paragraph_start = 0
        for blank in _BLANK_LINE.finditer(text, 0, m.start()):
            paragraph_start = blank.end()
        after = _BLANK_LINE.search(text, m.end())
        paragraph_end = after.start() if after else len(text)
        if paragraph_end - paragraph_start <= _MAX_MASKED_PARAGRAPH:
            start, end = paragraph_start, paragraph_end
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
    masked = "".join(chars)
    return masked, fold(masked)


@dataclass(slots=True)
class SectionText:
    label: str  # as given; evidence names it
    kind: str
    text: str  # quotes are cut from here
    masked: str  # `text` with injected instructions blanked; matching runs on this
    folded: str  # `masked`, lower-cased

    @property
    def confidence(self) -> float:
        return KIND_CONFIDENCE[self.kind]


class CandidateText:
    def __init__(self, sections: Sequence[tuple[str, str]], raw_text: str, today: date) -> None:
        pairs = [(label, text) for label, text in sections if text.strip()]
        if not pairs and raw_text.strip():
            pairs = [("other", raw_text)]
        self.today = today
        self.raw_text = raw_text
        self.sections: list[SectionText] = []
        for label, text in pairs:
            masked, folded = _mask_injections(text)
            self.sections.append(SectionText(label, section_kind(label), text, masked, folded))
        self.kinds = frozenset(section.kind for section in self.sections)

    def kind_rank(self, hit: Hit) -> int:
        return _KIND_RANK[self.sections[hit.section].kind]

    def confidence(self, hit: Hit) -> float:
        return self.sections[hit.section].confidence

    def quote(self, hit: Hit) -> tuple[str, str]:
        """(quote, section label) for a hit: a verbatim slice of the section text, kept clear
        of placeholders so that it stands verbatim in the stored, unredacted text as well."""
        section = self.sections[hit.section]
        text = section.text
        a, b = quote_bounds(text, hit.start, hit.end)
        for m in _PLACEHOLDER.finditer(text, a, b):
            if m.end() <= hit.start:
                a = m.end()
            elif m.start() >= hit.end:
                b = m.start()
                break
        a, b = _trim(text, a, b)
        return text[a:b], section.label

    def raw(self, hit: Hit) -> str:
        """The matched text itself, as written."""
        return self.sections[hit.section].text[hit.start : hit.end]

    def line_of(self, hit: Hit) -> tuple[int, int]:
        text = self.sections[hit.section].text
        line_start = text.rfind("\n", 0, hit.start) + 1
        line_end = text.find("\n", hit.end)
        return line_start, len(text) if line_end < 0 else line_end

    def line_number(self, section: int, position: int) -> int:
        return bisect_right(self._line_starts[section], position) - 1

    def search(self, pattern: re.Pattern[str], *, folded: bool, per_section: int = 3) -> list[Hit]:
        """Matches of a compiled pattern, at most `per_section` in each section."""
        hits: list[Hit] = []
        for index, section in enumerate(self.sections):
            count = 0
            for m in pattern.finditer(section.folded if folded else section.masked):
                if m.end() > m.start():
                    hits.append(Hit(index, m.start(), m.end()))
                    count += 1
                    if count >= per_section:
                        break
        return hits

    @cached_property
    def _line_starts(self) -> list[list[int]]:
        return [
            [0, *(m.end() for m in _NEWLINE.finditer(section.text))] for section in self.sections
        ]

    @cached_property
    def skills(self) -> dict[str, list[Hit]]:
        """Canonical taxonomy skill -> its first mention in each section (aliases resolved)."""
        taxonomy = get_taxonomy()
        found: dict[str, list[Hit]] = {}
        for index, section in enumerate(self.sections):
            for match in taxonomy.find_skills(section.masked):
                found.setdefault(match.name, []).append(Hit(index, match.start, match.end))
        return found
