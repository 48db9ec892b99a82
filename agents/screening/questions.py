"""The offline question kit: one question per qualification, chosen by what the profile
shows. Unknown or weakly evidenced: a question that would settle it. Met: a depth question
that makes the candidate show how far it goes."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from agents.schemas import Qualification
from agents.screening.schemas import ScreeningQuestion

# Below this a `met` is weakly evidenced (a skills-list mention, a related word).
WEAK = 0.6
_LEAD = re.compile(
    r"^(?:(?:\d+\+?|at least \d+|\w+) years?(?: of)?(?: experience)?(?: with| in| as)?\s+"
    r"|(?:hands-on |proven |strong |solid |demonstrated )?(?:experience|knowledge|proficiency"
    r"|expertise|familiarity|background)(?: with| in| of| using)?\s+"
    r"|(?:ability|able) to\s+|(?:must )?(?:have|hold)\s+)",
    re.I,
)


def subject(q: Qualification) -> str:
    if q.any_of:
        return (
            ", ".join(q.any_of[:-1]) + f" or {q.any_of[-1]}" if len(q.any_of) > 1 else q.any_of[0]
        )
    text = q.text.strip().rstrip(".")
    stripped = _LEAD.sub("", text, count=1).strip()
    return stripped or text


def _evidence(verdict: Mapping[str, Any]) -> str:
    for e in verdict.get("evidence") or []:
        quote = " ".join(str(e.get("quote", "")).split())
        if quote:
            return quote if len(quote) <= 90 else quote[:87].rstrip() + "…"
    return ""


def settle(q: Qualification, verdict: Mapping[str, Any] | None) -> ScreeningQuestion:
    what = subject(q)
    why = (
        "the profile does not mention it"
        if not verdict or verdict.get("verdict") == "unknown"
        else f"the profile shows it only weakly ({verdict.get('explanation') or 'little evidence'})"
    )
    if q.kind == "years" or re.search(r"\byears?\b", q.text, re.I):
        text = (
            f"How many years have you worked with {what}, and what did you do with it in "
            "your most recent role?"
        )
    elif q.kind == "credential":
        text = f"Do you hold {what}? Which body issued it, and how have you used it at work?"
    elif q.kind == "legal":
        text = f"This role requires the following: {q.text}. Does that apply to you?"
    else:
        text = (
            f"Have you worked with {what}? Tell me about a recent piece of work where you used "
            "it and what you did yourself."
        )
    return ScreeningQuestion(qualification_id=q.id, text=text, purpose="settle", why=why)


def depth(q: Qualification, verdict: Mapping[str, Any]) -> ScreeningQuestion:
    what = subject(q)
    shown = _evidence(verdict)
    why = f'the profile shows it: "{shown}"' if shown else "the profile shows it"
    if q.kind == "legal":
        text = f"Just to confirm for the record: {q.text}. Is that still correct?"
    elif q.kind == "credential":
        text = f"What from {what} do you use most in your day-to-day work, and where?"
    else:
        text = (
            f"What is the hardest problem you have solved with {what}? Walk me through what "
            "you did and what you would do differently now."
        )
    return ScreeningQuestion(qualification_id=q.id, text=text, purpose="depth", why=why)


def offline_kit(
    qualifications: Sequence[Qualification], verdicts: Mapping[str, Mapping[str, Any]]
) -> list[ScreeningQuestion]:
    """Settle questions first (they decide the verdicts), then depth questions."""
    settling: list[ScreeningQuestion] = []
    deep: list[ScreeningQuestion] = []
    for q in qualifications:
        v = verdicts.get(q.id)
        if v and v.get("verdict") == "met" and float(v.get("confidence") or 0) >= WEAK:
            deep.append(depth(q, v))
        else:
            settling.append(settle(q, v))
    return settling + deep


def needs_settling(verdict: Mapping[str, Any] | None) -> bool:
    if not verdict:
        return True
    return verdict.get("verdict") != "met" or float(verdict.get("confidence") or 0) < WEAK
