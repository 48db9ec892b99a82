"""The offline evaluation skill: deterministic rules, no LLM.

Judges one candidate against each qualification as met / not_met / unknown, with a confidence,
short verbatim quotes from the candidate's (already redacted) text, and a one-line explanation.
It ranks and explains; it never rejects. Text inside the resume is data, never instructions:
paragraphs that address an AI reader are blanked before matching (see `text.py`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from agents.evaluation.credentials import (
    evaluate_certification,
    evaluate_degree,
    evaluate_languages,
)
from agents.evaluation.matching import (
    Candidate,
    Outcome,
    evaluate_location,
    evaluate_terms,
    evaluate_years,
)
from agents.evaluation.plans import Kind, Plan, plan_for
from agents.evaluation.ranking import NOT_EVALUATED, summarize
from agents.evaluation.roles import evaluate_role_years
from agents.evaluation.text import CandidateText
from agents.schemas import CandidateEvaluation, Evidence, Qualification, QualificationVerdict


def _outcome(candidate: Candidate, plan: Plan) -> Outcome:
    if plan.kind is Kind.PROTECTED:
        reason = f"{NOT_EVALUATED}: it refers to {plan.protected}, a protected attribute"
        return Outcome("unknown", 0.0, [], reason)
    if plan.kind is Kind.YEARS:
        if plan.title:
            return evaluate_role_years(candidate, plan)
        return evaluate_years(candidate, plan)
    if plan.kind is Kind.DEGREE:
        return evaluate_degree(candidate, plan)
    if plan.kind is Kind.LANGUAGE:
        return evaluate_languages(candidate, plan)
    if plan.kind is Kind.CERTIFICATION:
        return evaluate_certification(candidate, plan)
    if plan.kind is Kind.LOCATION:
        return evaluate_location(candidate, plan)
    return evaluate_terms(candidate, plan)


def _verdict(candidate: Candidate, qualification: Qualification) -> QualificationVerdict:
    outcome = _outcome(candidate, plan_for(qualification.text))
    evidence: list[Evidence] = []
    seen: set[str] = set()
    for hit in outcome.hits:
        quote, label = candidate.text.quote(hit)
        # Every quote must be findable in the full text the evaluation is checked against.
        if quote and quote not in seen and quote in candidate.text.raw_text:
            seen.add(quote)
            evidence.append(Evidence(quote=quote, section=label))
    verdict = outcome.verdict
    confidence = outcome.confidence
    explanation = outcome.explanation
    if verdict == "met" and not evidence:
        verdict, confidence = "unknown", min(confidence, 0.2)
        explanation = f"evidence not quotable; {explanation}"
    return QualificationVerdict(
        qualification_id=qualification.id,
        verdict=verdict,
        confidence=round(confidence, 3),
        evidence=evidence,
        explanation=explanation,
    )


def evaluate_offline(
    qualifications: list[Qualification],
    sections: Sequence[tuple[str, str]],
    raw_text: str,
    *,
    today: date | None = None,
) -> CandidateEvaluation:
    """Evaluate one candidate.

    `sections` are (section kind or heading, section text) pairs cut from `raw_text`, both
    already redacted (`redaction.redact_profile`). `today` resolves "Present" in date ranges.
    """
    text = CandidateText(sections, raw_text, today or date.today())
    candidate = Candidate(text)
    verdicts = [_verdict(candidate, qualification) for qualification in qualifications]
    return summarize(qualifications, verdicts, engine="offline")
