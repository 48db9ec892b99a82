"""Each recruiter's assistant and its mailbox: a durable, ordered log of messages.

Recruiter messages arrive `queued`; whoever processes them (the API process now, Celery
workers later) claims them strictly in order per assistant. Message ids are idempotency
keys: posting the same id twice stores and processes one message.
"""

from __future__ import annotations

import uuid
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session, sessionmaker

from app.approvals.states import ApprovalStatus
from app.errors import AppError
from app.events import service as events
from app.hygiene import MAX_BIGINT
from app.mailbox.schemas import MessageOut, MessagePage
from app.mailbox.states import PENDING, MessageStatus
from app.models import Approval, Assistant, MailboxMessage, Project, Recruiter

__all__ = ["MailboxMessage"]


def assistant_for(session: Session, recruiter: Recruiter) -> Assistant:
    stmt = (
        insert(Assistant)
        .values(id=uuid.uuid4(), recruiter_id=recruiter.id, org_id=recruiter.org_id)
        .on_conflict_do_nothing(index_elements=["recruiter_id"])
    )
    session.execute(stmt)
    found = session.scalar(select(Assistant).where(Assistant.recruiter_id == recruiter.id))
    assert found is not None
    return found


def assistant_of(session: Session, recruiter_id: uuid.UUID) -> Assistant:
    """The assistant of a recruiter who exists (created on first use)."""
    recruiter = session.get(Recruiter, recruiter_id)
    assert recruiter is not None
    return assistant_for(session, recruiter)


def post(
    session: Session,
    assistant: Assistant,
    *,
    sender: str,
    kind: str,
    body: str,
    project_id: uuid.UUID | None = None,
    payload: dict[str, Any] | None = None,
    message_id: uuid.UUID | None = None,
    status: str = "sent",
) -> MailboxMessage:
    """Store a message once: a repeated id returns the stored one unchanged."""
    mid = message_id or uuid.uuid4()
    inserted = session.execute(
        insert(MailboxMessage)
        .values(
            id=mid,
            assistant_id=assistant.id,
            org_id=assistant.org_id,
            project_id=project_id,
            sender=sender,
            kind=kind,
            body=body,
            payload=payload or {},
            status=status,
        )
        .on_conflict_do_nothing(index_elements=["id"])
        .returning(MailboxMessage.id)
    ).scalar()
    message = session.get(MailboxMessage, mid)
    if message is None or message.assistant_id != assistant.id:
        # The id exists in someone else's mailbox: refuse rather than reveal or overwrite.
        raise AppError("message id already used; pick a new id", status_code=409)
    if inserted is not None:
        # Pushed to the recruiter's open tabs once the message commits, never twice.
        events.publish(
            session,
            recruiter_id=assistant.recruiter_id,
            org_id=assistant.org_id,
            kind="mailbox.message",
            data=_event_data(message),
        )
    return message


def claim_next(session: Session, assistant_id: uuid.UUID) -> MailboxMessage | None:
    """The oldest unfinished inbound message, locked; the assistant row is locked first so
    one processor at a time works through one mailbox, in order."""
    session.execute(
        # NO KEY UPDATE: serializes processors without blocking FK checks of new messages.
        select(Assistant.id).where(Assistant.id == assistant_id).with_for_update(key_share=True)
    )
    message = session.scalar(
        select(MailboxMessage)
        .where(
            MailboxMessage.assistant_id == assistant_id,
            MailboxMessage.status.in_(PENDING),
        )
        .order_by(MailboxMessage.seq)
        .limit(1)
    )
    if message is not None and message.status == MessageStatus.QUEUED:
        message.status = MessageStatus.PROCESSING
    return message


def finish(message: MailboxMessage, error: str | None = None) -> None:
    message.status = MessageStatus.FAILED if error else MessageStatus.DONE
    message.error = error
    message.processed_at = datetime.now(UTC)


def finish_by_id(session: Session, message_id: uuid.UUID, error: str | None = None) -> None:
    """Mark a claimed message done (or failed with the reason), if it still exists."""
    stored = session.get(MailboxMessage, message_id)
    if stored is not None:
        finish(stored, error)


# -- the processor's view: locks and what is left to do ---------------------------------------


@contextmanager
def mailbox_lock(sessions: sessionmaker[Session], assistant_id: uuid.UUID) -> Iterator[bool]:
    """One processor per mailbox, across processes: a session-level advisory lock held on
    its own connection for as long as the block runs. That connection is in autocommit, so
    it holds the lock but no transaction (nothing stays "idle in transaction" while the
    block waits on a model)."""
    key = zlib.crc32(assistant_id.bytes) - 2**31
    autocommit = {"isolation_level": "AUTOCOMMIT"}
    with sessions() as session, session.connection(execution_options=autocommit) as conn:
        got = bool(conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar())
        try:
            yield got
        finally:
            if got:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})


