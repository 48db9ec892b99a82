"""Human decisions. Creating one is idempotent per (project, kind, subject) so a re-run of
the node that asks (LangGraph re-runs a node from the top on resume) never asks twice."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.approvals.schemas import ApprovalOut, ApprovalPage, DecisionIn
from app.approvals.states import ApprovalKind, ApprovalStatus
from app.audit import service as audit
from app.errors import AppError, NotFound
from app.models import Approval, Assistant, Project
from app.orgs.service import Caller
from app.pagination import after_keyset, keyset_next

# The recruiter's decision, as the status the approval keeps.
_DECIDED = {
    "approve": ApprovalStatus.APPROVED,
    "edit": ApprovalStatus.EDITED,
    "reject": ApprovalStatus.REJECTED,
}


def request(
    session: Session, project: Project, *, kind: str, subject: str, payload: dict[str, Any]
) -> Approval:
    approval_id = uuid.uuid5(project.id, f"{kind}:{subject}")
    existing = session.get(Approval, approval_id)
    if existing is not None:
        return existing
    approval = Approval(
        id=approval_id,
        org_id=project.org_id,
        recruiter_id=project.recruiter_id,
        project_id=project.id,
        kind=kind,
        payload=payload,
    )
    session.add(approval)
    session.flush()
    return approval


def get_owned(session: Session, caller: Caller, approval_id: uuid.UUID) -> Approval:
    approval = session.get(Approval, approval_id)
    if approval is None or approval.recruiter_id != caller.recruiter.id:
        raise NotFound("approval")
    return approval


def decide(session: Session, caller: Caller, approval_id: uuid.UUID, body: DecisionIn) -> Approval:
    approval = get_owned(session, caller, approval_id)
    if approval.status != ApprovalStatus.PENDING:
        raise AppError(
            f"this approval was already decided ({approval.status}); nothing changed",
            status_code=409,
        )
    if approval.kind == ApprovalKind.SCREEN and body.decision == "edit":
        raise AppError(
            "a screen's changes are approved or rejected as a whole; nothing changed",
            status_code=422,
        )
    offered = {str(s.get("id")) for s in approval.payload.get("suggestions") or []}
    unknown = [x for x in body.use_suggestions if x not in offered]
    if unknown:
        raise AppError(
            f"no suggestion {', '.join(unknown)} was offered with this approval"
            + (f"; offered: {', '.join(sorted(offered))}" if offered else "; none was offered"),
            status_code=422,
        )
    approval.status = _DECIDED[body.decision]
    approval.decision = body.model_dump(mode="json")
    approval.reason = body.reason
    approval.decided_at = datetime.now(UTC)
    audit.record(
        session,
        caller,
        "approval.decided",
        f"approval:{approval.id}",
        {"kind": approval.kind, "decision": body.decision, "project_id": str(approval.project_id)},
    )
    return approval


def to_out(a: Approval) -> ApprovalOut:
    return ApprovalOut(
        id=a.id,
        project_id=a.project_id,
        kind=a.kind,
        status=a.status,
        payload=a.payload,
        decision=a.decision,
        reason=a.reason,
        created_at=a.created_at,
        decided_at=a.decided_at,
    )


def page(
    session: Session, caller: Caller, *, status: str | None, cursor: str | None, limit: int
) -> ApprovalPage:
    stmt = select(Approval).where(Approval.recruiter_id == caller.recruiter.id)
    if status:
        stmt = stmt.where(Approval.status == status)
    # Keyset on (created_at, id): approvals made in one instant are not skipped at a page end.
    stmt = after_keyset(stmt, Approval.created_at, Approval.id, cursor)
    rows = list(session.scalars(stmt.limit(limit + 1)))
    return ApprovalPage(
        items=[to_out(a) for a in rows[:limit]],
        next_cursor=keyset_next(rows, limit, lambda a: (a.created_at, a.id)),
    )


# -- applying decisions (the recruiter's mailbox loop) ----------------------------------------


def unapplied(session: Session, assistant_id: uuid.UUID) -> list[uuid.UUID]:
    """Decided approvals of this assistant's recruiter whose thread has not resumed yet,
    oldest decision first."""
    return list(
        session.scalars(
            select(Approval.id)
            .join(Assistant, Assistant.recruiter_id == Approval.recruiter_id)
            .where(
                Assistant.id == assistant_id,
                Approval.status != ApprovalStatus.PENDING,
                Approval.applied_at.is_(None),
            )
            .order_by(Approval.decided_at)
        )
    )


def unapplied_before(session: Session, before: datetime) -> list[uuid.UUID]:
    """Decided approvals still not applied, decided before `before` (no task took them)."""
    return list(
        session.scalars(
            select(Approval.id).where(
                Approval.status != ApprovalStatus.PENDING,
                Approval.applied_at.is_(None),
                Approval.decided_at < before,
            )
        )
    )


def decision_of(session: Session, approval_id: uuid.UUID) -> tuple[uuid.UUID, dict[str, Any]]:
    """(project id, the recruiter's decision) of an approval that exists."""
    approval = session.get(Approval, approval_id)
    assert approval is not None
    return approval.project_id, dict(approval.decision)


def exists(session: Session, approval_id: uuid.UUID) -> bool:
    return session.get(Approval, approval_id) is not None


def payload_of(session: Session, approval_id: uuid.UUID) -> dict[str, Any]:
    """What the recruiter was asked to decide on (a diff, suggestions offered)."""
    approval = session.get(Approval, approval_id)
    if approval is None:
        raise NotFound("approval")
    return dict(approval.payload)


def decided_by(session: Session, approval_id: uuid.UUID) -> uuid.UUID | None:
    """The recruiter who decided this approval; None while it is pending or gone."""
    approval = session.get(Approval, approval_id)
    if approval is None or approval.status == ApprovalStatus.PENDING:
        return None
    return approval.recruiter_id


def mark_applied(session: Session, approval_id: uuid.UUID) -> None:
    approval = session.get(Approval, approval_id)
    if approval is not None:
        approval.applied_at = datetime.now(UTC)
