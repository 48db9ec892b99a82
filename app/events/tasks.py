"""The events retention job: the event log is a replay buffer for open tabs, not a record,
so events older than the retention window are deleted. The beat scheduler runs it hourly
(`scout.events.prune`); the task body is `prune_expired`, which owns its transaction."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from app.db import transaction
from app.events import service as events

log = logging.getLogger(__name__)

TASK_NAME = "scout.events.prune"
SCHEDULE = timedelta(hours=1)


def prune_expired(
    sessions: sessionmaker[Session], retention_days: int, *, now: datetime | None = None
) -> int:
    """Delete events older than `retention_days`; returns how many went."""
    before = (now or datetime.now(UTC)) - timedelta(days=retention_days)
    with transaction(sessions) as session:
        removed = events.prune(session, before=before)
    if removed:
        log.info("events retention: %d events older than %s removed", removed, before)
    return removed
