"""Recap counts and a ranking score. The score orders candidates for a person to review; it
never rejects anyone, and every verdict behind it comes with its evidence.

    score = Σ weight(q) · role(q) · credit(verdict q) / Σ weight(q) · role(q)      (0..1)

- weight: the qualification's weight; a starred one weighs at least STARRED_WEIGHT (2).
- role: REQUIRED_FACTOR (2) for required qualifications, 1 for nice-to-have ones.
- credit keeps met > unknown > not_met whatever the confidence, and lets confidence order
  candidates within a verdict: met 0.6..1.0, unknown 0.3, not_met 0.2..0. "Unknown" earns
  some credit because a resume's silence is not a "no"; a protected-attribute qualification
  (never evaluated) is left out of the score altogether.
"""

from __future__ import annotations

from collections.abc import Sequence

from agents.schemas import CandidateEvaluation, Engine, Qualification, QualificationVerdict

STARRED_WEIGHT = 2.0
REQUIRED_FACTOR = 2.0
UNKNOWN_CREDIT = 0.3
NOT_EVALUATED = "not evaluated"


def effective_weight(qualification: Qualification) -> float:
    weight = max(qualification.weight, 0.0)
    if qualification.starred:
        weight = max(weight, STARRED_WEIGHT)
    return weight * (REQUIRED_FACTOR if qualification.required else 1.0)


def credit(verdict: QualificationVerdict) -> float:
    if verdict.verdict == "met":
        return 0.6 + 0.4 * verdict.confidence
    if verdict.verdict == "not_met":
        return 0.2 * (1.0 - verdict.confidence)
    return UNKNOWN_CREDIT


def summarize(
    qualifications: Sequence[Qualification],
    verdicts: Sequence[QualificationVerdict],
    *,
    engine: Engine = "offline",
    degraded: bool = False,
) -> CandidateEvaluation:
    """Counts and score for verdicts matched to qualifications by id (a qualification with no
    verdict counts as unknown)."""
    by_id = {verdict.qualification_id: verdict for verdict in verdicts}
    required_met = required_total = nice_met = nice_total = 0
    weighted = total_weight = 0.0
    for qualification in qualifications:
        verdict = by_id.get(qualification.id)
        met = verdict is not None and verdict.verdict == "met"
        if qualification.required:
            required_total += 1
            required_met += met
        else:
            nice_total += 1
            nice_met += met
        if verdict is not None and verdict.explanation.startswith(NOT_EVALUATED):
            continue
        weight = effective_weight(qualification)
        total_weight += weight
        weighted += weight * (credit(verdict) if verdict is not None else UNKNOWN_CREDIT)
    score = round(weighted / total_weight, 4) if total_weight > 0 else 0.0
    return CandidateEvaluation(
        verdicts=list(verdicts),
        required_met=required_met,
        required_total=required_total,
        nice_met=nice_met,
        nice_total=nice_total,
        score=score,
        engine=engine,
        degraded=degraded,
    )


def rank(evaluations: Sequence[CandidateEvaluation]) -> list[int]:
    """Indexes of `evaluations`, best first: score, then required met, then nice-to-have met;
    ties keep their input order, so the ranking is deterministic."""
    return sorted(
        range(len(evaluations)),
        key=lambda i: (
            -evaluations[i].score,
            -evaluations[i].required_met,
            -evaluations[i].nice_met,
            i,
        ),
    )
