"""From a verified screen to verdict changes, and from approved changes to a new result.

Only what the profile could not settle is changed: an `unknown`, or a `not_met` that rests
on silence (no quote). A verdict the profile backs with a quote stays as it is; the screen's
quotes for it go into the summary instead. Screen evidence is stored with the evaluation as
`source: "screen"`, so the recruiter always sees where a verdict came from.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from agents.evaluation.ranking import summarize
from agents.schemas import CandidateEvaluation, Evidence, Qualification, QualificationVerdict
from agents.screening.schemas import ScreenAnalysis, VerdictChange

SCREEN_CONFIDENCE = {"met": 0.8, "not_met": 0.7}


def _settled_by_profile(verdict: dict[str, Any] | None) -> bool:
    if not verdict:
        return False
    if verdict.get("verdict") == "unknown":
        return False
    return bool(verdict.get("evidence"))


def changes_of(
    result: dict[str, Any] | None,
    analysis: ScreenAnalysis,
    qualifications: Sequence[Qualification],
) -> list[VerdictChange]:
    current = {str(v.get("qualification_id")): v for v in (result or {}).get("verdicts") or []}
    texts = {q.id: q.text for q in qualifications}
    out: list[VerdictChange] = []
    for finding in analysis.findings:
        if finding.verdict == "unknown" or not finding.quotes:
            continue
        before = current.get(finding.qualification_id)
        if _settled_by_profile(before):
            continue
        was = str((before or {}).get("verdict") or "unknown")
        if was == finding.verdict:
            continue
        out.append(
            VerdictChange(
                qualification_id=finding.qualification_id,
                text=texts.get(finding.qualification_id, finding.qualification_id),
                before=was,
                after=finding.verdict,
                quotes=finding.quotes,
                explanation=finding.explanation,
            )
        )
    return out


def apply_changes(
    result: dict[str, Any],
    changes: Sequence[VerdictChange],
    qualifications: Sequence[Qualification],
) -> CandidateEvaluation:
    """The stored result with each change applied and counts and score recomputed."""
    stored = CandidateEvaluation.model_validate(result)
    by_id = {c.qualification_id: c for c in changes}
    kept = {v.qualification_id: v for v in stored.verdicts}
    verdicts: list[QualificationVerdict] = []
    for q in qualifications:
        v = kept.get(q.id)
        change = by_id.get(q.id)
        if change is None:
            if v is not None:
                verdicts.append(v)
            continue
        verdicts.append(
            QualificationVerdict(
                qualification_id=q.id,
                verdict=change.after,
                confidence=SCREEN_CONFIDENCE.get(change.after, 0.5),
                evidence=[
                    *(v.evidence if v is not None else []),
                    *(Evidence(quote=quote, section="screen") for quote in change.quotes),
                ],
                explanation=f"from the screening call: {change.explanation}".rstrip(": "),
            )
        )
    return summarize(qualifications, verdicts, engine=stored.engine, degraded=stored.degraded)


def with_sources(
    evaluation: CandidateEvaluation, changes: Sequence[VerdictChange], screen_id: str
) -> dict[str, Any]:
    """As JSON, every screen quote marked `source: "screen"` with the screen it came from
    (profile quotes stay as they were: `source` absent means the profile)."""
    data = evaluation.model_dump(mode="json")
    changed = {c.qualification_id for c in changes}
    for v in data["verdicts"]:
        if v["qualification_id"] not in changed:
            continue
        for e in v["evidence"]:
            if e["section"] == "screen":
                e["source"] = "screen"
                e["screen_id"] = screen_id
    return data
