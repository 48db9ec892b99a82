"""Withhold personal identifiers and protected-attribute details before evaluation and search.

The evaluator (offline rules or an LLM) only ever sees redacted text, so it cannot use a name,
contact detail, photo or a "Gender: / DOB: / Nationality:" line, even by accident: fairness by
construction rather than by instruction.

Each withheld span becomes a short placeholder ("[NAME]", "[EMAIL]"...). Placeholders change
the text's length, so `RedactedText` keeps the replaced spans and maps offsets both ways: a
quote taken from the redacted text maps back to the stored original, and a quote that contains
no placeholder occurs verbatim in the original as well.

What is found: the candidate's name (whole and each part of 2+ letters, case-insensitive,
word-bounded, plus honorifics such as "Mrs."), the profile's emails, phones and URLs and any
other the text holds (`app.candidates.parsing.identifiers`, the same detectors the importer
uses), photo/image references, and labelled personal details: date or place of birth, age,
gender, marital status, nationality, religion, caste, relatives' names, ID numbers, postal
addresses and the like. The city a person names elsewhere (a headline, a job line) stays: it
is job-related, and location qualifications are judged from it.

None of it depends on the parser having found the name. The text itself is read too
(`app.candidates.header_block`, `app.candidates.personal_lines`): names in the header block by
a given-name/surname list and by position, and wherever they recur; "Name:" labels; runs of
known names elsewhere ("Reference: Aditya Arora"); contact lines and labels ("LinkedIn |
GitHub", "Skype: ..."), which are never evidence; ages ("34 years old"); lines of personal
words ("Male | Married"); street addresses and postcodes; and gendered pronouns, which become
one neutral [PRONOUN] for everyone.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.candidates.header_block import header_end, header_spans, is_resume_word, name_run_spans
from app.candidates.parsing.identifiers import find_emails, find_phones, find_urls
from app.candidates.personal_lines import (
    Span,
    address_spans,
    age_spans,
    contact_spans,
    name_label_spans,
    personal_line_spans,
    pronoun_spans,
)
from app.candidates.profile import Identifiers, ParsedProfile, Section

NAME = "[NAME]"
EMAIL = "[EMAIL]"
PHONE = "[PHONE]"
URL = "[URL]"
PHOTO = "[PHOTO]"
PERSONAL = "[PERSONAL]"
CONTACT = "[CONTACT]"
PRONOUN = "[PRONOUN]"  # he/she/his/her...: neutral, and the same for everyone
PLACEHOLDERS = (NAME, EMAIL, PHONE, URL, PHOTO, PERSONAL, CONTACT, PRONOUN)
_PLACEHOLDER_OF = {"name": NAME, "contact": CONTACT, "personal": PERSONAL, "pronoun": PRONOUN}


# Not identifying on their own, and common words elsewhere ("de", "van", "Dr").
def _words(text: str) -> list[str]:
    return text.split()


_NAME_PARTICLES = frozenset(
    _words(
        """
    al ap bin bint da das de del della den der di dos du el la le st ten ter van von zu
    mr mrs ms mx dr prof sir
    """
    )
)
_NAME_SPLIT = re.compile(r"[\s,]+")
_NAME_EDGE = ".,;:()[]\"'’"
# Honorifics say the gender; only in their capitalised form, so "miss a deadline" stays
# ("Sri" is left out: "Sri Lanka").
# Before a capitalised word, and not "Ms Office" / "MS-CIT" (Microsoft, an Indian IT course).
_HONORIFIC = re.compile(
    r"(?<![\w.])(?:Mr|Mrs|Ms|Miss|Mx|Shri|Smt|Kumari|Mister)\b\.?(?=[ \t]+[A-Z])"
    r"(?![ \t]+(?:Office|Excel|Word|Access|PowerPoint|Outlook|Project|Dynamics|Teams|SQL"
    r"|Windows|Visio|Paint|DOS|Dos))"
)

_LABELS = (
    r"date[ \t]+of[ \t]+birth|birth[ \t]*date|d\.?[ \t]?o\.?[ \t]?b|place[ \t]+of[ \t]+birth"
    r"|born(?:[ \t]+on|[ \t]+in)?|age|gender|sex|marital[ \t]+status|civil[ \t]+status"
    r"|family[ \t]+status|nationality|citizenship|religion|caste|ethnicity|race"
    r"|(?:father|mother|husband|wife|spouse|guardian)(?:['’]?s)?[ \t]+name|spouse|children"
    r"|blood[ \t]+group|height|weight|pronouns|sexual[ \t]+orientation|disability"
    r"|passport(?:[ \t]+(?:no|number|details))?|pan(?:[ \t]+(?:no|number|card))?"
    r"|aadhaa?r(?:[ \t]+(?:no|number|card))?|social[ \t]+security(?:[ \t]+number)?|ssn"
    r"|(?:(?:current|permanent|present|residential|home|postal|mailing)[ \t]+)?address"
)
# A label followed by a separator ("Gender: F", "DOB - 01.02.1990", "Date of Birth(Gender):").
_PERSONAL_LABEL = re.compile(
    rf"(?<![\w.])(?:{_LABELS})\.?(?:[ \t]*\([^)\n]{{0,30}}\))?[ \t]*(?:[:=]|[-–—](?=[ \t\d]))",
    re.IGNORECASE,
)
# Birth dates are also written without a separator: "DOB 21/03/1986", "Born 12 March 1990".
_BIRTH_NO_SEPARATOR = re.compile(
    r"(?<![\w.])(?:date[ \t]+of[ \t]+birth|d\.?o\.?b\.?|born(?:[ \t]+on)?)[ \t]+(?=\d)",
    re.IGNORECASE,
)
# Where a personal detail's value ends: the line end, a list separator, a sentence, or the
# next "Label:" on the same line ("Gender: Female, Nationality: Indian"); not the dot of an
# honorific ("Father's Name: Mr. Tirlok Aggarwal").
_VALUE_END = re.compile(
    r"\n|[|;•]|(?<!Mr)(?<!Mrs)(?<!Ms)(?<!Dr)(?<!Smt)(?<!Shri)\.(?=[ \t]*[A-Z][a-z])"
    r"|[,.]?[ \t]+[A-Z][A-Za-z'’ ]{1,30}(?:\([^)\n]*\))?[ \t]*:"
)
_MAX_VALUE = 80

# Only as a line's label: "Docker image: alpine" in a sentence is not a photo.
_PHOTO_LINE = re.compile(
    r"^[ \t*•·-]*(?:photo(?:graph)?|picture|headshot|image|profile[ \t]+(?:photo|picture|image))"
    r"[ \t]*:[^\n]*",
    re.IGNORECASE | re.MULTILINE,
)
_IMAGE_REF = re.compile(
    r"!\[[^\]\n]*\]\([^)\n]*\)"  # Markdown image
    r"|<img\b[^>]*>"  # HTML image
    r"|data:image/[\w.+-]+;base64,[A-Za-z0-9+/=]+"
    r"|(?<![\w/.])[\w.-]+\.(?:jpe?g|png|gif|bmp|webp|heic|tiff?)\b",
    re.IGNORECASE,
)
# Between two name parts: "Jane Doe", "Jane Q. Doe" (an initial goes with the name).
_NAME_GAP = re.compile(r"(?:[ \t.]+|(?<![\w])[A-Z](?![\w]))*")


@dataclass(frozen=True, slots=True)
class Redaction:
    """One withheld span: `original[start:end]` became `text[new_start:new_end]`."""

    start: int
    end: int
    new_start: int
    new_end: int
    placeholder: str


@dataclass(frozen=True, slots=True)
class RedactedText:
    """The redacted text and where its placeholders sit. Holds no withheld content."""

    text: str
    spans: tuple[Redaction, ...] = ()

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original span for `text[start:end]`; a placeholder maps to all it replaced."""
        if not self.spans:
            return start, end
        new_starts = [span.new_start for span in self.spans]
        k = bisect_right(new_starts, start) - 1
        if k < 0:
            original_start = start
        else:
            span = self.spans[k]
            inside = start < span.new_end
            original_start = span.start if inside else start - span.new_end + span.end
        k = bisect_left(new_starts, end) - 1  # a span starting exactly at `end` is not in it
        if k < 0:
            original_end = end
        else:
            span = self.spans[k]
            inside = end < span.new_end
            original_end = span.end if inside else end - span.new_end + span.end
        return original_start, original_end

    def to_redacted(self, position: int) -> int:
        """Where an original offset lands; inside a withheld span, just after its placeholder,
        so that section boundaries stay in order and the sections still tile the text."""
        starts = [span.start for span in self.spans]
        k = bisect_left(starts, position) - 1  # the last span starting before `position`
        if k < 0:
            return position
        span = self.spans[k]
        return span.new_end if position < span.end else position - span.end + span.new_end

    def locate(self, quote: str) -> tuple[int, int] | None:
        """The original span of the first verbatim occurrence of `quote`, or None."""
        at = self.text.find(quote) if quote else -1
        return None if at < 0 else self.to_original(at, at + len(quote))


