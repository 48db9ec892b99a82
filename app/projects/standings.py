"""Where each pipeline candidate stands under one qualification set (all SQL here): what
a re-evaluation compares before and after a change of the set."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Candidate, Evaluation, ProjectCandidate, QualificationSet
from app.projects.states import CandidateStage


@dataclass(frozen=True)
class Standing:
    score: float
    required_met: int
    required_total: int

    @property
    def meets_all_required(self) -> bool:
        return self.required_total > 0 and self.required_met >= self.required_total


def pipeline_ids(session: Session, project_id: uuid.UUID) -> list[uuid.UUID]:
    """Everyone in the pipeline, archived included, oldest first: their stage, rating and
    reason stay, and a later un-archive must find them evaluated against the current set."""
    return list(
        session.scalars(
            select(ProjectCandidate.candidate_id)
            .where(ProjectCandidate.project_id == project_id)
            .order_by(ProjectCandidate.created_at, ProjectCandidate.candidate_id)
        )
    )


def qset_by_id(session: Session, qset_id: uuid.UUID) -> QualificationSet | None:
    return session.get(QualificationSet, qset_id)


def standings(
    session: Session, project_id: uuid.UUID, qset_id: uuid.UUID
) -> dict[uuid.UUID, Standing]:
    """Non-archived pipeline candidates with an evaluation under this set."""
    rows = session.execute(
        select(Evaluation.candidate_id, Evaluation.score, Evaluation.result)
        .join(ProjectCandidate, ProjectCandidate.candidate_id == Evaluation.candidate_id)
        .join(Candidate, Candidate.id == Evaluation.candidate_id)
        .where(
            ProjectCandidate.project_id == project_id,
            ProjectCandidate.stage != CandidateStage.ARCHIVED,
            Evaluation.qualification_set_id == qset_id,
            Evaluation.content_hash == Candidate.content_hash,
        )
    ).tuples()
    out: dict[uuid.UUID, Standing] = {}
    for cid, score, result in rows:
        res: dict[str, Any] = result
        out[cid] = Standing(
            score=score,
            required_met=int(res.get("required_met", 0)),
            required_total=int(res.get("required_total", 0)),
        )
    return out
