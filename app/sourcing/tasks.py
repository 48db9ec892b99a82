# mypy: disable-error-code="untyped-decorator"
"""Background sourcing's tasks: a run over one project, nearline matching of new
candidates, and the reconciler that re-enqueues work a lost message left behind."""

from __future__ import annotations

import logging
import uuid

from celery import Celery

from app.dispatch import Dispatcher, Processor
from app.worker.celery_app import LONG, SHORT
from app.worker.limits import LONG_LIMITS, SHORT_LIMITS

log = logging.getLogger(__name__)

RUN_TASK = "scout.sourcing.run"
NEARLINE_TASK = "scout.nearline.candidates_changed"
RECONCILE_TASK = "scout.reconcile"


def register(celery: Celery, processor: Processor, dispatcher: Dispatcher) -> None:
    @celery.task(shared=False, name=RUN_TASK, queue=LONG, acks_late=True, **LONG_LIMITS)
    def run_sourcing(project_id: str) -> None:
        processor.source_project(uuid.UUID(project_id))

    @celery.task(shared=False, name=NEARLINE_TASK, queue=SHORT, acks_late=True, **SHORT_LIMITS)
    def candidates_changed(org_id: str, candidate_ids: list[str]) -> None:
        processor.candidates_changed(uuid.UUID(org_id), [uuid.UUID(c) for c in candidate_ids])

    @celery.task(shared=False, name=RECONCILE_TASK, queue=SHORT, acks_late=True, **SHORT_LIMITS)
    def reconcile() -> None:
        found = processor.reconcile(dispatcher)
        if any(found.values()):
            log.info("reconciler re-enqueued %s", found)
