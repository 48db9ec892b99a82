"""All SQL of notice dismissals."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from app.models import Assistant, MailboxMessage, NoticeDismissal


def own_message_ids(
    session: Session, recruiter_id: uuid.UUID, message_ids: Iterable[uuid.UUID]
) -> list[uuid.UUID]:
    """The ids among these that are messages to this recruiter (others are ignored)."""
    return list(
        session.scalars(
            select(MailboxMessage.id)
            .join(Assistant, Assistant.id == MailboxMessage.assistant_id)
            .where(Assistant.recruiter_id == recruiter_id, MailboxMessage.id.in_(list(message_ids)))
        )
    )


def add(session: Session, recruiter_id: uuid.UUID, message_ids: list[uuid.UUID]) -> None:
    if not message_ids:
        return
    session.execute(
        insert(NoticeDismissal)
        .values([{"recruiter_id": recruiter_id, "message_id": m} for m in message_ids])
        .on_conflict_do_nothing()
    )


def recent(session: Session, recruiter_id: uuid.UUID, limit: int) -> list[uuid.UUID]:
    return list(
        session.scalars(
            select(NoticeDismissal.message_id)
            .where(NoticeDismissal.recruiter_id == recruiter_id)
            .order_by(NoticeDismissal.created_at.desc())
            .limit(limit)
        )
    )
