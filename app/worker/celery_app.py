"""The Celery app: Redis as the broker (the embedded one by default), two queues.

Postgres is the source of truth; a task only wakes a worker to look at rows. So tasks
carry ids, are idempotent, are acknowledged late (a killed worker's task is redelivered),
and expire; a reconciler re-enqueues anything marked queued that no task picked up.
"""

from __future__ import annotations

from datetime import timedelta

from celery import Celery
from kombu.entity import Queue

from app.candidates import retention as import_retention
from app.events import tasks as event_tasks

LONG = "long"  # LLM calls, sourcing runs, bulk evaluation
SHORT = "short"  # notifications, one profile's embedding and matching, reconciling


def make_celery(broker_url: str, *, visibility_timeout_s: int = 600) -> Celery:
    app = Celery("scout", broker=broker_url)
    app.conf.update(
        # Each queue bound by its own name: without explicit keys both would bind to the
        # default key, and every task would be delivered to both queues.
        task_queues=[
            Queue(LONG, routing_key=LONG),  # type: ignore[no-untyped-call]
            Queue(SHORT, routing_key=SHORT),  # type: ignore[no-untyped-call]
        ],
        task_default_queue=SHORT,
        task_default_exchange="scout",
        task_default_routing_key=SHORT,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_ignore_result=True,
        task_serializer="json",
        accept_content=["json"],
        broker_connection_retry_on_startup=True,
        # A task not acknowledged within this time is handed to another worker.
        broker_transport_options={"visibility_timeout": visibility_timeout_s},
        worker_hijack_root_logger=False,
        beat_schedule={
            "reconcile": {"task": "scout.reconcile", "schedule": timedelta(seconds=30)},
            "events-retention": {"task": event_tasks.TASK_NAME, "schedule": event_tasks.SCHEDULE},
            "imports-retention": {
                "task": import_retention.TASK_NAME,
                "schedule": import_retention.SCHEDULE,
            },
            # Due follow-ups and retries are rows in Postgres; this wakes a sender for them.
            "outreach-tick": {"task": "scout.outreach.tick", "schedule": timedelta(seconds=60)},
        },
        timezone="UTC",
    )
    return app
