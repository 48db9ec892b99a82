"""Non-skill requirements that deserve a qualification of their own: a language level, the
right to work, a clearance, a licence, a degree, a certification.

O*NET's technology skills do not cover them, yet they are often what a shortlist hinges on;
each comes with where it would show in a profile (or that it has to be asked).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

_DEGREE_HINT = "the education section: degree, field and institution"

_LANGUAGE = (
    r"(?:english|german|french|spanish|italian|portuguese|dutch|polish|swedish|mandarin"
    r"|chinese|japanese|arabic|russian|hindi|korean)"
)
_LEVEL = (
    r"(?:[ABC][12]|fluen\w+|proficien\w+|business[- ]level|professional|near-native"
    r"|(?:written|spoken)|(?:very\s+good|good|excellent|strong)\s+(?:command\s+of\s+)?"
    r"(?=\w)|command\s+of|language\s+skills|communication\s+skills)"
)
CredentialKind = Literal["credential", "legal"]
# (pattern, where it would show, kind, case-sensitive)
_KINDS: tuple[tuple[str, str, CredentialKind, bool], ...] = (
    (
        rf"\b{_LANGUAGE}\b.{{0,25}}\b{_LEVEL}\b|\b{_LEVEL}\b.{{0,25}}\b{_LANGUAGE}\b",
        "a languages section, or study or work done in that language",
        "credential",
        False,
    ),
    (
        r"\bwork\s+permit\b|\bright\s+to\s+work\b|\bwork\s+authori[sz]ation\b"
        r"|\bauthori[sz]ed\s+to\s+work\b|\beligible\s+to\s+work\b|\bvisa\b|\bsponsorship\b",
        "rarely in a profile; confirm with the candidate at screening",
        "legal",
        False,
    ),
    (
        r"\b(?:security\s+)?clearance\b|\b(?:sc|dv|ts)[- ]cleared\b|\btop\s+secret\b|\bts/sci\b",
        "a stated clearance in the profile; verify at screening",
        "legal",
        False,
    ),
    (
        r"\bdriv(?:ing|er'?s)\s+licen[cs]e\b|\bcdl\b",
        "a licences section; confirm at screening",
        "credential",
        False,
    ),
    (
        r"\b(?:bachelor|master|ph\.?d|doctorate|b\.?sc|m\.?sc|mba|b\.?eng|m\.?eng|degree)\b",
        _DEGREE_HINT,
        "credential",
        False,
    ),
    # "BS in Computer Science", "MS/PhD in Statistics": only capitalised, before what a degree
    # is followed by ("MS Word" is not a degree).
    (
        r"\b(?:BS|BA|MS|MA|B\.S\.?|B\.A\.?|M\.S\.?|BE|ME|BTech|MTech|B\.Tech|M\.Tech)"
        r"(?:\s*/\s*\w+\.?)?(?=\s+(?:in|degree|or)\b)",
        _DEGREE_HINT,
        "credential",
        True,
    ),
    (
        r"\bcertifi(?:ed|cation|cate)s?\b|\blicen[cs](?:e|ed|es)\b",
        "a certifications section naming the credential",
        "credential",
        False,
    ),
)
_PATTERNS = tuple(
    (re.compile(pattern, 0 if case else re.IGNORECASE), hint, kind)
    for pattern, hint, kind, case in _KINDS
)
# "We are unable to offer visa sponsorship": a statement about the employer that means the
# candidate must already have the right to work.
_NO_SPONSORSHIP = re.compile(
    r"\b(?:unable|not\s+able|cannot|can't|can\s*not|do\s+not|don't|does\s+not|will\s+not"
    r"|won't|no)\b[^.;]{0,30}\bsponsor",
    re.IGNORECASE,
)
NO_SPONSORSHIP_TEXT = "Authorized to work without visa sponsorship"
# A requirement that names no skill but is short and checkable: "Experience in healthcare",
# "A portfolio of shipped mobile apps", "Knowledge of payment networks".
_PHRASE = re.compile(
    r"^(?:(?:some|proven|strong|solid|demonstrated|prior|previous)\s+)?(?:experience\s+(?:in|with"
    r"|of|working\s+(?:in|with))|knowledge\s+of|familiarity\s+with|understanding\s+of"
    r"|background\s+in|exposure\s+to|track\s+record\s+(?:of|in)|an?\s+portfolio|portfolio)\b"
    r"|\b(?:experience|background)$",
    re.IGNORECASE,
)
MAX_PHRASE_WORDS = 8
_YEARS_IN = re.compile(r"\b\d{1,2}\s*\+?\s*(?:years?|yrs?)\b", re.IGNORECASE)
# "German C1 is a plus" -> "German C1": whether it is required is carried by `required`.
_CUE_TAIL = re.compile(
    r"[\s,(–-]*(?:(?:is|are|would\s+be)\s+)?(?:(?:a|big|huge)\s+plus|a\s+must|required|preferred"
    r"|nice[- ]to[- ]have|mandatory|essential|desirable|an?\s+advantage|a\s+bonus)\W*$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Credential:
    text: str
    required: bool
    evidence_hint: str
    kind: CredentialKind | Literal["skill"] = "credential"


def _tidy(text: str) -> str:
    words = " ".join(_CUE_TAIL.sub("", text).split()).rstrip(" .;:")
    return words[:1].upper() + words[1:]


def find_credential(text: str, *, required: bool) -> Credential | None:
    """The credential a requirement phrase states, worded as the recruiter wrote it."""
    if _NO_SPONSORSHIP.search(text):
        return Credential(NO_SPONSORSHIP_TEXT, required, _PATTERNS[1][1], "legal")
    for pattern, hint, kind in _PATTERNS:
        if pattern.search(text):
            return Credential(_tidy(text), required, hint, kind)
    return None


def find_phrase(text: str, *, required: bool) -> Credential | None:
    """A short, checkable requirement that names no skill ("Experience in healthcare");
    never a duty paragraph."""
    words = _tidy(text)
    if not 2 <= len(words.split()) <= MAX_PHRASE_WORDS or not _PHRASE.search(words):
        return None
    if _YEARS_IN.search(words):  # "4+ years of design experience": the years qualification
        return None
    return Credential(words, required, "a described role or project that shows it", "skill")
