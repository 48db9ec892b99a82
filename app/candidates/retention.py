"""Retention for import runs: their per-file errors name files (often a person's name), so
they are kept for a bounded time, and a run whose process died is closed as abandoned
rather than shown as running forever. The beat scheduler runs it hourly."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, update
from sqlalchemy.orm import Session, sessionmaker

from app.candidates.states import ImportRunStatus
from app.db import transaction
from app.models import ImportRun

log = logging.getLogger(__name__)

TASK_NAME = "scout.imports.prune"
SCHEDULE = timedelta(hours=1)


def prune_imports(
    sessions: sessionmaker[Session],
    *,
    retention_days: int,
    stale_after_hours: float,
    now: datetime | None = None,
) -> dict[str, int]:
    now = now or datetime.now(UTC)
    with transaction(sessions) as session:
        abandoned = session.execute(
            update(ImportRun)
            .where(
                ImportRun.status == ImportRunStatus.RUNNING,
                ImportRun.created_at < now - timedelta(hours=stale_after_hours),
            )
            .values(status=ImportRunStatus.ABANDONED, finished_at=now)
        ).rowcount  # type: ignore[attr-defined]
        # Candidates keep their profile; their link to the run is set to NULL by the FK.
        removed = session.execute(
            delete(ImportRun).where(
                ImportRun.status != ImportRunStatus.RUNNING,
                ImportRun.created_at < now - timedelta(days=retention_days),
            )
        ).rowcount  # type: ignore[attr-defined]
    if abandoned or removed:
        log.info("imports retention: %d abandoned, %d removed", abandoned, removed)
    return {"abandoned": int(abandoned or 0), "removed": int(removed or 0)}
