"""Approved screens outlive re-evaluation: when a candidate is judged again (a changed set,
a new resume), what they said on the call is applied again to the qualifications that are
still there (matched by wording, as an edit renumbers ids) and still unsettled by the
profile. Without this, approving "also require Docker" would quietly undo a screen."""

from __future__ import annotations

import uuid
from typing import Any

from agents.schemas import CandidateEvaluation, Qualification
from agents.screening.changes import apply_changes, changes_of, with_sources
from agents.screening.schemas import ScreenAnalysis, ScreenFinding, VerdictChange
from app.screening import service as screening
from app.unit_of_work import UnitOfWork


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def carry_screens(
    session: UnitOfWork,
    qualification_set_id: uuid.UUID,
    candidate_id: uuid.UUID,
    result: CandidateEvaluation,
) -> tuple[CandidateEvaluation, dict[str, Any]]:
    """(the result with approved screens applied, its JSON with screen sources marked)."""
    data = result.model_dump(mode="json")
    rows_, applied = screening.applied_changes(session, qualification_set_id, candidate_id)
    qualifications = [Qualification.model_validate(q) for q in rows_]
    by_text = {_key(q.text): q for q in qualifications}
    for screen_id, rows in applied:
        findings = [
            ScreenFinding(
                qualification_id=by_text[_key(c.text)].id,
                verdict=c.after,
                quotes=c.quotes,
                explanation=c.explanation,
            )
            for c in (VerdictChange.model_validate(r) for r in rows)
            if _key(c.text) in by_text
        ]
        changes = changes_of(data, ScreenAnalysis(summary="", findings=findings), qualifications)
        if changes:
            result = apply_changes(data, changes, qualifications)
            data = _merge_sources(data, with_sources(result, changes, str(screen_id)))
    return result, data


def _merge_sources(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """`after`, keeping the screen marks an earlier screen put on unchanged verdicts."""
    marked = {
        (v["qualification_id"], e["quote"]): e
        for v in before.get("verdicts", [])
        for e in v.get("evidence", [])
        if e.get("source") == "screen"
    }
    for v in after["verdicts"]:
        for e in v["evidence"]:
            old = marked.get((v["qualification_id"], e["quote"]))
            if old is not None and "source" not in e:
                e.update(source="screen", screen_id=old.get("screen_id"))
    return after
