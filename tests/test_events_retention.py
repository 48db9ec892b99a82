"""The events retention job: old events go, recent ones stay, and beat schedules it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from app.db import transaction
from app.events.service import publish
from app.events.tasks import SCHEDULE, TASK_NAME, prune_expired
from app.models.event import Event
from app.runtime import Runtime
from app.worker.celery_app import make_celery
from tests.conftest import Tenant


def _event(rt: Runtime, tenant: Tenant, age: timedelta) -> int:
    with transaction(rt.sessions) as session:
        event_id = publish(
            session,
            recruiter_id=tenant.recruiter.id,
            org_id=tenant.org.id,
            kind="plan.step",
            data={"age_days": age.days},
        )
    with transaction(rt.sessions) as session:
        session.execute(
            update(Event).where(Event.id == event_id).values(created_at=datetime.now(UTC) - age)
        )
    return event_id


def _ids(rt: Runtime, tenant: Tenant) -> set[int]:
    with transaction(rt.sessions) as session:
        return set(session.scalars(select(Event.id).where(Event.org_id == tenant.org.id)))


def test_prune_removes_only_events_older_than_the_window(rt: Runtime, tenant: Tenant) -> None:
    old = _event(rt, tenant, timedelta(days=10))
    edge = _event(rt, tenant, timedelta(days=6, hours=23))
    fresh = _event(rt, tenant, timedelta(0))
    removed = prune_expired(rt.sessions, retention_days=7)
    assert removed >= 1  # other tests' old events may go too; ours certainly
    assert _ids(rt, tenant) == {edge, fresh}
    assert old not in _ids(rt, tenant)
    # Running again finds nothing of ours to remove: the job is idempotent.
    prune_expired(rt.sessions, retention_days=7)
    assert _ids(rt, tenant) == {edge, fresh}


def test_beat_schedules_the_retention_task(rt: Runtime) -> None:
    celery = make_celery(rt.stack.redis_url)
    entries = {entry["task"]: entry["schedule"] for entry in celery.conf.beat_schedule.values()}
    assert entries[TASK_NAME] == SCHEDULE
    assert "scout.reconcile" in entries


def test_the_worker_task_runs_the_retention_job(rt: Runtime, tenant: Tenant) -> None:
    from app.worker.tasks import register

    old = _event(rt, tenant, timedelta(days=30))
    fresh = _event(rt, tenant, timedelta(0))
    celery = make_celery(rt.stack.redis_url)
    register(celery, None, None, prune_events=lambda: prune_expired(rt.sessions, 7))
    # Called directly, a Celery task runs its body here: the same code a worker runs.
    removed = celery.tasks[TASK_NAME]()
    assert removed >= 1
    assert _ids(rt, tenant) == {fresh}
    assert old not in _ids(rt, tenant)
    # The task bodies live in their domains; the names and queues stay what senders use.
    # (Checked here: a second `register` in one process would be a duplicate-name warning.)
    expected = {
        "scout.mailbox.process": "long",
        "scout.approvals.resume": "long",
        "scout.sourcing.run": "long",
        "scout.nearline.candidates_changed": "short",
        "scout.reconcile": "short",
        TASK_NAME: "short",
    }
    for name, queue in expected.items():
        task = celery.tasks[name]
        assert task.queue == queue, name
        assert task.acks_late and task.time_limit is not None, name