@dataclass(frozen=True, slots=True)
class RedactedProfile:
    text: RedactedText
    sections: list[tuple[str, str]]  # (section kind, redacted section text), tiling `text`


def _fold(text: str) -> str:
    """Lower-case without changing length (a few letters lower-case to two characters)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(char if len(char.lower()) != 1 else char.lower() for char in text)


def _bounded(text: str, start: int, end: int) -> bool:
    return (start == 0 or not text[start - 1].isalnum()) and (
        end >= len(text) or not text[end].isalnum()
    )


def _literal_spans(
    text: str, folded: str, needles: Iterable[str], placeholder: str, *, whole_word: bool
) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    for needle in {_fold(n.strip()) for n in needles if n.strip()}:
        at = folded.find(needle)
        while at >= 0:
            end = at + len(needle)
            if not whole_word or _bounded(text, at, end):
                spans.append((at, end, placeholder))
            at = folded.find(needle, at + 1)
    return spans


def _name_parts(name: str | None) -> set[str]:
    parts: set[str] = set()
    for raw in _NAME_SPLIT.split(name or ""):
        word = raw.strip(_NAME_EDGE)
        pieces = [word, *re.split(r"[-‐]", word)] if "-" in word or "‐" in word else [word]
        for piece in pieces:
            piece = piece.strip(_NAME_EDGE)
            letters = sum(char.isalpha() for char in piece)
            if letters >= 2 and piece.lower() not in _NAME_PARTICLES:
                parts.add(piece)
    return parts


def _join_name_runs(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """One [NAME] for "Jane Doe", not "[NAME] [NAME]" (which would also tell the part count)."""
    spans.sort()
    joined: list[tuple[int, int, str]] = []
    for start, end, placeholder in spans:
        last_end = joined[-1][1] if joined else -1
        touching = 0 <= last_end <= start and _NAME_GAP.fullmatch(text, last_end, start)
        if joined and (start < last_end or touching):
            joined[-1] = (joined[-1][0], max(end, last_end), placeholder)
        else:
            joined.append((start, end, placeholder))
    return joined


def _personal_spans(text: str) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    labels = [*_PERSONAL_LABEL.finditer(text), *_BIRTH_NO_SEPARATOR.finditer(text)]
    for m in labels:
        stop = _VALUE_END.search(text, m.end(), m.end() + _MAX_VALUE)
        if stop is not None:
            end = stop.start()
        else:  # a long value: stop at a word end, never halfway through a word
            end = min(len(text), m.end() + _MAX_VALUE)
            while end < len(text) and not text[end].isspace():
                end += 1
        while end > m.end() and text[end - 1] in " \t":
            end -= 1
        spans.append((m.start(), end, PERSONAL))
    return spans


def _merge(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Overlapping spans become one, named after the longest (an email holding the name
    stays [EMAIL])."""
    spans.sort(key=lambda s: (s[0], -s[1]))
    merged: list[tuple[int, int, str]] = []
    for start, end, placeholder in spans:
        if merged and start < merged[-1][1]:
            first_start, first_end, first_placeholder = merged[-1]
            longest = placeholder if end - start > first_end - first_start else first_placeholder
            merged[-1] = (first_start, max(end, first_end), longest)
        else:
            merged.append((start, end, placeholder))
    return merged