def has_pending(session: Session, assistant_id: uuid.UUID) -> bool:
    return (
        session.scalar(
            select(MailboxMessage.id)
            .where(
                MailboxMessage.assistant_id == assistant_id,
                MailboxMessage.status.in_(PENDING),
            )
            .limit(1)
        )
        is not None
    )


def assistants_with_work(session: Session) -> set[uuid.UUID]:
    """Mailboxes with unfinished messages or decided approvals whose thread never resumed."""
    assistants = set(
        session.scalars(
            select(MailboxMessage.assistant_id).where(MailboxMessage.status.in_(PENDING))
        )
    )
    assistants |= set(
        session.scalars(
            select(Assistant.id)
            .join(Approval, Approval.recruiter_id == Assistant.recruiter_id)
            .where(Approval.status != ApprovalStatus.PENDING, Approval.applied_at.is_(None))
        )
    )
    return assistants


def stale_mailboxes(session: Session, before: datetime) -> set[uuid.UUID]:
    """Mailboxes holding an unfinished message older than `before` (no task took it)."""
    return set(
        session.scalars(
            select(MailboxMessage.assistant_id).where(
                MailboxMessage.status.in_(PENDING),
                MailboxMessage.created_at < before,
            )
        )
    )


def assistant_of_recruiter(session: Session, recruiter_id: uuid.UUID) -> uuid.UUID | None:
    return session.scalar(select(Assistant.id).where(Assistant.recruiter_id == recruiter_id))


def exists(session: Session, message_id: uuid.UUID) -> bool:
    """Whether a message with this id is stored (a re-run step must not write it again)."""
    return (
        session.scalar(select(MailboxMessage.id).where(MailboxMessage.id == message_id)) is not None
    )


def assistant_of_project(session: Session, project_id: uuid.UUID) -> uuid.UUID | None:
    return session.scalar(
        select(Assistant.id)
        .join(Project, Project.recruiter_id == Assistant.recruiter_id)
        .where(Project.id == project_id)
    )


def to_out(m: MailboxMessage) -> MessageOut:
    return MessageOut(
        id=m.id,
        seq=m.seq,
        project_id=m.project_id,
        sender=m.sender,
        kind=m.kind,
        body=m.body,
        payload=m.payload,
        status=m.status,
        created_at=m.created_at,
    )


def page(
    session: Session,
    assistant: Assistant,
    *,
    cursor: str | None,
    limit: int,
    project_id: uuid.UUID | None = None,
) -> MessagePage:
    after = 0
    if cursor:
        try:
            after = int(cursor)
        except ValueError as exc:
            raise AppError(f"invalid cursor {cursor!r}; pass next_cursor back as it is") from exc
        if not 0 <= after <= MAX_BIGINT:  # a seq is a BIGINT; past it Postgres raises
            raise AppError(
                f"cursor {cursor} is out of range; pass next_cursor back as it is",
                status_code=422,
                field="cursor",
            )
    stmt = select(MailboxMessage).where(
        MailboxMessage.assistant_id == assistant.id, MailboxMessage.seq > after
    )
    if project_id is not None:
        stmt = stmt.where(MailboxMessage.project_id == project_id)
    rows = list(session.scalars(stmt.order_by(MailboxMessage.seq).limit(limit + 1)))
    items = [to_out(m) for m in rows[:limit]]
    return MessagePage(
        items=items, next_cursor=str(rows[limit - 1].seq) if len(rows) > limit else None
    )


def _event_data(message: MailboxMessage) -> dict[str, Any]:
    """The message as the API returns it, trimmed so one event stays small: a client that
    wants more fetches it from the mailbox by id."""
    data = to_out(message).model_dump(mode="json")
    if len(data["body"]) > 8000:
        data["body"] = data["body"][:8000] + "…"
        data["truncated"] = True
    if len(str(data["payload"])) > 16_000:
        data["payload"] = {}
        data["truncated"] = True
    return data


def from_recruiter(
    session: Session,
    recruiter: Recruiter,
    project_id: uuid.UUID,
    text: str,
    *,
    kind: str = "message",
    message_id: uuid.UUID | None = None,
) -> MailboxMessage:
    """A recruiter's message, queued for the supervisor (the API, the chat and the UI all
    send this way)."""
    return post(
        session,
        assistant_for(session, recruiter),
        sender="recruiter",
        kind=kind,
        body=text,
        project_id=project_id,
        message_id=message_id,
        status=MessageStatus.QUEUED,
    )
