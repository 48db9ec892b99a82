"""Company names an ad mentions, so that nothing inside them becomes a requirement.

A partner's or client's name and acronym ("in partnership with Globex Systems Group (GSG)")
look like skills to a skill finder: an acronym O*NET happens to know, a product word. They are
found from how ads introduce them: a name followed by its acronym in brackets, and the words
that introduce a partner, a client or the employer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NAME = r"[A-Z][\w&.'’-]*(?:\s+(?:of|and|&|for|de|the)?\s*[A-Z][\w&.'’-]*){0,5}"
_WITH_ACRONYM = re.compile(rf"\b({_NAME})\s*\(\s*([A-Z][A-Z0-9&]{{1,7}})\s*\)")
_INTRODUCED = re.compile(
    rf"\b(?:in\s+partnership\s+with|partner(?:ed|ing|s)?\s+with|our\s+(?:client|partner|customer)s?"
    rf"(?:,|\s+company)?|(?:client|partner|customer)\s*:|on\s+behalf\s+of|a\s+subsidiary\s+of"
    rf"|acquired\s+by|at\s+our\s+client)\s+({_NAME})",
)
_EMPLOYER = re.compile(
    rf"^\s*({_NAME})\s+(?:is|are)\s+(?:hiring|looking|seeking|searching|recruiting|an?\b|the\b)",
    re.MULTILINE,
)


def _initials(name: str) -> str:
    return "".join(word[0] for word in name.split() if word[:1].isupper())


@dataclass(frozen=True, slots=True)
class Organisations:
    spans: tuple[tuple[int, int], ...]
    acronyms: frozenset[str]

    def covers(self, start: int, end: int, raw: str) -> bool:
        """Whether text[start:end] (a skill match, `raw` as written) is part of a name."""
        if raw in self.acronyms:
            return True
        return any(s <= start and end <= e for s, e in self.spans)


def find_organisations(text: str) -> Organisations:
    spans: list[tuple[int, int]] = []
    acronyms: set[str] = set()
    for match in _WITH_ACRONYM.finditer(text):
        name, acronym = match.group(1), match.group(2)
        words = name.split()
        # The acronym must spell the last words' initials ("Globex Systems Group (GSG)").
        for first in range(len(words)):
            if _initials(" ".join(words[first:])).upper() == acronym.upper():
                spans.append((match.start(2), match.end(2)))
                offset = match.start(1) + name.find(words[first])
                spans.append((offset, match.end(1)))
                acronyms.add(acronym)
                break
    for pattern in (_INTRODUCED, _EMPLOYER):
        for match in pattern.finditer(text):
            if len(match.group(1).split()) >= 2 or match.group(1).isupper():
                spans.append(match.span(1))
                if match.group(1).isupper():
                    acronyms.add(match.group(1))
    return Organisations(tuple(spans), frozenset(acronyms))