def _found_spans(text: str) -> tuple[list[tuple[int, int, str]], list[str]]:
    """Personal data found in the text itself, whatever the parser made of it: the header
    block's name and contact lines, "Name:" labels, ages, addresses, contact lines, personal
    lines, name runs and pronouns; and the name words found, to withhold wherever they recur."""
    header, header_names = header_spans(text, header_end(text))
    labelled, label_values = name_label_spans(text)
    found: list[Span] = [
        *header,
        *labelled,
        *contact_spans(text),
        *age_spans(text),
        *address_spans(text),
        *personal_line_spans(text),
        *name_run_spans(text),
        *pronoun_spans(text),
    ]
    names = [*header_names, *(part for value in label_values for part in _name_parts(value))]
    return [(s.start, s.end, _PLACEHOLDER_OF[s.kind]) for s in found], names


def _name_needles(name: str | None, found: Sequence[str]) -> list[str]:
    """Name parts to withhold wherever they stand. A part that is also a skill or an English
    word ("Ruby", "Grant") is withheld only within the whole name, so that a candidate called
    Ruby keeps the Ruby on her skills line."""
    parts = _name_parts(name) | {part for part in found if len(part) >= 2}
    needles = [part for part in parts if not is_resume_word(part)]
    if name and len(needles) < len(parts):
        needles.append(" ".join(name.split()))
    return needles


