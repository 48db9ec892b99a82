"""The one send path: first messages, follow-ups and FAQ answers all leave through here.

Each message is claimed under a row lock (SKIP LOCKED) and moved to `sending` in its own
commit before the SMTP conversation, so two workers never both send it and a retry of the
task finds it taken. A message whose outcome a crash left unknown stays `sending` for the
recruiter to look at (`unknown_outcome`): it is never sent twice on a guess.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from app.audit import service as audit
from app.config import Settings
from app.db import transaction
from app.events import service as events
from app.mail import smtp
from app.models import OutreachMessage, OutreachThread, Project
from app.outreach import repository as repo
from app.outreach import service
from app.outreach.states import MessageKind, OutreachStatus, ThreadStatus
from app.outreach.tokens import unsubscribe_url
from app.projects.states import CandidateStage
from app.screening import service as screening
from app.signals import service as signals

log = logging.getLogger(__name__)

_MAX_PER_RUN = 500


def send_due(
    sessions: sessionmaker[Session],
    settings: Settings,
    ids: Sequence[uuid.UUID] | None = None,
    *,
    now: datetime | None = None,
) -> dict[str, int]:
    """Send everything due (or those of `ids` that are due); returns counts by outcome."""
    counts: dict[str, int] = {}
    for _ in range(_MAX_PER_RUN):
        at = now or datetime.now(UTC)
        with transaction(sessions) as session:
            message = repo.claim_sendable(session, at, ids)
            if message is None:
                break
            outgoing = _gate(session, settings, message, at)
            message_id, outcome = message.id, message.status
        if outgoing is not None:
            outcome = _deliver(sessions, settings, message_id, outgoing, at)
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts


def _gate(
    session: Session, settings: Settings, message: OutreachMessage, now: datetime
) -> smtp.Outgoing | None:
    """Every reason not to send, checked under the row lock; returns what to send, if
    anything (the message is then `sending`)."""
    thread = session.get(OutreachThread, message.thread_id)
    assert thread is not None
    if message.kind == MessageKind.FOLLOWUP:
        if thread.status != ThreadStatus.ACTIVE:
            message.status = OutreachStatus.CANCELLED
            message.last_error = f"sequence stopped: {thread.status}"
            return None
        row = repo.pipeline_row(session, message.project_id, thread.candidate_id)
        if row is None or row.stage != CandidateStage.CONTACTED:
            # The recruiter moved the candidate on (or back): their call, not the sequence's.
            service.stop_thread(session, thread, ThreadStatus.STAGE_CHANGED, "stage changed")
            message.status = OutreachStatus.CANCELLED
            message.last_error = "sequence stopped: the stage changed"
            return None
    if message.kind != MessageKind.FIRST and screening.is_paused(
        session, message.project_id, thread.candidate_id
    ):
        # The recruiter took this candidate over: nothing automatic goes out until they
        # hand it back; looked at again in an hour, not dropped.
        message.due_at = now + timedelta(hours=1)
        message.last_error = "waiting: you took this candidate over"
        return None
    if not thread.email:
        message.status = OutreachStatus.HELD
        message.last_error = "no email address on file for this candidate"
        return None
    if repo.is_suppressed(session, message.org_id, thread.email):
        message.status = OutreachStatus.HELD
        message.last_error = "this address unsubscribed: never written to again"
        return None
    cap = service.style_of(session, message.recruiter_id).daily_cap
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    if repo.sent_today(session, message.recruiter_id, midnight) >= cap:
        message.due_at = midnight + timedelta(days=1)
        message.last_error = f"daily cap of {cap} reached: sends tomorrow"
        return None
    message.attempts += 1
    message.sent_at = now  # counts against today's cap from here on
    if settings.smtp_url is None:
        message.status = OutreachStatus.WOULD_SEND
        message.last_error = None
        after_send(session, message, now)
        return None
    message.status = OutreachStatus.SENDING
    return smtp.Outgoing(
        to=thread.email,
        mail_from=settings.mail_from,
        subject=message.subject,
        body=message.body,
        message_id=message.header_message_id,
        in_reply_to=message.in_reply_to,
        references=message.references,
        unsubscribe_url=unsubscribe_url(settings, thread.id),
    )


def _deliver(
    sessions: sessionmaker[Session],
    settings: Settings,
    message_id: uuid.UUID,
    outgoing: smtp.Outgoing,
    now: datetime,
) -> str:
    assert settings.smtp_url is not None
    error: str | None = None
    bounced = False
    try:
        smtp.send(settings.smtp_url.get_secret_value(), outgoing)
    except smtp.Bounced as exc:
        error, bounced = str(exc), True
    except smtp.Transient as exc:
        error = str(exc)
    with transaction(sessions) as session:
        message = repo.lock_message(session, message_id)
        assert message is not None
        if message.status != OutreachStatus.SENDING:
            return str(message.status)
        if error is None:
            message.status = OutreachStatus.SENT
            message.last_error = None
            after_send(session, message, now)
        elif bounced or message.attempts >= settings.outreach_max_attempts:
            message.status = OutreachStatus.BOUNCED if bounced else OutreachStatus.FAILED
            message.last_error = error
            message.due_at = None  # never picked up again
            message.sent_at = None
        else:
            message.status = OutreachStatus.FAILED
            message.last_error = error
            message.sent_at = None
            delay = settings.outreach_backoff_base_s * 2 ** (message.attempts - 1)
            message.due_at = now + timedelta(seconds=min(delay, 6 * 3600))
        changed(session, message)
        return str(message.status)


def after_send(session: Session, message: OutreachMessage, now: datetime) -> None:
    """A first message out: the candidate is `contacted` and their follow-ups get a date."""
    changed(session, message)
    thread_row = session.get(OutreachThread, message.thread_id)
    project = session.get(Project, message.project_id)
    if thread_row is not None and project is not None:
        sent = {"message_id": str(message.id), "kind": str(message.kind), "status": message.status}
        audit.record(
            session,
            audit.Actor(org_id=message.org_id, name="outreach", recruiter_id=message.recruiter_id),
            "outreach.sent",
            f"candidate:{thread_row.candidate_id}",
            {"project_id": str(message.project_id), **sent},
        )
        signals.record(
            session, project, "message_sent", candidate_id=thread_row.candidate_id, data=sent
        )
    if message.kind != MessageKind.FIRST:
        return
    thread = session.get(OutreachThread, message.thread_id)
    assert thread is not None
    service.set_stage(
        session,
        message.project_id,
        thread.candidate_id,
        CandidateStage.CONTACTED,
        service.BEFORE_CONTACT,
    )
    settings = service.settings_of(session, message.project_id)
    repo.schedule_followups(session, thread.id, now, settings.followup_days, settings.max_followups)


def changed(session: Session, message: OutreachMessage) -> None:
    events.publish(
        session,
        recruiter_id=message.recruiter_id,
        org_id=message.org_id,
        kind="outreach.message",
        data={"id": str(message.id), "status": message.status,
              "project_id": str(message.project_id), "thread_id": str(message.thread_id)},
    )  # fmt: skip
