"""Telling an interrupted send from a slow one (see `unknown_outcome` for what follows)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.models import OutreachMessage
from app.outreach.states import OutreachStatus

# The SMTP conversation times out after 20 s; a message still `sending` long after that
# was interrupted, not slow.
UNKNOWN_AFTER = timedelta(minutes=15)

NOTE = (
    "outcome unknown: sending was interrupted. Check your sent mail, then mark it sent "
    "or send it again"
)


def is_unknown(message: OutreachMessage, now: datetime | None = None) -> bool:
    started = message.sent_at
    return (
        message.status == OutreachStatus.SENDING
        and started is not None
        and started < (now or datetime.now(UTC)) - UNKNOWN_AFTER
    )
