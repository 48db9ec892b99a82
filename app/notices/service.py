"""Dismissed notices, kept per recruiter and announced to every open device."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from app.events import service as events
from app.notices import repository
from app.orgs.service import Caller


def dismiss(session: Session, caller: Caller, message_ids: list[uuid.UUID]) -> list[uuid.UUID]:
    own = repository.own_message_ids(session, caller.recruiter.id, message_ids)
    repository.add(session, caller.recruiter.id, own)
    if own:
        events.publish(
            session,
            recruiter_id=caller.recruiter.id,
            org_id=caller.org.id,
            kind="notices.dismissed",
            data={"message_ids": [str(m) for m in own]},
        )
    return own


def dismissed(session: Session, caller: Caller, limit: int = 500) -> list[uuid.UUID]:
    return repository.recent(session, caller.recruiter.id, limit)
