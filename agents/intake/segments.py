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
# other: benefits; pay: salary lines; apply: how to apply; legal: equal-opportunity and other
# legal boilerplate; not_required: under a "Not required" heading. These five are read for
# the employment type only: nothing in them is a requirement.
Section = Literal[
    "request", "intro", "must", "nice", "duties", "location", "company", "other", "pay",
    "apply", "legal", "not_required",
]  # fmt: skip
# Parts of an ad that never hold a requirement (and are not screened as one).
BOILERPLATE: frozenset[Section] = frozenset({"other", "pay", "apply", "legal", "not_required"})

_HEADINGS: tuple[tuple[Section, str], ...] = (
    # Before "must": "Not required" would otherwise read as "required".
    (
        "not_required",
        r"not\s+(?:required|necessary|needed|mandatory|essential)|no\s+need(?:\s+for)?",
    ),
    (
        "nice",
        r"nice[- ]to[- ]haves?|bonus(?: points)?|preferred(?: qualifications| skills)?|pluses"
        r"|(?:it'?s )?a plus(?: if)?|desirable(?: skills)?|good to have|extra credit"
        r"|even better(?: if)?|ideally(?:,? you)?(?: have)?|desired(?: skills| qualifications"
        r"| experience| profile)?|(?:additional|optional) (?:skills|qualifications)|a bonus",
    ),
    (
        "must",
        r"requirements?|(?:minimum |basic |required |key )?qualifications|must[- ]haves?"
        r"|required(?: skills)?|what you(?:'ll)? bring|what we(?:'re| are) looking for"
        r"|who you are|your profile|about you|you have|you bring|your skills|skills"
        r"|(?:skills|experience) (?:and|&) (?:experience|qualifications)"
        r"|essential(?: skills| requirements| criteria| qualifications)?|(?:the |your |candidate )?"
        r"profile|what you(?:'ll)? need|what we need|who we(?:'re| are) looking for",
    ),
    (
        "duties",
        r"(?:key )?responsibilities|what you(?:'ll| will) do|(?:about )?the role|your role"
        r"|(?:your )?tasks|day[- ]to[- ]day|your mission|duties|(?:our |the )?tech(?:nology)? stack"
        r"|(?:our )?stack|the job|job description|role description|the position|overview"
        r"|missions?|what you(?:'ll| will) be doing|technologies",
    ),
    (
        "location",
        r"location|where|(?:our )?office|work location|place of work|location (?:and|&) work "
        r"mode|work mode|where you(?:'ll| will) work",
    ),
    (
        "company",
        r"about us|who we are|(?:about )?the company|(?:about )?the team|our team|our values"
        r"|why (?:join )?us|about [A-Z][\w&.-]*(?: [A-Z][\w&.-]*)?|company description",
    ),
    (
        "pay",
        r"pay(?: options| range| rate| and benefits| & benefits)?|compensation(?: (?:and|&) "
        r"benefits)?|salary(?: range)?|remuneration",
    ),
    (
        "apply",
        r"how to apply|to apply|application (?:process|procedure)|apply(?: now)?|contact"
        r"|interested|further information",
    ),
    (
        "legal",
        r"equal (?:employment )?opportunit\w*(?: employer)?|eeo(?: statement)?|diversity(?: "
        r"(?:and|&) inclusion)?|legal|disclaimer",
    ),
    (
        "other",
        r"(?:our |job )?benefits|what we offer|we offer|perks(?: (?:and|&) benefits)?"
        r"|why you'll love (?:it|working here)",
    ),
)
# Sentences whose wording says which part they are, headings or not: a pay line in the intro,
# "send your Word resume" at the end of a prose ad, an equal-opportunity statement, company
# rankings ("ranked on LinkedIn's Top Companies").
_WORDING: tuple[tuple[Section, re.Pattern[str]], ...] = (
    (
        "legal",
        re.compile(
            r"\bequal\s+(?:employment\s+)?opportunit|\bwithout\s+regard\s+to\b|\bregardless\s+of"
            r"\b|\bdo(?:es)?\s+not\s+discriminate\b|\baffirmative\s+action\b|\breasonable"
            r"\s+accommodations?\b|\bE-Verify\b|\bprotected\s+(?:by\s+law|veteran)",
            re.I,
        ),
    ),
    (
        "apply",
        re.compile(
            r"\bto\s+apply\b|\bhow\s+to\s+apply\b|\bapply\s+(?:now|today|through|via|online|at"
            r"|by|here)\b|\b(?:send|submit|email|e-mail|upload)\s+(?:us\s+)?(?:your|a|an)\s+"
            r"(?:\w+\s+){0,2}(?:resume|cv|application|cover\s+letter)\b|[\w.-]+@[\w-]+\.\w+",
            re.I,
        ),
    ),
    (
        "pay",
        re.compile(
            r"[$£€₹]\s?\d|\b(?:USD|EUR|GBP|CAD|AUD|INR|CHF)\s?\d|\b\d[\d,.]*\s?(?:USD|EUR|GBP|CAD"
            r"|AUD|INR|CHF)\b|\bpay\s+(?:options?|range|rate|band|scale)\b|\bsalary\s+(?:range"
            r"|band)\b|\bper\s+(?:hour|annum)\b|\bcompensation\s+(?:is|range|package)\b",
            re.I,
        ),
    ),
    (
        "company",
        re.compile(
            r"\branked\b|\bnamed\s+(?:a|one\s+of)\b|\baward[- ]winning\b|\btop\s+(?:companies"
            r"|workplaces?|employers?)\b|\bbest\s+places\s+to\s+work\b|\bgreat\s+place\s+to\s+work"
            r"\b|\bfortune\s+(?:500|100)\b",
            re.I,
        ),
    ),
)
# What wording may move: requirements ("must") stay where their heading put them unless the
# sentence is plainly boilerplate (pay, how to apply, equal opportunity).
_MOVABLE: frozenset[Section] = frozenset({"request", "intro", "must", "nice", "duties", "company"})


# In a chat request a sentence is a pay line only when it says so first: "5+ years, Django,
# budget $120k" still holds requirements.
_PAY_FIRST = re.compile(
    r"^\W*(?:the\s+|our\s+)?(?:salary|pay|compensation|budget|rate|remuneration)\b", re.I
)


def part_by_wording(text: str, section: Section) -> Section:
    """The part `text` belongs to by its wording, else `section`."""
    if section not in _MOVABLE:
        return section
    for kind, pattern in _WORDING:
        if kind == "company" and section in ("must", "nice"):
            continue
        if kind == "pay" and section == "request" and not _PAY_FIRST.search(text):
            continue
        if pattern.search(text):
            return kind
    return section


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
            # The first sentence is the title line or the request, whatever it carries
            # ("DevOps Engineer - £55,000 - Manchester"): the title and place are read from it.
            first = not sentences and number == 0
            part = line_section if first else part_by_wording(text[s:e], line_section)
            sentences.append(Sentence(s, e, part, number, _clauses(text, s, e)))
    return Document(text, tuple(sentences), has_headings)
