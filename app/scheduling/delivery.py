"""After the booking committed: write the event to the recruiter's CalDAV calendar and
mail the invites. Each outcome is recorded; a failure never undoes the booking (the slot
is the candidate's), it shows on the booking as "failed" with the reason.
"""

from __future__ import annotations

import logging
import smtplib
import uuid
from datetime import UTC, datetime

from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.db import transaction
from app.models import ScreenBooking
from app.scheduling import calendar, invites, repository
from app.scheduling.service import LinkContext, screen_of

log = logging.getLogger(__name__)


def sync_calendar(
    sessions: sessionmaker[Session], settings: Settings, ctx: LinkContext, booking_id: uuid.UUID
) -> None:
    if not calendar.configured(settings):
        return
    with transaction(sessions) as session:
        booking = session.get(ScreenBooking, booking_id)
        assert booking is not None
        # The calendar copy names the candidate's address only as the attendee of the event.
        ics = invites.ics(screen_of(ctx, booking, booking.candidate_email), ctx.zone, method=None)
    status, problem = "written", None
    try:
        calendar.write_event(settings, ics)
    except (calendar.CalendarError, OSError) as exc:
        status, problem = "failed", f"{type(exc).__name__}: {exc}"[:500]
        log.warning("calendar write for booking %s failed: %s", booking_id, problem)
    with transaction(sessions) as session:
        booking = session.get(ScreenBooking, booking_id)
        assert booking is not None
        booking.calendar_status, booking.calendar_error = status, problem


def send_invites(
    sessions: sessionmaker[Session], settings: Settings, invite_ids: list[uuid.UUID]
) -> None:
    """Mail pending invites (SMTP configured); without SMTP they stay in the outbox as
    not sent. Rows are locked while sending, so two processes never send one twice."""
    if not settings.smtp_url or not invite_ids:
        return
    with transaction(sessions) as session:
        for row in repository.invites_to_send(session, invite_ids):
            try:
                invites.send(
                    settings.smtp_url.get_secret_value(),
                    sender=settings.mail_from,
                    to=row.to_address,
                    subject=row.subject,
                    body=_body(row.subject, row.method),
                    invite=row.ics,
                    method=row.method,
                )
            except (smtplib.SMTPException, OSError) as exc:
                row.status, row.error = "failed", f"{type(exc).__name__}: {exc}"[:500]
                continue
            row.status, row.error, row.sent_at = "sent", None, datetime.now(UTC)


def _body(subject: str, method: str) -> str:
    if method == "CANCEL":
        return f"{subject}\n\nThis phone screen has been cancelled."
    return f"{subject}\n\nThe calendar invitation is attached."
