"""Non-skill requirements that deserve a qualification of their own: a language level, the
right to work, a clearance, a licence, a degree, a certification.

O*NET's technology skills do not cover them, yet they are often what a shortlist hinges on;
each comes with where it would show in a profile (or that it has to be asked).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LANGUAGE = (
    r"(?:english|german|french|spanish|italian|portuguese|dutch|polish|swedish|mandarin"
    r"|chinese|japanese|arabic|russian|hindi|korean)"
)
_LEVEL = r"(?:[ABC][12]|fluen\w+|proficien\w+|business[- ]level|professional|near-native)"
_KINDS: tuple[tuple[str, str], ...] = (
    (
        rf"\b{_LANGUAGE}\b.{{0,25}}\b{_LEVEL}\b|\b{_LEVEL}\b.{{0,25}}\b{_LANGUAGE}\b",
        "a languages section, or study or work done in that language",
    ),
    (
        r"\bwork\s+permit\b|\bright\s+to\s+work\b|\bwork\s+authori[sz]ation\b"
        r"|\bauthori[sz]ed\s+to\s+work\b|\beligible\s+to\s+work\b|\bvisa\b",
        "rarely in a profile; confirm with the candidate at screening",
    ),
    (
        r"\bsecurity\s+clearance\b|\b(?:sc|dv|ts)[- ]cleared\b|\btop\s+secret\b|\bts/sci\b",
        "a stated clearance in the profile; verify at screening",
    ),
    (r"\bdriv(?:ing|er'?s)\s+licen[cs]e\b|\bcdl\b", "a licences section; confirm at screening"),
    (
        r"\b(?:bachelor|master|ph\.?d|doctorate|b\.?sc|m\.?sc|mba|b\.?eng|m\.?eng|degree)\b",
        "the education section: degree, field and institution",
    ),
    (
        r"\bcertifi(?:ed|cation|cate)s?\b|\blicen[cs](?:e|ed|es)\b",
        "a certifications section naming the credential",
    ),
)
_PATTERNS = tuple((re.compile(pattern, re.IGNORECASE), hint) for pattern, hint in _KINDS)
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


def find_credential(text: str, *, required: bool) -> Credential | None:
    """The credential a requirement phrase states, worded as the recruiter wrote it."""
    for pattern, hint in _PATTERNS:
        if pattern.search(text):
            words = " ".join(_CUE_TAIL.sub("", text).split())
            return Credential(words[:1].upper() + words[1:], required, hint)
    return None
