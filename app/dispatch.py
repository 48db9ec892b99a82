"""How committed work reaches whoever processes it: inline (tests, `scout chat`) or Celery.

Callers commit first, then dispatch: a task never runs against rows that are not there.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from typing import Any, Protocol

import kombu.exceptions
import redis.exceptions

log = logging.getLogger(__name__)

# What a publish raises when the broker is unreachable (kombu wraps most of redis's).
_BROKER_ERRORS = (kombu.exceptions.OperationalError, redis.exceptions.ConnectionError, OSError)


class Dispatcher(Protocol):
    def mailbox_ready(self, assistant_id: uuid.UUID) -> None: ...

    def approval_decided(self, approval_id: uuid.UUID) -> None: ...

    def candidates_changed(self, org_id: uuid.UUID, candidate_ids: Sequence[uuid.UUID]) -> None: ...

    def source_project(self, project_id: uuid.UUID) -> None: ...

    def outreach_ready(self, message_ids: Sequence[uuid.UUID]) -> None: ...

    def reply_received(self, inbound_id: uuid.UUID) -> None: ...


class Processor(Protocol):
    """What does the work a dispatcher hands out: implemented by the agents' runner and
    wired in by the composition root (`app.bootstrap`); the app never imports agents."""

    def process_pending(self, assistant_id: uuid.UUID) -> None: ...

    def resume_approval(self, approval_id: uuid.UUID) -> None: ...

    def candidates_changed(self, org_id: uuid.UUID, candidate_ids: list[uuid.UUID]) -> None: ...

    def source_project(self, project_id: uuid.UUID) -> None: ...

    def send_outreach(self, message_ids: list[uuid.UUID] | None) -> dict[str, int]: ...

    def handle_reply(self, inbound_id: uuid.UUID) -> None: ...

    def outreach_tick(self) -> dict[str, int]: ...

    def draft_problems(self, text: str) -> list[str]: ...

    def reconcile(self, dispatcher: Dispatcher) -> dict[str, int]: ...

    def recover(self) -> None: ...

    def close(self) -> None: ...


class InlineDispatcher:
    """Runs the work in the calling process, synchronously."""

    def __init__(self, processor: Processor) -> None:
        self.processor = processor

    def mailbox_ready(self, assistant_id: uuid.UUID) -> None:
        self.processor.process_pending(assistant_id)

    def approval_decided(self, approval_id: uuid.UUID) -> None:
        self.processor.resume_approval(approval_id)

    def candidates_changed(self, org_id: uuid.UUID, candidate_ids: Sequence[uuid.UUID]) -> None:
        self.processor.candidates_changed(org_id, list(candidate_ids))

    def source_project(self, project_id: uuid.UUID) -> None:
        self.processor.source_project(project_id)

    def outreach_ready(self, message_ids: Sequence[uuid.UUID]) -> None:
        self.processor.send_outreach(list(message_ids))

    def reply_received(self, inbound_id: uuid.UUID) -> None:
        self.processor.handle_reply(inbound_id)


class CeleryDispatcher:
    """Publishes task messages by name; ids only, each with an expiry.

    A publish comes after the commit it announces, so a broker that is down must not turn
    a saved request into a 500 (the client would retry and do the work twice): the failure
    is logged and the reconciler, which looks at the rows, enqueues the work once Redis is
    back.
    """

    def __init__(self, celery: Any) -> None:
        self.celery = celery

    def _send(self, name: str, *args: Any, queue: str, expires: int = 3600) -> None:
        try:
            self.celery.send_task(name, args=list(args), queue=queue, expires=expires)
        except _BROKER_ERRORS as exc:
            log.warning("could not publish %s (left to the reconciler): %s", name, exc)

    def mailbox_ready(self, assistant_id: uuid.UUID) -> None:
        self._send("scout.mailbox.process", str(assistant_id), queue="long")

    def approval_decided(self, approval_id: uuid.UUID) -> None:
        self._send("scout.approvals.resume", str(approval_id), queue="long")

    def candidates_changed(self, org_id: uuid.UUID, candidate_ids: Sequence[uuid.UUID]) -> None:
        # Chunked so one huge import does not become one unbounded task.
        ids = [str(c) for c in candidate_ids]
        for i in range(0, len(ids), 200):
            self._send(
                "scout.nearline.candidates_changed", str(org_id), ids[i : i + 200], queue="short"
            )

    def source_project(self, project_id: uuid.UUID) -> None:
        self._send("scout.sourcing.run", str(project_id), queue="long")

    def embeddings_pending(self, org_id: uuid.UUID, candidate_ids: Sequence[uuid.UUID]) -> None:
        """Ask a worker to embed these freshly imported candidates (`app.candidates.tasks`)."""
        ids = [str(c) for c in candidate_ids]
        for i in range(0, len(ids), 500):
            self.celery.send_task(
                "scout.candidates.embed",
                args=[str(org_id), ids[i : i + 500]],
                queue="short",
                expires=24 * 3600,
            )

    def outreach_ready(self, message_ids: Sequence[uuid.UUID]) -> None:
        ids = [str(m) for m in message_ids]
        for i in range(0, len(ids), 200):
            self.celery.send_task(
                "scout.outreach.send", args=[ids[i : i + 200]], queue="short", expires=3600
            )

    def reply_received(self, inbound_id: uuid.UUID) -> None:
        self._send("scout.outreach.reply", str(inbound_id), queue="long")
