"""Cut a recruiter's text into sections, sentences and clauses, keeping offsets.

A pasted job description has headings ("Requirements", "Nice to have", "Benefits") that decide
whether a skill is a must, a plus or noise; a chat request has none, and its clauses carry the
cues instead ("Django a must, Kubernetes nice to have"). Offsets are kept (never rewritten
text) so skill matches and protected-attribute hits can be mapped back to their clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

# request: a chat message (no headings). intro: a description's text before its first heading.
# location: under a "Location" heading. company: the company blurb — screened for
# protected-attribute wording ("our young team") but no requirement comes from it.
# other: benefits, how to apply, equal-opportunity text — read for the employment type only.
Section = Literal["request", "intro", "must", "nice", "duties", "location", "company", "other"]

_HEADINGS: tuple[tuple[Section, str], ...] = (
    (
        "nice",
        r"nice[- ]to[- ]haves?|bonus(?: points)?|preferred(?: qualifications| skills)?|pluses"
        r"|(?:it'?s )?a plus(?: if)?|desirable(?: skills)?|good to have|extra credit"
        r"|even better(?: if)?|ideally(?:,? you)?(?: have)?",
    ),
    (
        "must",
        r"requirements?|(?:minimum |basic |required |key )?qualifications|must[- ]haves?"
        r"|required(?: skills)?|what you(?:'ll)? bring|what we(?:'re| are) looking for"
        r"|who you are|your profile|about you|you have|you bring|your skills|skills"
        r"|(?:skills|experience) (?:and|&) (?:experience|qualifications)",
    ),
    (
        "duties",
        r"(?:key )?responsibilities|what you(?:'ll| will) do|(?:about )?the role|your role"
        r"|(?:your )?tasks|day[- ]to[- ]day|your mission|duties|(?:our |the )?tech(?:nology)? stack"
        r"|(?:our )?stack|the job|job description|role description|the position|overview",
    ),
    ("location", r"location|where|(?:our )?office|work location|place of work"),
    (
        "company",
        r"about us|who we are|(?:about )?the company|(?:about )?the team|our team|our values"
        r"|why (?:join )?us|about [A-Z][\w&.-]*(?: [A-Z][\w&.-]*)?",
    ),
    (
        "other",
        r"benefits|what we offer|we offer|perks(?: (?:and|&) benefits)?|compensation|salary"
        r"|how to apply|equal (?:employment )?opportunit\w*|diversity(?: (?:and|&) inclusion)?"
        r"|why you'll love (?:it|working here)|contact",
    ),
)
_HEADING_RES = tuple(
    (
        kind,
        re.compile(rf"^\s*(?:#+\s*|\*\*)?(?:{words})\s*(?:\*\*)?\s*[:?!]?\s*(?:\*\*)?\s*$", re.I),
    )
    for kind, words in _HEADINGS
)
# "Requirements: Python, Django" — a heading with its content on the same line.
_INLINE_HEADING_RES = tuple(
    (kind, re.compile(rf"^(?:{words})\s*:\s*(?=\S)", re.I)) for kind, words in _HEADINGS
)
_BULLET = re.compile(r"^\s*(?:[-*•·▪●◦–]+|\d{1,2}[.)])\s+")
# Sentence ends: ; ! ? always; a period only before a space and a capital, or at the end.
_SENTENCE_END = re.compile(r"[;!?]+|\.(?=\s+[A-Z(\"“]|\s*$)")
_ABBREVIATIONS = (
    "sr", "jr", "snr", "e.g", "i.e", "etc", "vs", "approx", "incl", "min", "max", "st", "mt", "ft",
)  # fmt: skip
_CLAUSE_END = re.compile(r",|\s+but\s+|\s+whereas\s+", re.IGNORECASE)


def wordset(text: str) -> frozenset[str]:
    """A word list written as one string, which reads (and diffs) better than a literal."""
    return frozenset(text.split())


@dataclass(frozen=True, slots=True)
class Clause:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    section: Section
    line: int  # which non-empty line of the text it is on (0 = the first)
    clauses: tuple[Clause, ...]


@dataclass(frozen=True, slots=True)
class Document:
    text: str
    sentences: tuple[Sentence, ...]
    has_headings: bool

    def words(self, span: Sentence | Clause) -> str:
        return self.text[span.start : span.end]


def _heading(line: str) -> Section | None:
    if len(line.split()) > 7:
        return None
    for kind, pattern in _HEADING_RES:
        if pattern.match(line):
            return kind
    return None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t,-–—*•·:":
        start += 1
    while end > start and text[end - 1] in " \t,.:":
        end -= 1
    return start, end


def _sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    cursor = start
    for match in _SENTENCE_END.finditer(text, start, end):
        if match.group(0) == "." and text[cursor : match.start()].lower().endswith(_ABBREVIATIONS):
            continue
        spans.append((cursor, match.start()))
        cursor = match.end()
    spans.append((cursor, end))
    return [span for span in (_trim(text, s, e) for s, e in spans) if span[0] < span[1]]


def _clauses(text: str, start: int, end: int) -> tuple[Clause, ...]:
    clauses: list[Clause] = []
    cursor = start
    depth = 0
    for index in range(start, end):
        char = text[index]
        depth += (char == "(") - (char == ")")
        # A comma inside parentheses ("(Django, Flask)") stays in its clause.
        if char == "," and depth <= 0:
            clauses.append(Clause(*_trim(text, cursor, index)))
            cursor = index + 1
    clauses.append(Clause(*_trim(text, cursor, end)))
    out: list[Clause] = []
    for clause in clauses:
        piece = clause.start
        for match in _CLAUSE_END.finditer(text, clause.start, clause.end):
            if match.group(0) != ",":
                out.append(Clause(*_trim(text, piece, match.start())))
                piece = match.end()
        out.append(Clause(*_trim(text, piece, clause.end)))
    return tuple(clause for clause in out if clause.start < clause.end)


def _inline_heading(text: str, start: int, end: int) -> tuple[Section, int] | None:
    """(section, where the content starts) for a 'Label: content' line, else None."""
    bullet = _BULLET.match(text[start:end])
    start += bullet.end() if bullet else 0
    for kind, pattern in _INLINE_HEADING_RES:
        match = pattern.match(text[start:end])
        if match:
            return kind, start + match.end()
    return None


def segment(text: str) -> Document:
    """Sentences of `text` with the section each sits in and its comma clauses."""
    lines: list[tuple[int, int]] = []
    offset = 0
    for raw in text.splitlines(keepends=True):
        if raw.strip():
            lines.append((offset, offset + len(raw.rstrip("\r\n"))))
        offset += len(raw)
    inline = [_inline_heading(text, s, e) for s, e in lines]
    # Two "Label: content" lines make a description too; one ("Location: Berlin") does not.
    has_headings = any(_heading(text[s:e]) is not None for s, e in lines) or (
        len([found for found in inline if found and found[0] != "location"]) >= 2
    )
    section: Section = "intro" if has_headings else "request"
    sentences: list[Sentence] = []
    for number, (start, end) in enumerate(lines):
        line = text[start:end]
        kind = _heading(line)
        if kind is not None:
            section = kind
            continue
        line_section = section
        found = inline[number]
        if found is not None:
            line_section, start = found
            if line_section != "location":  # a "Location:" line is about itself only
                section = line_section
        else:
            bullet = _BULLET.match(line)
            start += bullet.end() if bullet else 0
        for s, e in _sentence_spans(text, start, end):
            sentences.append(Sentence(s, e, line_section, number, _clauses(text, s, e)))
    return Document(text, tuple(sentences), has_headings)
