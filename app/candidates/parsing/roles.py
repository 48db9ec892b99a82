"""Which part of a job's header is the title, which the employer, which the place.

People write "Title, Company, dates", "Company | Title", "Company, City, Title 2013/---",
"Acme Solutions (Germany)" on one line and "Android Developer" on the next. Word order says
little, so each part is judged on evidence:
- a title has a job word ("developer", "engineer") or is an O*NET title;
- an employer has a company suffix (Ltd, GmbH, Inc, LLC, Pvt ...), or is what is left;
- a place named by the gazetteer ("Berlin", "Pune, India") is neither, and a country in
  brackets after a company ("Acme (Germany)") is the company's, not part of its name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.candidates.parsing.places import place_of
from app.candidates.parsing.vocab import TITLE_WORDS
from app.geo import Place
from app.taxonomy import get_taxonomy

# Legal forms mark a company wherever they stand; industry words only as its last word
# ("Acme Software", but "Software Engineer" is a title).
_LEGAL_FORM = re.compile(
    r"\b(?:ltd|limited|gmbh|inc|incorporated|llc|llp|pvt|private limited|corporation"
    r"|s\.a|b\.v|srl|sarl|ooo|oao|pte|pty)\b\.?",
    re.IGNORECASE,
)
# Legal forms that are also a trade's acronyms ("PLC Programmer", "SAS Analyst", "AG
# Engineer"): a company's only as its last word ("Acme Holdings PLC", "Siemens AG").
_LEGAL_FORM_LAST = re.compile(r"\b(?:plc|ag|kg|nv|bv|oy|sas|corp|se)\.?\s*$", re.IGNORECASE)
_INDUSTRY_END = re.compile(
    r"\b(?:technologies|technology|solutions|systems|group|software|labs|consulting|services"
    r"|bank|university|institute|studios?|agency|holdings?|partners|enterprises|infotech"
    r"|infosystems|networks|international|industries|company|co)\.?\s*$",
    re.IGNORECASE,
)
_BRACKETED = re.compile(r"\s*\((?P<inner>[^()]{2,40})\)\s*")
_LABEL = re.compile(
    r"^(?P<label>company|employer|organi[sz]ation|client|position|title|job title|role|"
    r"designation)[ \t]*[:\-–][ \t]*(?P<value>.+)$",
    re.IGNORECASE,
)
_TITLE_LABELS = frozenset({"position", "title", "job title", "role", "designation"})
_SPLIT_AT = re.compile(r"[ \t]+(?:at|@)[ \t]+|[ \t]*@[ \t]*", re.IGNORECASE)
_SPLIT_PARTS = re.compile(r"[ \t]*[|–—\t][ \t]*|[ \t]+-[ \t]+|,[ \t]*|[ \t]{3,}")
_EDGE = " \t-–—|,:;.[]•*"
MIN_TITLE_SCORE = 0.9  # an O*NET title this close is a title even without a job word
_MAX_PART_WORDS = 10


@dataclass
class RoleParts:
    title: str | None = None
    company: str | None = None
    places: list[tuple[str, Place]] = field(default_factory=list)

    @property
    def location(self) -> str | None:
        """The places as written, the most specific first ("Lviv, Ukraine")."""
        order = {"city": 0, "region": 1, "country": 2}
        ranked = sorted(self.places, key=lambda pair: order[pair[1].kind])
        return ", ".join(dict.fromkeys(text for text, _ in ranked)) or None


def company_evidence(text: str) -> int:
    """2: a legal form ("GmbH", "Pvt. Ltd"); 1: ends in an industry word ("Acme Software")."""
    if _LEGAL_FORM.search(text) or _LEGAL_FORM_LAST.search(text):
        return 2
    return 1 if _INDUSTRY_END.search(text) else 0


def title_evidence(text: str) -> int:
    """2: a job word ("Android Developer"); 1: an O*NET title; 0: not a title."""
    words = re.findall(r"[a-z]+", text.lower())
    if not words or len(words) > _MAX_PART_WORDS or company_evidence(text):
        return 0
    if any(w in TITLE_WORDS for w in words):
        return 2
    match = get_taxonomy().normalize_title(text)
    return 1 if match is not None and match.score >= MIN_TITLE_SCORE else 0


def _parts(line: str) -> list[str]:
    pieces = _SPLIT_AT.split(line, maxsplit=1)
    if len(pieces) == 1:
        pieces = _SPLIT_PARTS.split(line)
    return [p.strip(_EDGE) for p in pieces if p.strip(_EDGE)]


def split_role(lines: list[str]) -> RoleParts:
    """Title, company and places from a job's header lines (dates already removed)."""
    parts = RoleParts()
    loose: list[str] = []
    # (line, piece) position of each bare place and loose piece, for the last rule below.
    at: dict[str, tuple[int, int]] = {}
    for row, line in enumerate(lines):
        labelled = _LABEL.match(line.strip(_EDGE))
        if labelled:
            value = labelled.group("value").strip(_EDGE)
            if labelled.group("label").lower() in _TITLE_LABELS:
                parts.title = parts.title or value
            else:
                parts.company = parts.company or value
            continue
        for col, piece in enumerate(_parts(line)):
            bracket = _BRACKETED.search(piece)
            inner = place_of(bracket.group("inner")) if bracket else None
            if bracket and inner is not None:
                parts.places.append((bracket.group("inner"), inner))
                piece = (piece[: bracket.start()] + " " + piece[bracket.end() :]).strip(_EDGE)
            if not piece:
                continue
            place = place_of(piece)
            at.setdefault(piece, (row, col))
            if place is not None:
                parts.places.append((piece, place))
            else:
                loose.append(piece)
    if parts.title is None and loose:
        scored = [(title_evidence(p), -n, p) for n, p in enumerate(loose)]
        best = max(scored)
        if best[0] > 0:
            parts.title = best[2]
            loose.remove(best[2])
    if parts.company is None and loose:
        parts.company = max(loose, key=company_evidence)
        loose.remove(parts.company)
    if parts.title is None and loose and parts.company is not None:
        parts.title = loose[0]  # a title with no job word ("Freelance"), beside a company
    if parts.company is None and parts.title is not None and parts.title in at:
        # "Rappi — Data Analyst": a job names its employer before its place, so a "place"
        # written ahead of the title, with no employer anywhere, is the employer whose name
        # a town happens to share (the gazetteer knows Rappi as Rapperswil).
        row, col = at[parts.title]
        ahead = [p for p in parts.places if p[0] in at and at[p[0]][0] == row and at[p[0]][1] < col]
        if ahead:
            parts.company = ahead[0][0]
            parts.places.remove(ahead[0])
    return parts
