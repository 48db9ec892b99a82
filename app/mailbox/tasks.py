# mypy: disable-error-code="untyped-decorator"
"""The mailbox's task: wake the processor for one assistant's pending messages."""

from __future__ import annotations

import uuid

from celery import Celery

from app.dispatch import Processor
from app.worker.celery_app import LONG
from app.worker.limits import LONG_LIMITS

TASK_NAME = "scout.mailbox.process"


def register(celery: Celery, processor: Processor) -> None:
    @celery.task(shared=False, name=TASK_NAME, queue=LONG, acks_late=True, **LONG_LIMITS)
    def process_mailbox(assistant_id: str) -> None:
        processor.process_pending(uuid.UUID(assistant_id))
