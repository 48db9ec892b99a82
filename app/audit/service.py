"""One line to record a consequential action, inside the unit of work that does it: the
record commits with the action or not at all.

    audit.record(session, caller, "approval.decided", f"approval:{id}", {"decision": "approve"})
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app.audit import repository
from app.audit.schemas import AuditOut, AuditPage
from app.models import AuditRecord
from app.orgs.service import Caller


@dataclass(frozen=True)
class Actor:
    """Someone acting without a bearer token: an operator at the CLI, the system itself."""

    org_id: uuid.UUID
    name: str
    recruiter_id: uuid.UUID | None = None


def _who(actor: Caller | Actor) -> tuple[uuid.UUID, uuid.UUID | None, str]:
    if isinstance(actor, Caller):
        return actor.org.id, actor.recruiter.id, actor.recruiter.email
    return actor.org_id, actor.recruiter_id, actor.name


def record(
    session: Session,
    actor: Caller | Actor,
    action: str,
    subject: str,
    detail: dict[str, Any] | None = None,
) -> None:
    """`detail` must hold ids and decisions, never a person's name or contact details:
    the log outlives an erasure."""
    org_id, recruiter_id, name = _who(actor)
    session.add(
        AuditRecord(
            org_id=org_id,
            recruiter_id=recruiter_id,
            actor=name,
            action=action,
            subject=subject,
            detail=detail or {},
        )
    )
    session.flush()


def page(
    session: Session, caller: Caller, *, before: int | None, limit: int, action: str | None
) -> AuditPage:
    rows = repository.newest(session, caller.org.id, before=before, limit=limit + 1, action=action)
    items = [
        AuditOut(
            id=r.id,
            actor=r.actor,
            recruiter_id=r.recruiter_id,
            action=r.action,
            subject=r.subject,
            detail=r.detail,
            created_at=r.created_at,
        )
        for r in rows[:limit]
    ]
    more = len(rows) > limit
    return AuditPage(items=items, next_before=items[-1].id if more and items else None)
