"""A message whose send a crash interrupted: Scout cannot tell whether it left.

The sender commits `sending` before the SMTP conversation and the result after it; a
worker killed in between leaves the row `sending` for good. It is never sent again on a
guess (the candidate could get it twice), so after a grace period it is shown as
"outcome unknown" and the recruiter decides: they saw it in their sent mail (mark it
sent: the candidate is contacted and the follow-ups get dates, as for any send) or they
did not (send it again, with the same Message-ID so a receiving server that got the first
copy can tell it is the same mail).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Literal

from sqlalchemy.orm import Session

from app.audit import service as audit
from app.errors import AppError
from app.orgs.service import Caller
from app.outreach import decisions
from app.outreach.interrupted import is_unknown
from app.outreach.sending import after_send, changed
from app.outreach.states import OutreachStatus


def resolve(
    session: Session,
    caller: Caller,
    message_id: uuid.UUID,
    outcome: Literal["sent", "send_again"],
) -> list[uuid.UUID]:
    """The recruiter's answer; returns the ids now due to send (for the dispatcher)."""
    message = decisions.owned_message(session, caller, message_id)
    now = datetime.now(UTC)
    if not is_unknown(message, now):
        still = message.status == OutreachStatus.SENDING
        raise AppError(
            "this message is being sent right now; wait a few minutes"
            if still
            else f"only a message whose outcome is unknown can be resolved; this one is "
            f"{message.status}",
            status_code=409,
        )
    audit.record(
        session,
        caller,
        "outreach.outcome_resolved",
        f"message:{message.id}",
        {"outcome": outcome, "project_id": str(message.project_id)},
    )
    if outcome == "sent":
        message.status = OutreachStatus.SENT
        message.last_error = "marked sent by you after an interrupted send"
        after_send(session, message, message.sent_at or now)
        session.flush()
        return []
    message.status = OutreachStatus.APPROVED
    message.sent_at = None
    message.due_at = now
    message.last_error = "sent again by you after an interrupted send"
    changed(session, message)
    session.flush()
    return [message.id]
