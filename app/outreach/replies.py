"""What the assistant may do with a reply once it has read it: record how it read it, mark
it for the recruiter, or answer it from one accepted FAQ entry through the send path."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import FaqEntry, InboundEmail, OutreachMessage, OutreachThread
from app.outreach import repository as repo
from app.outreach import service
from app.outreach.schemas import InboundOut, ReplyReading
from app.outreach.states import FaqStatus, MessageKind, OutreachStatus, ReplyHandling


def context(session: Session, inbound_id: uuid.UUID) -> dict[str, Any] | None:
    """A stored, matched, not yet handled reply, with the project's accepted FAQ."""
    reply = session.get(InboundEmail, inbound_id)
    if reply is None or reply.thread_id is None or reply.handling != ReplyHandling.PENDING:
        return None
    thread = session.get(OutreachThread, reply.thread_id)
    assert thread is not None
    faq = repo.faq_of(session, thread.project_id, FaqStatus.ACCEPTED)
    return {
        "inbound_id": str(reply.id),
        "thread_id": str(thread.id),
        "project_id": str(thread.project_id),
        "candidate_id": str(thread.candidate_id),
        "subject": reply.subject,
        "body": reply.body,
        "auto_answer": service.settings_of(session, thread.project_id).auto_answer,
        "faq": [{"id": str(f.id), "topic": f.topic, "question": f.question,
                 "answer": f.answer} for f in faq],
    }  # fmt: skip


def record(
    session: Session,
    inbound_id: uuid.UUID,
    reading: ReplyReading,
    engine: str,
    handling: ReplyHandling,
    *,
    suggested: str | None = None,
    faq_id: uuid.UUID | None = None,
) -> None:
    reply = session.get(InboundEmail, inbound_id)
    assert reply is not None
    reply.classification = reading.classification
    reply.confidence = reading.confidence
    reply.engine = engine
    reply.handling = handling
    reply.suggested_answer = suggested
    reply.faq_id = faq_id
    session.flush()


def answer_from_faq(
    session: Session, inbound_id: uuid.UUID, faq_id: uuid.UUID, text: str, mail_from: str
) -> uuid.UUID:
    """An automatic answer: approved by the recruiter's standing `auto_answer` choice, logged
    with the FAQ entry it used, and sent like any other message (cap, suppression, once)."""
    reply = session.get(InboundEmail, inbound_id)
    faq = session.get(FaqEntry, faq_id)
    assert reply is not None and reply.thread_id is not None and faq is not None
    thread = session.get(OutreachThread, reply.thread_id)
    assert thread is not None and faq.project_id == thread.project_id
    key = f"answer:{inbound_id}"
    existing = session.scalar(select(OutreachMessage).where(OutreachMessage.send_key == key))
    if existing is not None:
        return existing.id
    earlier = [m.header_message_id for m in repo.messages_of_thread(session, thread.id)]
    subject = reply.subject if reply.subject.lower().startswith("re:") else f"Re: {reply.subject}"
    message = OutreachMessage(
        id=uuid.uuid4(),
        org_id=thread.org_id,
        recruiter_id=thread.recruiter_id,
        project_id=thread.project_id,
        thread_id=thread.id,
        kind=MessageKind.ANSWER,
        step=0,
        subject=subject[:300],
        body=text,
        evidence=[{"faq_id": str(faq.id), "faq_question": faq.question, "automatic": True}],
        engine="faq",
        status=OutreachStatus.APPROVED,
        send_key=key,
        header_message_id=service.header_id(mail_from),
        in_reply_to=reply.header_message_id,
        references=" ".join([*earlier[-5:], reply.header_message_id]),
        faq_id=faq.id,
        due_at=datetime.now(UTC),
    )
    session.add(message)
    session.flush()
    return message.id


def to_out(r: InboundEmail) -> InboundOut:
    return InboundOut(
        id=r.id,
        thread_id=r.thread_id,
        from_address=r.from_address,
        subject=r.subject,
        body=r.body,
        classification=r.classification,
        confidence=r.confidence,
        engine=r.engine,
        handling=r.handling,
        suggested_answer=r.suggested_answer,
        faq_id=r.faq_id,
        created_at=r.created_at,
    )


def unread_before(session: Session, before: datetime) -> list[uuid.UUID]:
    """Matched replies still not read by the assistant (a lost task, a crash), oldest first:
    the tick reads them, so none is left unseen."""
    return list(
        session.scalars(
            select(InboundEmail.id)
            .where(
                InboundEmail.handling == ReplyHandling.PENDING,
                InboundEmail.thread_id.is_not(None),
                InboundEmail.created_at < before,
            )
            .order_by(InboundEmail.created_at)
            .limit(200)
        )
    )
