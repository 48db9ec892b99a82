# mypy: disable-error-code="untyped-decorator"
"""Outreach tasks: send approved messages, read a reply, and the minute tick that sends
what became due (follow-ups, retries) and polls IMAP. Ids only; each body is idempotent."""

from __future__ import annotations

import uuid

from celery import Celery

from app.dispatch import Processor
from app.worker.celery_app import LONG, SHORT
from app.worker.limits import LONG_LIMITS, SHORT_LIMITS

SEND = "scout.outreach.send"
REPLY = "scout.outreach.reply"
TICK = "scout.outreach.tick"


def register(celery: Celery, processor: Processor) -> None:
    @celery.task(shared=False, name=SEND, queue=SHORT, acks_late=True, **SHORT_LIMITS)
    def send(message_ids: list[str]) -> dict[str, int]:
        return processor.send_outreach([uuid.UUID(m) for m in message_ids])

    @celery.task(shared=False, name=REPLY, queue=LONG, acks_late=True, **LONG_LIMITS)
    def reply(inbound_id: str) -> None:
        processor.handle_reply(uuid.UUID(inbound_id))

    @celery.task(shared=False, name=TICK, queue=SHORT, acks_late=True, expires=55, **SHORT_LIMITS)
    def tick() -> dict[str, int]:
        return processor.outreach_tick()
