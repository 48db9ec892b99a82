# mypy: disable-error-code="untyped-decorator"
"""The approvals' task: resume the thread that waits on a decided approval."""

from __future__ import annotations

import uuid

from celery import Celery

from app.dispatch import Processor
from app.worker.celery_app import LONG
from app.worker.limits import LONG_LIMITS

TASK_NAME = "scout.approvals.resume"


def register(celery: Celery, processor: Processor) -> None:
    @celery.task(shared=False, name=TASK_NAME, queue=LONG, acks_late=True, **LONG_LIMITS)
    def resume_approval(approval_id: str) -> None:
        processor.resume_approval(uuid.UUID(approval_id))
