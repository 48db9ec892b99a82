"""Privacy check over evidence quotes: how many show a name, email, phone, URL, birth date or
age. Goal 0, gated at 0 (`gate.ABSOLUTE`).

Deliberately simpler than the product's redaction and independent of it (no shared code), so
that the product cannot grade itself: names are the ones the dataset put in the text (known
by construction), the rest are plain patterns.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

LEAK_KINDS = ("name", "email", "phone", "url", "birth", "age")

_PATTERNS: dict[str, re.Pattern[str]] = {
    "email": re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    "phone": re.compile(r"(?<![\w/.-])\+?\(?\d[\d ().-]{7,}\d(?![\w/])"),
    "url": re.compile(r"https?://|\bwww\.|linkedin\.com|github\.com|(?<![\w.])@[A-Za-z_]\w{2,}"),
    "birth": re.compile(
        r"date[ \t]+of[ \t]+birth|\bd\.?o\.?b\b|\bborn\b|\bbirth[ \t]*date", re.IGNORECASE
    ),
    "age": re.compile(
        r"\bage[ \t]*[:\-–]?[ \t]*\d{2}\b|\b\d{2}[ \t]*(?:years?|yrs)[ \t-]*old\b", re.IGNORECASE
    ),
}


def _phone(text: str) -> bool:
    digits = re.sub(r"\D", "", text)
    return len(digits) >= 9 and not re.fullmatch(r"(?:(?:19|20)\d\d)+", digits)


def quote_leaks(quote: str, names: Iterable[str] = ()) -> list[str]:
    """The kinds of personal data `quote` shows; `names` are the people named in its text."""
    found = []
    for word in {w for name in names for w in re.findall(r"[^\W\d_]{2,}", name)}:
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", quote, re.IGNORECASE):
            found.append("name")
            break
    for kind, pattern in _PATTERNS.items():
        for m in pattern.finditer(quote):
            if kind != "phone" or _phone(m.group()):
                found.append(kind)
                break
    return found


class LeakCounter:
    """Counts quotes that leak, by kind, with a few examples for the report."""

    def __init__(self) -> None:
        self.quotes = 0
        self.leaking = 0
        self.kinds: Counter[str] = Counter()
        self.examples: list[dict[str, object]] = []

    def add(self, quotes: Iterable[str], names: Iterable[str], where: str) -> None:
        names = list(names)
        for quote in quotes:
            self.quotes += 1
            kinds = quote_leaks(quote, names)
            if kinds:
                self.leaking += 1
                self.kinds.update(kinds)
                if len(self.examples) < 20:
                    self.examples.append({"where": where, "quote": quote, "kinds": kinds})

    def metrics(self, prefix: str) -> dict[str, float]:
        return {f"{prefix}privacy_leaks": float(self.leaking)}

    def details(self) -> dict[str, object]:
        return {
            "quotes": self.quotes,
            "leaking": self.leaking,
            "by_kind": {kind: self.kinds.get(kind, 0) for kind in LEAK_KINDS},
            "examples": self.examples,
        }


# Profiles of the dataset that open with a heading or a headline instead of a name.
_NOT_NAME_WORDS = frozenset(
    [
        "skills",
        "education",
        "details",
        "summary",
        "experience",
        "profile",
        "resume",
        "curriculum",
        "vitae",
        "hr",
        "generalist",
        "engineer",
        "developer",
        "manager",
        "analyst",
    ]
)


def names_in_header(text: str) -> list[str]:
    """The dataset's own convention: a profile opens with its owner's name, alone or before a
    comma ("Jane Doe", "Maria Lopez, RN"), unless it opens with a heading or a headline."""
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        head = line.split(",")[0].split("|")[0].strip()
        words = head.lower().split()
        if any(ch.isdigit() or ch in "@:" for ch in head) or not 2 <= len(words) <= 4:
            return []
        return [] if _NOT_NAME_WORDS.intersection(words) else [head]
    return []
