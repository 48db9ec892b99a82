"""All SQL of the outreach domain."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from app.models import (
    FaqEntry,
    InboundEmail,
    OutreachMessage,
    OutreachThread,
    ProjectCandidate,
    Suppression,
)
from app.outreach.states import SENDABLE, OutreachStatus


def thread_for(
    session: Session,
    *,
    org_id: uuid.UUID,
    recruiter_id: uuid.UUID,
    project_id: uuid.UUID,
    candidate_id: uuid.UUID,
    email: str | None,
) -> OutreachThread:
    """The one thread of (project, candidate), created on first use."""
    session.execute(
        insert(OutreachThread)
        .values(
            id=uuid.uuid4(),
            org_id=org_id,
            recruiter_id=recruiter_id,
            project_id=project_id,
            candidate_id=candidate_id,
            email=email,
            status="active",
        )
        .on_conflict_do_nothing(index_elements=["project_id", "candidate_id"])
    )
    found = session.scalar(
        select(OutreachThread).where(
            OutreachThread.project_id == project_id, OutreachThread.candidate_id == candidate_id
        )
    )
    assert found is not None
    return found


def messages_of_thread(session: Session, thread_id: uuid.UUID) -> list[OutreachMessage]:
    return list(
        session.scalars(
            select(OutreachMessage)
            .where(OutreachMessage.thread_id == thread_id)
            .order_by(OutreachMessage.created_at, OutreachMessage.step)
        )
    )


def replies_of_thread(session: Session, thread_id: uuid.UUID) -> list[InboundEmail]:
    return list(
        session.scalars(
            select(InboundEmail)
            .where(InboundEmail.thread_id == thread_id)
            .order_by(InboundEmail.created_at)
        )
    )


def messages_of_approval(session: Session, approval_id: uuid.UUID) -> list[OutreachMessage]:
    return list(
        session.scalars(
            select(OutreachMessage)
            .where(OutreachMessage.approval_id == approval_id)
            .order_by(OutreachMessage.created_at, OutreachMessage.step)
        )
    )


def claim_sendable(
    session: Session, now: datetime, ids: Sequence[uuid.UUID] | None
) -> OutreachMessage | None:
    """One message due to leave, row-locked; SKIP LOCKED so concurrent senders never take
    the same one (and never wait on each other)."""
    stmt = select(OutreachMessage).where(
        OutreachMessage.status.in_(SENDABLE),
        OutreachMessage.due_at.is_not(None),
        OutreachMessage.due_at <= now,
    )
    if ids is not None:
        stmt = stmt.where(OutreachMessage.id.in_(ids))
    return session.scalar(
        stmt.order_by(OutreachMessage.due_at).limit(1).with_for_update(skip_locked=True)
    )


def lock_message(session: Session, message_id: uuid.UUID) -> OutreachMessage | None:
    return session.scalar(
        select(OutreachMessage).where(OutreachMessage.id == message_id).with_for_update()
    )


def sent_today(session: Session, recruiter_id: uuid.UUID, since: datetime) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(OutreachMessage)
            .where(
                OutreachMessage.recruiter_id == recruiter_id,
                OutreachMessage.status.in_(
                    (OutreachStatus.SENT, OutreachStatus.WOULD_SEND, OutreachStatus.SENDING)
                ),
                OutreachMessage.sent_at >= since,
            )
        )
        or 0
    )


def cancel_pending_followups(session: Session, thread_id: uuid.UUID, reason: str) -> int:
    result = session.execute(
        update(OutreachMessage)
        .where(
            OutreachMessage.thread_id == thread_id,
            OutreachMessage.kind == "followup",
            OutreachMessage.status.in_((OutreachStatus.APPROVED, OutreachStatus.DRAFT)),
        )
        .values(status=OutreachStatus.CANCELLED, last_error=reason)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def schedule_followups(
    session: Session, thread_id: uuid.UUID, first_sent: datetime, days: int, limit: int
) -> None:
    followups = session.scalars(
        select(OutreachMessage)
        .where(
            OutreachMessage.thread_id == thread_id,
            OutreachMessage.kind == "followup",
            OutreachMessage.status == OutreachStatus.APPROVED,
            OutreachMessage.due_at.is_(None),
        )
        .order_by(OutreachMessage.step)
    )
    from datetime import timedelta

    for i, message in enumerate(followups, start=1):
        if i > limit:
            message.status = OutreachStatus.CANCELLED
            message.last_error = "more follow-ups than this project allows"
            continue
        message.due_at = first_sent + timedelta(days=days * i)


def message_by_header(
    session: Session, header_ids: Sequence[str], org_id: uuid.UUID | None
) -> OutreachMessage | None:
    if not header_ids:
        return None
    stmt = select(OutreachMessage).where(OutreachMessage.header_message_id.in_(header_ids))
    if org_id is not None:
        stmt = stmt.where(OutreachMessage.org_id == org_id)
    return session.scalar(stmt.limit(1))


def inbound_by_header(session: Session, org_id: uuid.UUID, header_id: str) -> InboundEmail | None:
    return session.scalar(
        select(InboundEmail).where(
            InboundEmail.org_id == org_id, InboundEmail.header_message_id == header_id
        )
    )


def is_suppressed(session: Session, org_id: uuid.UUID, email: str) -> bool:
    return session.get(Suppression, (org_id, email.strip().lower())) is not None


def suppress(session: Session, org_id: uuid.UUID, email: str, reason: str) -> None:
    session.execute(
        insert(Suppression)
        .values(org_id=org_id, email=email.strip().lower(), reason=reason)
        .on_conflict_do_nothing()
    )


def pipeline_row(
    session: Session, project_id: uuid.UUID, candidate_id: uuid.UUID
) -> ProjectCandidate | None:
    return session.scalar(
        select(ProjectCandidate).where(
            ProjectCandidate.project_id == project_id,
            ProjectCandidate.candidate_id == candidate_id,
        )
    )


def faq_of(session: Session, project_id: uuid.UUID, status: str | None) -> list[FaqEntry]:
    stmt = select(FaqEntry).where(FaqEntry.project_id == project_id)
    if status:
        stmt = stmt.where(FaqEntry.status == status)
    return list(session.scalars(stmt.order_by(FaqEntry.created_at)))


def outbox(
    session: Session, recruiter_id: uuid.UUID, project_id: uuid.UUID | None, limit: int
) -> list[OutreachMessage]:
    stmt = select(OutreachMessage).where(OutreachMessage.recruiter_id == recruiter_id)
    if project_id is not None:
        stmt = stmt.where(OutreachMessage.project_id == project_id)
    return list(session.scalars(stmt.order_by(OutreachMessage.created_at.desc()).limit(limit)))
