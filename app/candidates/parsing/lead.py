"""The resume's lead (name, title, location, contact), wherever the layout put it.

A one-column resume opens with its lead: the text above the first heading. A two-column
template reads the other way round: the sidebar (skills, education, languages) comes first,
left to right, and the main column's top (the person's name, title and city) follows the
sidebar's last section, which would swallow it: the name and city read as skills, the city
never as the location, and jobs listed under an unrecognised heading ("Clinical Experience")
as part of the skills. So when the text opens with a heading, a block further down that
starts with a name and carries a title, a place or a contact line is taken as the lead: its
section is cut there, and the block starts a heading-less section of its own.
"""

from __future__ import annotations

import re

from app.candidates.parsing.header import guess_name
from app.candidates.parsing.identifiers import find_emails
from app.candidates.parsing.location import LABEL
from app.candidates.parsing.places import place_of
from app.candidates.parsing.sections import HEADING_WORDS
from app.candidates.parsing.titles import looks_like_title
from app.candidates.profile import Section

# A block begins after a blank line (PDF columns, DOCX layout cells are set apart by one).
_BLOCK_START = re.compile(r"\n[ \t]*\n(?=[ \t]*\S)")
_BLOCK_LINES = 4  # the name and what tells it is a lead: the lines right under it
_MAX_LINE = 100
_SEGMENT = re.compile(r"[ \t]*[|•·;,\t][ \t]*|[ \t]{3,}")
_PHONE_LINE = re.compile(r"(?:\+|\btel\b|\bphone\b|\bmobile\b)[\s:.]*\(?\d", re.IGNORECASE)
# A lead sits beside the sidebar, not inside a job: "experience" sections are never cut.
_SIDEBAR_KINDS = frozenset({"skills", "education", "certifications", "other"})


def _place_or_contact(line: str) -> bool:
    if "@" in line and find_emails(line):
        return True
    if _PHONE_LINE.search(line) or LABEL.match(line) or place_of(line) is not None:
        return True
    return any(place_of(piece) is not None for piece in _SEGMENT.split(line) if "," not in piece)


def _vouches(line: str) -> bool:
    """Whether a line under a name makes the block a lead: a job title, a place, or contact."""
    return looks_like_title(line) or _place_or_contact(line)


def _lead_at(text: str, at: int) -> bool:
    lines = _lines(text[at:])[:_BLOCK_LINES]
    if len(lines) < 2 or any(len(line) > _MAX_LINE for line in lines):
        return False
    name = guess_name(lines[0], HEADING_WORDS)
    if name is None or name.lower() != lines[0].strip(" -*#").lower():
        return False  # the name must be the whole first line, not a phrase in a sentence
    return any(_vouches(line) for line in lines[1:])


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def _split(text: str, sections: list[Section], i: int, at: int) -> tuple[list[Section], Section]:
    """`sections` with the i-th cut at `at` (an offset in its text), and the part cut off."""
    section = sections[i]
    cut = section.start + at
    head = section.model_copy(update={"text": text[section.start : cut], "end": cut})
    tail = Section(
        kind="summary", heading="", text=text[cut : section.end], start=cut, end=section.end
    )
    return [*sections[:i], head, tail, *sections[i + 1 :]], tail


def _rest_of_header(text: str, sections: list[Section]) -> tuple[list[Section], Section | None]:
    """The name printed across the page, and the rest of the header (city, contact) on top
    of the main column, read after the sidebar: the last block of a sidebar section that the
    main column's first section follows, when every line of it is a title, place or contact
    line and one is a place or contact."""
    for i, section in enumerate(sections[:-1]):
        if section.kind not in _SIDEBAR_KINDS or sections[i + 1].kind in _SIDEBAR_KINDS:
            continue
        blocks = list(_BLOCK_START.finditer(section.text))
        if not blocks:
            continue
        at = blocks[-1].end()
        lines = _lines(section.text[at:])
        if not 1 <= len(lines) <= _BLOCK_LINES - 1 or any(len(x) > _MAX_LINE for x in lines):
            continue
        if all(_vouches(x) for x in lines) and any(_place_or_contact(x) for x in lines):
            return _split(text, sections, i, at)
    return sections, None


def find_lead(text: str, sections: list[Section]) -> tuple[list[Section], list[Section]]:
    """(`sections` with lead text found below the top split out as heading-less sections of
    kind "summary", the lead's sections in the order to read them). The lead is the opening
    heading-less section when the text opens with one that names the person (with the rest
    of its header when a two-column layout moved that below the sidebar), else a block below
    that starts with a name, else the opening section if any."""
    opening = sections[0] if sections and not sections[0].heading else None
    if opening is not None and guess_name(opening.text, HEADING_WORDS) is not None:
        if len(_lines(opening.text)) > 1:
            return sections, [opening]
        sections, rest = _rest_of_header(text, sections)
        return sections, [opening] if rest is None else [opening, rest]
    for i, section in enumerate(sections):
        if section.kind not in _SIDEBAR_KINDS:
            continue
        for m in _BLOCK_START.finditer(section.text):
            if _lead_at(section.text, m.end()):
                sections, lead = _split(text, sections, i, m.end())
                return sections, [lead]
    return sections, [] if opening is None else [opening]
