"""Publishing events: a row in the caller's transaction, a Redis wake-up after it commits.

Postgres is the source of truth, so an event exists if and only if the change that caused it
committed. Redis pub/sub only tells listening API processes "look again"; a lost or duplicated
wake-up costs latency (the hub's catch-up poll finds the row), never an event.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import redis
from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from app.events import repository

log = logging.getLogger(__name__)

CHANNEL = "scout:events"

# Keys in Session.info: the Redis client (set on the factory by bind_wakeups), the wake-ups
# waiting for this transaction's commit, and the marker that the hooks are installed.
_REDIS = "scout.events.redis"
_PENDING = "scout.events.pending"
_HOOKED = "scout.events.hooked"

# Every connected tab receives every event: big payloads belong behind an id.
MAX_DATA_BYTES = 64 * 1024

# The kind becomes the SSE `event:` field, so it must not carry a line break.
_KIND = re.compile(r"^[a-z][a-z0-9_.-]{0,63}$")


def bind_wakeups(sessions: sessionmaker[Session], client: redis.Redis) -> None:
    """Give every session of this factory the Redis client its commits wake listeners with.

    Called once by the composition root; sessions from an unbound factory still publish
    events, which then reach clients by the hub's catch-up poll instead of at once.
    """
    info = dict(sessions.kw.get("info") or {})
    info[_REDIS] = client
    sessions.configure(info=info)


def publish(
    session: Session,
    *,
    recruiter_id: uuid.UUID,
    org_id: uuid.UUID,
    kind: str,
    data: dict[str, Any],
) -> int:
    """Append an event for one recruiter in the caller's transaction; returns its id.

    `data` must be JSON-able (UUIDs and datetimes are written as strings), at most
    MAX_DATA_BYTES once encoded.

    Keep the transaction short after this call: readers hold this recruiter's later events
    back until it ends, since delivering them first would break the id order.
    """
    if not _KIND.match(kind):
        raise ValueError(f"invalid event kind {kind!r}: lowercase letters, digits, . _ -")
    # UUIDs and datetimes become strings here rather than failing later inside flush.
    encoded = json.dumps(data, default=str)
    if len(encoded) > MAX_DATA_BYTES:
        raise ValueError(
            f"event data is {len(encoded)} bytes; keep events under {MAX_DATA_BYTES} bytes "
            "and send an id the client can fetch instead"
        )
    _install_hooks(session)
    repository.hold_writer_lock(session, recruiter_id)
    event_id = repository.insert(
        session, recruiter_id=recruiter_id, org_id=org_id, kind=kind, data=json.loads(encoded)
    )
    pending: dict[uuid.UUID, int] = session.info.setdefault(_PENDING, {})
    pending[recruiter_id] = max(pending.get(recruiter_id, 0), event_id)
    return event_id


def prune(session: Session, *, before: datetime) -> int:
    """Forget events older than `before` (a retention job); a client resuming from a pruned
    id simply gets what is left."""
    return repository.delete_before(session, before)


def wake_message(recruiter_id: uuid.UUID, event_id: int) -> str:
    return json.dumps({"recruiter_id": str(recruiter_id), "id": event_id})


def parse_wake(raw: bytes | str) -> tuple[uuid.UUID, int] | None:
    try:
        body = json.loads(raw)
        return uuid.UUID(body["recruiter_id"]), int(body["id"])
    except (ValueError, KeyError, TypeError) as exc:
        log.warning("ignoring malformed event wake-up %r: %s", raw, exc)
        return None


def _install_hooks(session: Session) -> None:
    # Per session rather than globally: only sessions that published pay for the hooks.
    if session.info.get(_HOOKED):
        return
    event.listen(session, "after_commit", _after_commit)
    event.listen(session, "after_rollback", _after_rollback)
    session.info[_HOOKED] = True


def _after_commit(session: Session) -> None:
    pending: dict[uuid.UUID, int] = session.info.pop(_PENDING, {})
    client: redis.Redis | None = session.info.get(_REDIS)
    if not pending or client is None:
        return
    try:
        # One wake-up per recruiter is enough: the listener reads everything after its cursor.
        for recruiter_id, event_id in pending.items():
            client.publish(CHANNEL, wake_message(recruiter_id, event_id))
    except redis.RedisError as exc:
        # The commit stands; the hub's catch-up poll delivers the events a little later.
        log.warning("event wake-up not sent (%s); clients catch up by polling", exc)


def _after_rollback(session: Session) -> None:
    # Rolled-back rows never existed; waking anyone for them would only cost a query.
    session.info.pop(_PENDING, None)


@dataclass(frozen=True)
class Batch:
    """Events after a cursor, up to the settled horizon.

    `settled` is False while a transaction publishing to this recruiter is open: nothing is
    served then, and the reader retries shortly. `known` is the id up to which this read has
    seen everything (the last event when the page was full, else the horizon), so a wake-up
    for an id <= known is stale and needs no query.
    """

    events: tuple[repository.EventRecord, ...]
    settled: bool
    more: bool
    known: int


def read_after(
    session: Session, *, recruiter_id: uuid.UUID, org_id: uuid.UUID, after: int, limit: int
) -> Batch:
    horizon = repository.settled_horizon(session, recruiter_id)
    if horizon is None:
        return Batch(events=(), settled=False, more=False, known=after)
    rows = repository.events_between(
        session, recruiter_id=recruiter_id, org_id=org_id, after=after, upto=horizon, limit=limit
    )
    more = len(rows) == limit
    known = rows[-1].id if more else max(after, horizon)
    return Batch(events=tuple(rows), settled=True, more=more, known=known)


def settled_tail(session: Session, recruiter_id: uuid.UUID) -> int | None:
    """Where a client without a Last-Event-ID starts: after everything already settled, so
    it gets every event that commits from now on; None while a writer is in flight."""
    return repository.settled_horizon(session, recruiter_id)
