"""Preferences in a recruiter's own message, read by rules (the offline brain; the
sentence is kept verbatim as the quote, so what is remembered is visibly what was said).

"I prefer product companies" -> company; "keep the outreach short and friendly" -> tone;
"we like people from startups" -> company. A question or a request for a change is not a
preference: nothing is remembered from "can you find more?".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SENTENCES = re.compile(r"(?<=[.!?\n])\s+")
_PREFER = re.compile(
    r"\b(?:i|we)\s+(?:really\s+|usually\s+|always\s+)?(?:prefer|like|favou?r|love)\s+(?P<what>.+)",
    re.I,
)
_TONE_SUBJECT = r"(?:outreach|messages?|emails?|mails?|notes?|invitations?|inmails?|tone)"
_TONE = re.compile(
    rf"\b(?:keep|make|write|use)\s+(?:the\s+|my\s+|our\s+)?{_TONE_SUBJECT}\b\s*(?P<what>.*)|"
    rf"\b{_TONE_SUBJECT}\s+(?:should|must)\s+(?:be|sound)\s+(?P<what2>.+)|"
    r"\b(?:a|an)\s+(?P<what3>[\w\s,-]+?)\s+tone\b",
    re.I,
)
_COMPANY = re.compile(
    r"\b(compan(?:y|ies)|startups?|agenc(?:y|ies)|enterprise|product|scale-?ups?)\b", re.I
)


@dataclass(frozen=True)
class Preference:
    topic: str  # tone | company | candidate
    text: str  # what the assistant remembers, short
    quote: str  # the recruiter's sentence, verbatim
    role_specific: bool  # company/candidate preferences belong to the role family


def _clean(text: str) -> str:
    return " ".join(text.split()).strip(" .,!;:")


def extract_preferences(message: str) -> list[Preference]:
    out: list[Preference] = []
    for sentence in _SENTENCES.split(message.strip()):
        sentence = _clean(sentence)
        if not sentence or sentence.endswith("?"):
            continue
        tone = _TONE.search(sentence)
        if tone:
            what = _clean(tone.group("what") or tone.group("what2") or tone.group("what3") or "")
            if what:
                out.append(Preference("tone", f"Outreach: {what}", sentence, False))
                continue
        prefer = _PREFER.search(sentence)
        if prefer:
            what = _clean(prefer.group("what"))
            if what and len(what) <= 160:
                topic = "company" if _COMPANY.search(what) else "candidate"
                out.append(Preference(topic, f"Prefers {what}", sentence, True))
    return out