def redact(text: str, identifiers: Identifiers, name: str | None) -> RedactedText:
    """`text` with the candidate's identifiers and personal details replaced by placeholders."""
    if not text:
        return RedactedText(text)
    folded = _fold(text)
    emails = [*identifiers.emails, *find_emails(text)]
    urls = [*identifiers.urls, *find_urls(text)]
    phones = [*identifiers.phones, *find_phones(text)]
    found, found_names = _found_spans(text)
    needles = _name_needles(name, found_names)
    names = _literal_spans(text, folded, needles, NAME, whole_word=True)
    names.extend((m.start(), m.end(), NAME) for m in _HONORIFIC.finditer(text))
    names.extend(span for span in found if span[2] == NAME)
    spans = [
        *_join_name_runs(text, names),
        *_literal_spans(text, folded, emails, EMAIL, whole_word=False),
        *_literal_spans(text, folded, urls, URL, whole_word=False),
        *_literal_spans(text, folded, phones, PHONE, whole_word=True),
        *((m.start(), m.end(), PHOTO) for m in _PHOTO_LINE.finditer(text)),
        *((m.start(), m.end(), PHOTO) for m in _IMAGE_REF.finditer(text)),
        *_personal_spans(text),
        *(span for span in found if span[2] != NAME),
    ]
    if not spans:
        return RedactedText(text)
    pieces: list[str] = []
    redactions: list[Redaction] = []
    cursor = length = 0
    for start, end, placeholder in _merge(spans):
        pieces.append(text[cursor:start])
        length += start - cursor
        redactions.append(Redaction(start, end, length, length + len(placeholder), placeholder))
        pieces.append(placeholder)
        length += len(placeholder)
        cursor = end
    pieces.append(text[cursor:])
    return RedactedText("".join(pieces), tuple(redactions))


def redact_sections(sections: Sequence[Section], redacted: RedactedText) -> list[tuple[str, str]]:
    """(kind, redacted text) per section, cut from `redacted` so that every section text is a
    substring of the redacted full text (a placeholder never straddles two sections)."""
    out: list[tuple[str, str]] = []
    for section in sections:
        start = redacted.to_redacted(section.start)
        end = redacted.to_redacted(section.end)
        out.append((section.kind, redacted.text[start:end]))
    return out


def redact_profile(profile: ParsedProfile) -> RedactedProfile:
    """The profile as the evaluator may see it: redacted full text and sections."""
    redacted = redact(profile.raw_text, profile.identifiers, profile.name)
    sections = redact_sections(profile.sections, redacted)
    if not sections and redacted.text:
        sections = [("other", redacted.text)]
    return RedactedProfile(redacted, sections)
