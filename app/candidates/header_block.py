"""The header block of a resume (the lines before its first section) and the names in it.

A resume names its owner at the top, but not always where the parser looks: after
"CURRICULUM VITAE", after a photo caption, below the headline, in lower case, or glued to an
email. Redaction therefore does not depend on the parsed name. In the header, a short line or
segment shaped like a name is one when a word of it is a known given name or surname
(`name_list`), or when it is the first such line (a name by position). Outside the header, a
run of two to four capitalised words that are all known names, the first a given name, is a
name too ("references: Anil Mehta"); a longer run ("Grace Hopper Celebration") is not.

Words that are technology skills, ordinary English words, job titles, section headings or
places (`app.geo`) never make a name, so "Ruby", "Jenkins", "Senior Engineer", "Skills" and
"Austin, TX" stay.
"""

from __future__ import annotations

import re
from functools import lru_cache

from app.candidates.name_list import name_words
from app.candidates.parsing.sections import HEADING_WORDS, split_sections
from app.candidates.parsing.titles import looks_like_title
from app.candidates.parsing.vocab import NOT_NAME_WORDS, REGION_WORDS
from app.candidates.personal_lines import HANDLE, POSTCODE, Span, only_contact_words
from app.geo import lookup
from app.geo.common_words import NOT_ALONE
from app.taxonomy import get_taxonomy

_MAX_HEADER_LINES = 12
_MAX_LINE = 100  # longer lines are prose: a summary paragraph, not a header field
_DOCUMENT_TITLES = frozenset(
    {"resume", "résumé", "curriculum vitae", "cv", "bio-data", "biodata", "bio data"}
)
# Honorifics and particles go with a name without being one.
_PARTICLES = frozenset(
    [
        "al",
        "ap",
        "bin",
        "bint",
        "da",
        "das",
        "de",
        "del",
        "della",
        "den",
        "der",
        "di",
        "dos",
        "du",
        "el",
        "la",
        "le",
        "st",
        "ten",
        "ter",
        "van",
        "von",
        "zu",
        "mr",
        "mrs",
        "ms",
        "mx",
        "dr",
        "prof",
        "sir",
        "shri",
        "smt",
        "kumari",
        "miss",
    ]
)
_SEGMENT = re.compile(r"[^|•·;,\t\n]+")
_NAME_WORD = re.compile(r"[^\W\d_](?:(?:[^\W\d_]|['’.-])*[^\W\d_])?\.?")
_CAPITALISED_RUN = re.compile(
    r"(?<![\w.'’-])[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
    r"(?:[ \t]+(?:[A-Z]\.[ \t]+)?[A-Z][a-z]+(?:-[A-Z][a-z]+)?)+(?![\w'’-])"
)

_AFTER_WORD = re.compile(r"[ \t]*(&|[A-Za-z]+)")
_FIRM_WORDS = frozenset(
    [
        "&",
        "and",
        "co",
        "corp",
        "corporation",
        "inc",
        "ltd",
        "llc",
        "llp",
        "plc",
        "gmbh",
        "ag",
        "pvt",
        "private",
        "limited",
        "company",
        "group",
        "associates",
        "partners",
        "sons",
        "brothers",
        "bros",
        "foundation",
        "institute",
        "university",
        "college",
        "school",
        "hospital",
        "award",
        "awards",
        "prize",
        "scholarship",
        "fellowship",
        "celebration",
        "conference",
    ]
)


def header_end(text: str) -> int:
    """Where the header block ends: the first section heading, else the first long line or
    the 12th line, whichever comes first."""
    sections = split_sections(text)
    first_heading = next((s.start for s in sections if s.heading), len(text))
    end = position = 0
    lines = 0
    while position < first_heading and lines < _MAX_HEADER_LINES:
        line_end = text.find("\n", position)
        line_end = len(text) if line_end < 0 else line_end
        if len(text[position:line_end].strip()) > _MAX_LINE:
            break
        lines += bool(text[position:line_end].strip())
        end = min(line_end, first_heading)
        position = line_end + 1
    return end


