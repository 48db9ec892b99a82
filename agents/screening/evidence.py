"""What a screen says about each qualification, and the check every answer goes through.

The offline brain is the evaluation engine itself, run over the candidate's turns as if they
were a profile: the same term plans, the same verbatim quotes. Spoken language adds one
thing a resume rarely has: denial ("I haven't used Kubernetes"), which turns a mention into
`not_met` rather than `met`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from agents.evaluation.offline import evaluate_offline
from agents.evaluation.plans import plan_for
from agents.evaluation.text import fold
from agents.evaluation.verify import meaningful
from agents.schemas import Qualification
from agents.screening.schemas import ScreenAnalysis, ScreenFinding
from agents.screening.speech import Speech
from app.candidates.header_block import name_run_spans
from app.candidates.personal_lines import quote_reveals

_NEGATION = re.compile(
    r"\b(?:never|not|no|none|haven'?t|hasn'?t|didn'?t|don'?t|doesn'?t|can'?t|cannot|wasn'?t"
    r"|without|lack|lacking)\b|n't\b"
)
_BOUNDARY = re.compile(r"[.!?](?=\s)|\n")
_STOP = {"with", "experience", "years", "year", "knowledge", "strong", "skills", "using", "work"}


def _sentence_of(text: str, quote: str) -> str:
    """The sentence (within one turn) that holds the quote, for the denial check."""
    at = text.find(quote)
    if at < 0:
        return quote
    starts = [m.end() for m in _BOUNDARY.finditer(text, 0, at)]
    end = _BOUNDARY.search(text, at + len(quote))
    return text[starts[-1] if starts else 0 : end.start() + 1 if end else len(text)]


def denied(text: str, quote: str) -> bool:
    return bool(_NEGATION.search(fold(_sentence_of(text, quote))))


def mentions(quote: str, qualification: Qualification) -> bool:
    """Whether a quote is about this qualification at all: it names one of its terms (or,
    for plans without terms, shares a content word). A quote that does not is no evidence,
    however an answer labels it."""
    plan = plan_for(qualification.text)
    folded = fold(quote)
    for term in (*plan.terms, *plan.fields):
        if term.pattern.search(folded if term.folded else quote):
            return True
    words = {w for w in re.findall(r"[a-z0-9+#]{3,}", fold(qualification.text)) if w not in _STOP}
    words |= {fold(a) for a in qualification.any_of}
    return any(re.search(rf"\b{re.escape(w)}\b", folded) for w in words if w)


def _reveals(quote: str) -> bool:
    return quote_reveals(quote) is not None or bool(name_run_spans(quote))


def verified(
    analysis: ScreenAnalysis, speech: Speech, qualifications: Sequence[Qualification]
) -> ScreenAnalysis:
    """Only quotes that stand verbatim in the candidate's turns, say something, reveal no
    personal data and are about the qualification; a finding left with none is `unknown`.
    A `met` whose every quote denies the skill is `not_met`."""
    by_id = {q.id: q for q in qualifications}
    findings: list[ScreenFinding] = []
    seen: set[str] = set()
    for finding in analysis.findings:
        qualification = by_id.get(finding.qualification_id)
        if qualification is None or finding.qualification_id in seen:
            continue
        seen.add(finding.qualification_id)
        quotes = [
            q
            for q in dict.fromkeys(finding.quotes)
            if meaningful(q) and q in speech.text and not _reveals(q) and mentions(q, qualification)
        ]
        verdict = finding.verdict if quotes else "unknown"
        if verdict == "met" and all(denied(speech.text, q) for q in quotes):
            verdict = "not_met"
        findings.append(
            finding.model_copy(
                update={
                    "quotes": quotes,
                    "verdict": verdict,
                    "explanation": finding.explanation if quotes else "no verifiable quote",
                }
            )
        )
    return analysis.model_copy(update={"findings": findings})


def analyse_offline(
    speech: Speech, qualifications: Sequence[Qualification], *, today: date | None = None
) -> ScreenAnalysis:
    evaluation = evaluate_offline(
        list(qualifications), speech.sections, speech.text, today=today or date.today()
    )
    findings: list[ScreenFinding] = []
    for v in evaluation.verdicts:
        quotes = [e.quote for e in v.evidence]
        verdict = v.verdict
        if quotes and all(denied(speech.text, q) for q in quotes):
            verdict = "not_met"
        elif verdict == "not_met" and not quotes:
            verdict = "unknown"  # silence in a conversation is not a "no"
        findings.append(
            ScreenFinding(
                qualification_id=v.qualification_id,
                verdict=verdict,
                quotes=quotes,
                explanation=v.explanation,
            )
        )
    said = sum(1 for f in findings if f.quotes)
    summary = (
        f"The candidate spoke in {len(speech.sections)} turn"
        f"{'s' if len(speech.sections) != 1 else ''} and addressed {said} of "
        f"{len(findings)} qualifications."
    )
    if speech.blanked:
        summary += (
            f" {speech.blanked} turn{'s were' if speech.blanked != 1 else ' was'} left out as "
            "instructions to an AI."
        )
    return ScreenAnalysis(summary=summary, findings=findings)
