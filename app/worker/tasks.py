# mypy: disable-error-code="untyped-decorator"
"""Thin, named, bounded tasks. Each carries ids only and is idempotent: the processor
re-reads Postgres and does nothing that is already done. The bodies live in their
domains (`app.<domain>.tasks`); this binds them all to one worker."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from celery import Celery

from app.approvals import tasks as approval_tasks
from app.candidates import retention as import_retention
from app.candidates import tasks as candidate_tasks
from app.dispatch import Dispatcher, Processor
from app.events import tasks as event_tasks
from app.mailbox import tasks as mailbox_tasks
from app.outreach import tasks as outreach_tasks
from app.sourcing import tasks as sourcing_tasks
from app.worker.celery_app import SHORT
from app.worker.limits import LONG_LIMITS, SHORT_LIMITS

__all__ = ["LONG_LIMITS", "SHORT_LIMITS", "register"]


def register(
    celery: Celery,
    processor: Processor,
    dispatcher: Dispatcher,
    *,
    prune_events: Callable[[], int] | None = None,
    embed_candidates: Callable[[uuid.UUID, list[uuid.UUID]], int] | None = None,
    prune_imports: Callable[[], dict[str, int]] | None = None,
) -> None:
    """Bind the tasks to this worker's processor (built by the worker's composition root).
    `prune_events` is the events retention job bound to this worker's database.

    Every task here and in the domains' `register` is `shared=False`: each is a closure over one
    app's dependencies, and a shared task would be added to every Celery app made later in the
    process (a test's, a second worker's), where its name then collides (celery 5.7 warns)."""

    @celery.task(
        shared=False, name=event_tasks.TASK_NAME, queue=SHORT, acks_late=True, **SHORT_LIMITS
    )
    def prune_events_task() -> int:
        return prune_events() if prune_events is not None else 0

    @celery.task(
        shared=False, name=import_retention.TASK_NAME, queue=SHORT, acks_late=True, **SHORT_LIMITS
    )
    def prune_imports_task() -> dict[str, int]:
        return prune_imports() if prune_imports is not None else {}

    mailbox_tasks.register(celery, processor)
    approval_tasks.register(celery, processor)
    sourcing_tasks.register(celery, processor, dispatcher)
    if embed_candidates is not None:
        candidate_tasks.register(celery, embed_candidates)
    outreach_tasks.register(celery, processor)