@lru_cache(maxsize=4096)
def is_resume_word(word: str) -> bool:
    """A word that is something other than a name on a resume: a skill, an English word, a
    heading, a title word or a place."""
    lowered = word.lower().strip(".")
    taxonomy = get_taxonomy()
    return (
        lowered in taxonomy.common_words
        or lowered in HEADING_WORDS
        or lowered in NOT_NAME_WORDS
        or lowered in REGION_WORDS
        or lowered in NOT_ALONE
        or taxonomy.canonical_skill(word) is not None
        or looks_like_title(word)
    )


def _name_shape(segment: str) -> list[str] | None:
    """The name words of a segment shaped like a name ("Jane Q. Doe", "anita kulkarni",
    "Mrs. Sunita Rao"), else None."""
    words = segment.split()
    if not 1 <= len(words) <= 5 or any(ch.isdigit() or ch in ":()/&@+=" for ch in segment):
        return None
    if " ".join(words).lower().strip(" :") in _DOCUMENT_TITLES or looks_like_title(segment):
        return None
    full = [w for w in words if len(w.strip(".")) > 1 and w.lower().strip(".") not in _PARTICLES]
    if not (all(w[0].isupper() for w in full) or all(w.islower() for w in full)):
        return None  # "Quick learner" mixes shapes: a phrase, not a name
    kept: list[str] = []
    for word in words:
        if not _NAME_WORD.fullmatch(word):
            return None
        lowered = word.lower().strip(".")
        if lowered in _PARTICLES or len(lowered) == 1:
            continue
        if is_resume_word(lowered):
            return None
        kept.append(word.strip("."))
    return kept or None


def header_spans(text: str, end: int) -> tuple[list[Span], list[str]]:
    """(spans to withhold in `text[:end]`, the name words found there)."""
    names = name_words()
    spans: list[Span] = []
    found: list[str] = []
    positional_used = False
    for line in re.finditer(r"[^\n]+", text[:end]):
        stripped = line.group().strip(" \t*#-•")
        if not stripped:
            continue
        if stripped.lower().strip(" :") in _DOCUMENT_TITLES:
            continue
        if stripped.lower().startswith(("photo", "picture", "image")):
            continue  # a photo caption: withheld as [PHOTO]; the name may follow it
        for m in HANDLE.finditer(line.group()):
            spans.append(Span(line.start() + m.start(), line.start() + m.end(), "contact"))
        for m in POSTCODE.finditer(line.group()):
            spans.append(Span(line.start() + m.start(), line.start() + m.end(), "personal"))
        segments = list(_SEGMENT.finditer(line.group()))
        for segment in segments:
            raw = segment.group()
            start = line.start() + segment.start() + (len(raw) - len(raw.lstrip(" *-#")))
            stop = line.start() + segment.end() - (len(raw) - len(raw.rstrip()))
            value = text[start:stop]
            if not value:
                continue
            if only_contact_words(value):
                spans.append(Span(start, stop, "contact"))
                continue
            words = _name_shape(value)
            if words is None or lookup(value) is not None:
                continue  # "Austin", "New Delhi": a place, which is no personal detail
            listed = any(names.is_name(w) for w in words)
            alone = len(segments) == 1
            by_list = listed and len(words) >= 2
            by_position = not positional_used and (len(words) >= 2 or (alone and listed))
            if by_list or by_position:
                positional_used = True
                spans.append(Span(start, stop, "name"))
                found.extend(words)
    return spans, found


def _in_firm(text: str, m: re.Match[str]) -> bool:
    """ "Al Nafjan & Al Abad co.", "Morgan Stanley Ltd": a firm named after people."""
    before = text[max(0, m.start() - 3) : m.start()]
    after = _AFTER_WORD.match(text, m.end())
    return "&" in before or (after is not None and after.group(1).lower() in _FIRM_WORDS)


def name_run_spans(text: str) -> list[Span]:
    """Runs of 2-4 capitalised known names outside the header ("Anil Mehta"), not longer
    runs, which name an award, a firm or an institution."""
    names = name_words()
    spans: list[Span] = []
    for m in _CAPITALISED_RUN.finditer(text):
        words = [w for w in m.group().split() if not w.endswith(".")]
        if not 2 <= len(words) <= 4 or not names.is_given(words[0]) or _in_firm(text, m):
            continue
        if all(names.is_name(w) and not is_resume_word(w) for w in words) and not lookup(m.group()):
            spans.append(Span(m.start(), m.end(), "name"))
    return spans
