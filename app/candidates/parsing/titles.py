"""Job titles: tidying a raw title, telling a title from prose, and reading one from a
sentence ("... as a Civil Engineer") or from the opening of a job's description."""

from __future__ import annotations

import re

from app.candidates.parsing.vocab import TITLE_WORDS

_MAX_TITLE_CHARS = 80
_MAX_TITLE_WORDS = 10
_TITLE_EDGE = " \t-–—|,:;.[]•*"
_DURATION = re.compile(
    r"^\(?[ \t]*\d+(?:[.,]\d+)?\+?[ \t]*(?:years?|yrs?|months?|mos?|weeks?)\b", re.IGNORECASE
)
_FUNCTION_WORDS = frozenset(
    {"from", "to", "since", "till", "until", "at", "in", "on", "of", "for", "and", "the", "a"}
    | {"an", "as", "with", "by", "present", "current", "now", "date", "full", "part", "time"}
)
# "time: Full Stack Developer" (the tail of "Full time: ..."), "Position - Data Analyst".
_LABEL_PREFIX = re.compile(r"^[\w -]{1,20}:[ \t]*(?=\S)")
_DANGLING = re.compile(r"[ \t]+(?:from|since|till|until|to|at|in|for|-)$", re.IGNORECASE)


def clean_title(raw: str | None) -> str | None:
    """The title tidied, or None when it is prose, a duration ("8 months") or a bare word
    left over from a date ("from")."""
    if raw is None:
        return None
    title = " ".join(raw.split()).strip(_TITLE_EDGE)
    title = title.lstrip(")").rstrip("(").strip(_TITLE_EDGE)
    label = _LABEL_PREFIX.match(title)
    if label and looks_like_title(title[label.end() :]):
        title = title[label.end() :]
    title = _DANGLING.sub("", title).strip(_TITLE_EDGE)
    if title.count("(") > title.count(")"):
        title += ")"  # "Design Engineer (Mechanical" lost its ")" to a line break
    if len(title) > _MAX_TITLE_CHARS or len(title.split()) > _MAX_TITLE_WORDS:
        return None
    words = re.findall(r"[a-z]+", title.lower())
    if not words or _DURATION.match(title) or all(w in _FUNCTION_WORDS for w in words):
        return None
    return title or None


def looks_like_title(text: str) -> bool:
    words = re.findall(r"[a-z]+", text.lower())
    # "Co-ordinator", "Sub-Engineer": a hyphenated word counts as written and joined.
    joined = re.findall(r"[a-z]+(?:-[a-z]+)+", text.lower())
    words += [w.replace("-", "") for w in joined]
    return 0 < len(re.findall(r"[a-z]+", text.lower())) <= 8 and any(
        w in TITLE_WORDS for w in words
    )


def prose_title(raw: str) -> str | None:
    """A title read from "... as a Civil Engineer": only one with a job word."""
    title = clean_title(raw)
    return title if title and looks_like_title(title) else None


# How a description names the job when no "Role:" line does: "Worked as java developer.",
# "1. As a Java Developer.", "I was working as a trainer.", "I am Java web developer", or a
# first line that is the title ("Jr. Java Developer", "Data Science Intern, Nov 2015 to ...").
# A title's own abbreviations keep their full stop ("Sr.", "Jr.", "Asst.").
_TITLE_CHARS = r"(?P<title>(?:[^\n.,;:(]|(?:(?<=[JjSs][Rr])|(?<=[Aa]sst)|(?<=ASST))\.){2,60})"
_OPENING_AS = re.compile(
    r"^[\d.)•*\s-]*(?:(?:i[ \t]+(?:am|was|have[ \t]+been)|currently|presently)[ \t]+)?"
    r"(?:(?:working|worked|work(?:s|ed)?|employed|joined)[ \t]+)?as[ \t]+(?:an?[ \t]+)?"
    + _TITLE_CHARS,
    re.IGNORECASE,
)
_OPENING_AM = re.compile(r"^[\d.)•*\s-]*i[ \t]+am[ \t]+(?:an?[ \t]+)?" + _TITLE_CHARS, re.I)
_OPENING_LINE = re.compile(r"^[\d.)•*\s-]*" + _TITLE_CHARS + r"(?:[.,;:(\n]|$)")
_TITLE_STOP = re.compile(
    r"[ \t]+(?:in|over|with|for|at|from|since|using|on|and|having|who|where|to)\b.*$",
    re.IGNORECASE,
)


def title_in_opening(desc: str) -> str | None:
    """The title a job's description opens with, if it opens with one."""
    for pattern in (_OPENING_AS, _OPENING_AM, _OPENING_LINE):
        m = pattern.match(desc)
        if m:
            title = prose_title(_TITLE_STOP.sub("", m.group("title")))
            if title is not None and len(title.split()) <= _MAX_OPENING_TITLE_WORDS:
                return title
    return None


_MAX_OPENING_TITLE_WORDS = 6


# "1 year experience as a Research assistant of R&D Department at ...": a job's length and
# its title, anywhere in the opening of its description.
_STATED_AS = re.compile(
    r"(?:^|[\s•*(])\d{1,2}(?:\.\d)?[ \t]*\+?[ \t]*(?:years?|yrs?|months?)['’]?(?:[ \t]+of)?"
    r"[ \t]+(?:work[ \t]+)?experience[ \t]+as[ \t]+(?:an?[ \t]+)?" + _TITLE_CHARS,
    re.IGNORECASE,
)
_STATED_STOP = re.compile(r"[ \t]+(?:of|department|dept)\b.*$", re.IGNORECASE)


# "Job Profile: Worked as an \"Application Support Engineer Tier II\"", "With over 1.5 years
# of experience worked as Asst. Electrical Engineer from ...": the job named in a sentence
# further into its description.
_WORKED_AS = re.compile(
    r"\b(?:work(?:ed|ing)|employed|joined|serv(?:ed|ing))[ \t]+as[ \t]+(?:an?[ \t]+)?[\"'“‘]*"
    + _TITLE_CHARS,
    re.IGNORECASE,
)


def title_worked_as(desc: str) -> str | None:
    """The first title a description names as "worked as <title>", if one has a job word."""
    for m in _WORKED_AS.finditer(desc):
        raw = _TITLE_STOP.sub("", m.group("title")).strip().strip("\"'”’“‘")
        title = prose_title(raw)
        if title is not None and len(title.split()) <= _MAX_OPENING_TITLE_WORDS:
            return title
    return None


def title_of_stated_experience(desc: str) -> str | None:
    """The title in "N years experience as a <title>", if the description states one."""
    m = _STATED_AS.search(desc)
    if m is None:
        return None
    title = prose_title(_STATED_STOP.sub("", _TITLE_STOP.sub("", m.group("title"))))
    return title if title and len(title.split()) <= _MAX_OPENING_TITLE_WORDS else None
