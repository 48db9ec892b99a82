"""All SQL for the event log.

Ids come from one sequence, but transactions commit in any order: a client that read
"everything after 11" while id 10 was still uncommitted would skip 10 for ever. So every
writer holds a shared advisory lock on its recruiter's key from before it takes an id until
it commits, and readers only serve ids up to a *settled horizon*: the sequence's last value
read while no writer of that recruiter held the lock. Writers never wait for each other or
for readers; a reader that finds a writer in flight serves nothing and retries shortly.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from app.models.event import Event

# First key of the two-int advisory lock form; the second is derived from the recruiter id.
LOCK_NAMESPACE = 0x5C0E7


@dataclass(frozen=True)
class EventRecord:
    """A row detached from any session, safe to hand from a worker thread to the event loop."""

    id: int
    kind: str
    data: dict[str, Any]
    created_at: datetime


def lock_key(recruiter_id: uuid.UUID) -> int:
    """31 bits of the id; a collision only makes a reader wait for an unrelated writer."""
    return int.from_bytes(recruiter_id.bytes[:4], "big") & 0x7FFFFFFF


def hold_writer_lock(session: Session, recruiter_id: uuid.UUID) -> None:
    # Transaction-scoped: released by commit or rollback, after the row became visible.
    session.execute(
        text("SELECT pg_advisory_xact_lock_shared(CAST(:ns AS integer), CAST(:key AS integer))"),
        {"ns": LOCK_NAMESPACE, "key": lock_key(recruiter_id)},
    )


def insert(
    session: Session,
    *,
    recruiter_id: uuid.UUID,
    org_id: uuid.UUID,
    kind: str,
    data: dict[str, Any],
) -> int:
    row = Event(recruiter_id=recruiter_id, org_id=org_id, kind=kind, data=data)
    session.add(row)
    session.flush()
    return row.id


_LAST_ID = text("SELECT pg_sequence_last_value(pg_get_serial_sequence('events', 'id')::regclass)")

_WRITER_IN_FLIGHT = text(
    "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted"
    " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
    " AND classid = CAST(:ns AS oid) AND objid = CAST(:key AS oid) AND objsubid = 2)"
)


def settled_horizon(session: Session, recruiter_id: uuid.UUID) -> int | None:
    """An id H such that every event of this recruiter with id <= H is committed (and visible
    to the next statement) or gone for good; None while one of its writers is in flight.

    Order matters and each statement is its own snapshot (READ COMMITTED): H first, then the
    lock check; any writer holding an id <= H took its lock before H was read, so if no lock
    is held now it has finished, and the caller's next SELECT sees its row.
    """
    horizon = session.scalar(_LAST_ID) or 0
    busy = session.scalar(_WRITER_IN_FLIGHT, {"ns": LOCK_NAMESPACE, "key": lock_key(recruiter_id)})
    return None if busy else int(horizon)


def events_between(
    session: Session,
    *,
    recruiter_id: uuid.UUID,
    org_id: uuid.UUID,
    after: int,
    upto: int,
    limit: int,
) -> list[EventRecord]:
    rows = session.execute(
        select(Event.id, Event.kind, Event.data, Event.created_at)
        .where(
            # org_id too: a recruiter id alone should never be the only thing between tenants.
            Event.recruiter_id == recruiter_id,
            Event.org_id == org_id,
            Event.id > after,
            Event.id <= upto,
        )
        .order_by(Event.id)
        .limit(limit)
    ).all()
    return [EventRecord(id=r.id, kind=r.kind, data=r.data, created_at=r.created_at) for r in rows]


def latest_ids(session: Session, recruiter_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    """The newest committed event id of each recruiter: one index probe each, however long
    the log is."""
    if not recruiter_ids:
        return {}
    rows = session.execute(
        text(
            "SELECT r.id, (SELECT max(e.id) FROM events e WHERE e.recruiter_id = r.id)"
            " FROM unnest(CAST(:ids AS uuid[])) AS r(id)"
        ),
        {"ids": recruiter_ids},
    ).all()
    return {r[0]: int(r[1]) for r in rows if r[1] is not None}


def delete_before(session: Session, cutoff: datetime) -> int:
    result = session.execute(delete(Event).where(Event.created_at < cutoff))
    return int(getattr(result, "rowcount", 0) or 0)
