"""A candidate's reply, from the API or IMAP: stored once, matched to its thread by
`In-Reply-To`/`References`, and the sequence stopped at once (before any model reads it).

The text is untrusted: it is stored and shown, and read by the classifier; nothing in it
can approve, send, change a stage beyond `replied`, or reveal anything but the FAQ.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from app.mail.parse import Parsed
from app.models import InboundEmail, OutreachThread
from app.outreach import repository as repo
from app.outreach import service
from app.outreach.schemas import InboundReceipt
from app.outreach.states import ReplyHandling, ThreadStatus
from app.projects.states import CandidateStage


def ingest(session: Session, parsed: Parsed, org_id: uuid.UUID | None) -> InboundReceipt:
    """`org_id` None (IMAP, one mailbox for the install): the thread says whose it is; a
    mail matching no thread of ours is not stored."""
    match = repo.message_by_header(session, [*parsed.in_reply_to, *parsed.references], org_id)
    thread = session.get(OutreachThread, match.thread_id) if match is not None else None
    owner = thread.org_id if thread is not None else org_id
    if owner is None:
        return InboundReceipt(id=uuid.uuid5(uuid.NAMESPACE_URL, parsed.message_id),
                              matched=False, thread_id=None)  # fmt: skip
    existing = repo.inbound_by_header(session, owner, parsed.message_id)
    if existing is not None:
        return InboundReceipt(
            id=existing.id, matched=existing.thread_id is not None,
            thread_id=existing.thread_id, duplicate=True,
        )  # fmt: skip
    reply = InboundEmail(
        id=uuid.uuid4(),
        org_id=owner,
        thread_id=thread.id if thread else None,
        header_message_id=parsed.message_id,
        from_address=parsed.from_address,
        subject=parsed.subject,
        body=parsed.text,
        handling=ReplyHandling.PENDING if thread else ReplyHandling.UNMATCHED,
        received_at=datetime.now(UTC),
    )
    session.add(reply)
    if thread is not None:
        # Any reply stops the follow-ups, whatever it says.
        service.stop_thread(session, thread, ThreadStatus.REPLIED, "the candidate replied")
        service.set_stage(
            session,
            thread.project_id,
            thread.candidate_id,
            CandidateStage.REPLIED,
            service.BEFORE_REPLY,
        )
    session.flush()
    return InboundReceipt(id=reply.id, matched=thread is not None,
                          thread_id=thread.id if thread else None)  # fmt: skip


def unsubscribe(session: Session, thread_id: uuid.UUID, how: str) -> bool:
    """Suppress the thread's address org-wide and stop its sequence; idempotent."""
    thread = session.get(OutreachThread, thread_id)
    if thread is None:
        return False
    if thread.email:
        repo.suppress(session, thread.org_id, thread.email, how)
    service.stop_thread(session, thread, ThreadStatus.UNSUBSCRIBED, f"unsubscribed ({how})")
    session.flush()
    return True
