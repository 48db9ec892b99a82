# mypy: disable-error-code="untyped-decorator"
"""Thin, named, bounded tasks. Each carries ids only and is idempotent: the processor
re-reads Postgres and does nothing that is already done."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from celery import Celery

from app.dispatch import Dispatcher, Processor
from app.events import tasks as event_tasks
from app.worker.celery_app import LONG, SHORT

log = logging.getLogger(__name__)

LONG_LIMITS = {"soft_time_limit": 600, "time_limit": 660}
SHORT_LIMITS = {"soft_time_limit": 60, "time_limit": 90}


def register(
    celery: Celery,
    processor: Processor,
    dispatcher: Dispatcher,
    *,
    prune_events: Callable[[], int] | None = None,
) -> None:
    """Bind the tasks to this worker's processor (built by the worker's composition root).
    `prune_events` is the events retention job bound to this worker's database."""

    @celery.task(name=event_tasks.TASK_NAME, queue=SHORT, acks_late=True, **SHORT_LIMITS)
    def prune_events_task() -> int:
        return prune_events() if prune_events is not None else 0

    @celery.task(name="scout.mailbox.process", queue=LONG, acks_late=True, **LONG_LIMITS)
    def process_mailbox(assistant_id: str) -> None:
        processor.process_pending(uuid.UUID(assistant_id))

    @celery.task(name="scout.approvals.resume", queue=LONG, acks_late=True, **LONG_LIMITS)
    def resume_approval(approval_id: str) -> None:
        processor.resume_approval(uuid.UUID(approval_id))

    @celery.task(name="scout.sourcing.run", queue=LONG, acks_late=True, **LONG_LIMITS)
    def run_sourcing(project_id: str) -> None:
        processor.source_project(uuid.UUID(project_id))

    @celery.task(
        name="scout.nearline.candidates_changed", queue=SHORT, acks_late=True, **SHORT_LIMITS
    )
    def candidates_changed(org_id: str, candidate_ids: list[str]) -> None:
        processor.candidates_changed(uuid.UUID(org_id), [uuid.UUID(c) for c in candidate_ids])

    @celery.task(name="scout.reconcile", queue=SHORT, acks_late=True, **SHORT_LIMITS)
    def reconcile() -> None:
        found = processor.reconcile(dispatcher)
        if any(found.values()):
            log.info("reconciler re-enqueued %s", found)
