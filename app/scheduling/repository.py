"""All SQL of scheduling: availability, bookings (locked while they change), invites."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from app.models import Availability, InviteOutbox, ScreenBooking

LIVE = "booked"
CANCELLED = "cancelled"


def availability(session: Session, recruiter_id: uuid.UUID) -> Availability | None:
    return session.get(Availability, recruiter_id)


def put_availability(session: Session, recruiter_id: uuid.UUID, **values: Any) -> None:
    """Insert or replace the recruiter's availability in one statement: two PUTs at once (a
    retry, a second tab) must not both insert and fail on the primary key."""
    stmt = insert(Availability).values(recruiter_id=recruiter_id, **values)
    stmt = stmt.on_conflict_do_update(index_elements=[Availability.recruiter_id], set_=values)
    session.execute(stmt)
    # A row this session loaded before must not shadow what was just written.
    session.get(Availability, recruiter_id, populate_existing=True)


def live_booking(
    session: Session, project_id: uuid.UUID, candidate_id: uuid.UUID, *, lock: bool = False
) -> ScreenBooking | None:
    query = select(ScreenBooking).where(
        ScreenBooking.project_id == project_id,
        ScreenBooking.candidate_id == candidate_id,
        ScreenBooking.status == LIVE,
    )
    return session.scalar(query.with_for_update() if lock else query)


def booked_between(
    session: Session, recruiter_id: uuid.UUID, start: datetime, end: datetime
) -> list[ScreenBooking]:
    return list(
        session.scalars(
            select(ScreenBooking).where(
                ScreenBooking.recruiter_id == recruiter_id,
                ScreenBooking.status == LIVE,
                ScreenBooking.starts_at < end,
                ScreenBooking.ends_at > start,
            )
        )
    )


def of_project(session: Session, project_id: uuid.UUID) -> list[ScreenBooking]:
    return list(
        session.scalars(
            select(ScreenBooking)
            .where(ScreenBooking.project_id == project_id)
            .order_by(ScreenBooking.starts_at)
        )
    )


def invites_of(session: Session, booking_ids: Iterable[uuid.UUID]) -> list[InviteOutbox]:
    return list(
        session.scalars(
            select(InviteOutbox)
            .where(InviteOutbox.booking_id.in_(list(booking_ids)))
            .order_by(InviteOutbox.created_at, InviteOutbox.id)
        )
    )


def invites_to_send(session: Session, invite_ids: Iterable[uuid.UUID]) -> list[InviteOutbox]:
    """Locked and skipped when another process is sending them: never sent twice."""
    return list(
        session.scalars(
            select(InviteOutbox)
            .where(
                InviteOutbox.id.in_(list(invite_ids)),
                InviteOutbox.status.in_(("pending", "failed")),
            )
            .with_for_update(skip_locked=True)
        )
    )
