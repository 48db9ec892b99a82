"""All SQL of signals."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.approvals.states import ApprovalStatus
from app.models import Approval, Candidate, Evaluation, ProjectCandidate, Signal


def add(session: Session, signal: Signal) -> Signal:
    session.add(signal)
    session.flush()
    return signal


def of_project(session: Session, project_id: uuid.UUID, kinds: set[str] | None) -> list[Signal]:
    stmt = select(Signal).where(Signal.project_id == project_id)
    if kinds:
        stmt = stmt.where(Signal.kind.in_(kinds))
    return list(session.scalars(stmt.order_by(Signal.created_at, Signal.id)))


def count(session: Session, project_id: uuid.UUID, kinds: set[str]) -> int:
    return int(
        session.scalar(
            select(func.count()).where(Signal.project_id == project_id, Signal.kind.in_(kinds))
        )
        or 0
    )


def has_pending_approval(session: Session, project_id: uuid.UUID) -> bool:
    return (
        session.scalar(
            select(Approval.id)
            .where(Approval.project_id == project_id, Approval.status == ApprovalStatus.PENDING)
            .limit(1)
        )
        is not None
    )


def reactions(
    session: Session, project_id: uuid.UUID, qset_id: uuid.UUID
) -> list[tuple[uuid.UUID, str, str, int | None, str | None, float, dict[str, Any], str]]:
    """Every pipeline candidate (archived too) evaluated under this set, current content."""
    rows = session.execute(
        select(
            ProjectCandidate.candidate_id,
            ProjectCandidate.stage,
            ProjectCandidate.added_by,
            ProjectCandidate.rating,
            ProjectCandidate.reason,
            Evaluation.score,
            Evaluation.result,
            Candidate.content_hash,
        )
        .join(Evaluation, Evaluation.candidate_id == ProjectCandidate.candidate_id)
        .join(Candidate, Candidate.id == ProjectCandidate.candidate_id)
        .where(
            ProjectCandidate.project_id == project_id,
            Evaluation.qualification_set_id == qset_id,
            Evaluation.content_hash == Candidate.content_hash,
        )
        .order_by(ProjectCandidate.created_at, ProjectCandidate.candidate_id)
    ).tuples()
    return list(rows)


def archive_reasons_elsewhere(
    session: Session, recruiter_id: uuid.UUID, project_id: uuid.UUID, role_family: str
) -> list[str]:
    """The recruiter's archive reasons in their other projects of the same role family."""
    rows = session.scalars(
        select(Signal.data["reason"].astext).where(
            Signal.recruiter_id == recruiter_id,
            Signal.project_id != project_id,
            Signal.role_family == role_family,
            Signal.kind == "archive",
        )
    )
    return [r for r in rows if r]
