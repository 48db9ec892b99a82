"""The fault suite, on a stack of its own (its own data dir, Postgres, Redis, workers), so
the shared fixtures never see its outages: a worker SIGKILLed mid-step, Redis stopped and
started under accepted work, Postgres stopped and started, and the model timing out and
failing. Each asserts that nothing was lost and nothing was done twice."""

from __future__ import annotations

import signal
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import suppress
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis as redis_lib
from sqlalchemy import func, select, update

from app.config import Settings
from app.db import transaction
from app.dispatch import CeleryDispatcher
from app.embedded_redis import EmbeddedRedis
from app.embedded_watch import PostgresWatch, watches
from app.main import create_app
from app.models import Evaluation, MailboxMessage, Project
from app.runtime import Runtime
from app.worker.celery_app import make_celery
from tests.fake_openai import Delay, FakeOpenAI, Status, fake_llm
from tests.test_agent_flow import REQUEST, run_conversation
from tests.test_agent_llm import llm_app
from tests.test_agent_recovery import _counts, _pool
from tests.test_worker import _await_status, wait_for, worker

__all__ = ["fake_llm"]

TEXT = REQUEST + " Senior, in Berlin."


@pytest.fixture(scope="module")
def fsettings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(data_dir=tmp_path_factory.mktemp("scout-faults"))


@pytest.fixture(scope="module")
def frt(fsettings: Settings) -> Iterator[Runtime]:
    runtime = Runtime.start(fsettings, upgrade=True)
    yield runtime
    runtime.close()


@pytest.fixture
async def celery_api(frt: Runtime) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(runtime=frt, dispatch="celery")
    # A failure is a response here, as it is to a real client, not an exception in the test.
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://scout.test") as c:
        yield c
    app.state.processor.close()


def _redis(rt: Runtime) -> EmbeddedRedis:
    return next(h for h in rt.stack._handles if isinstance(h, EmbeddedRedis))


def _stop_redis(rt: Runtime) -> None:
    server = _redis(rt)
    client = redis_lib.Redis(unix_socket_path=str(server.socket))
    with suppress(redis_lib.ConnectionError):  # shutting down drops the connection
        client.shutdown(save=True)
    client.close()
    wait_for(lambda: not server._ping(), timeout=10, what="Redis to stop")


def _projects(rt: Runtime, org_id: uuid.UUID) -> list[uuid.UUID]:
    with transaction(rt.sessions) as s:
        return list(s.scalars(select(Project.id).where(Project.org_id == org_id)))


def _once_each(rt: Runtime, project_id: str, *, finished: bool = True) -> None:
    """Nothing duplicated: one proposal and approval (and, once finished, one "ready"; before
    approval, one plan); one evaluation per candidate and qualification set."""
    counts = _counts(rt, project_id)
    kinds = counts["kinds"]
    assert isinstance(kinds, dict)
    assert kinds["proposal"] == 1 and kinds["approval"] == 1, kinds
    if finished:
        assert kinds["ready"] == 1, kinds
    else:
        assert kinds["plan"] == 1, kinds
    with transaction(rt.sessions) as s:
        dupes = s.execute(
            select(Evaluation.candidate_id, Evaluation.qualification_set_id, func.count())
            .group_by(Evaluation.candidate_id, Evaluation.qualification_set_id)
            .having(func.count() > 1)
        ).all()
    assert dupes == []


async def test_worker_sigkill_mid_step(
    celery_api: httpx.AsyncClient, frt: Runtime, fsettings: Settings, tmp_path: Path
) -> None:
    tenant = _pool(frt, tmp_path)
    with worker(fsettings, SCOUT_FAULT_STEP_DELAY="evaluation=60") as first:
        r = await celery_api.post("/v1/projects", json={"text": TEXT}, headers=tenant.headers)
        assert r.status_code == 201, r.text
        pid = r.json()["id"]
        await _await_status(celery_api, tenant, pid, "awaiting_approval")
        approval = (await celery_api.get("/v1/approvals", headers=tenant.headers)).json()["items"]
        r = await celery_api.post(
            f"/v1/approvals/{approval[0]['id']}",
            json={"decision": "approve"},
            headers=tenant.headers,
        )
        assert r.status_code == 200, r.text
        wait_for(
            lambda: ("evaluation", "running") in _counts(frt, pid)["steps"],  # type: ignore[operator]
            what="the evaluation step to start",
        )
        first.send_signal(signal.SIGKILL)
        first.wait()
    with worker(fsettings):
        await _await_status(celery_api, tenant, pid, "calibration_ready")
    after = _counts(frt, pid)
    assert all(status == "done" for _, status in after["steps"])  # type: ignore[attr-defined]
    assert after["evaluations"]
    _once_each(frt, pid)
    assert _projects(frt, tenant.org.id) == [uuid.UUID(pid)]


async def test_redis_down_readiness_then_accepted_work_is_picked_up(
    celery_api: httpx.AsyncClient, frt: Runtime, fsettings: Settings, tmp_path: Path
) -> None:
    tenant = _pool(frt, tmp_path)
    _stop_redis(frt)
    try:
        assert (await celery_api.get("/healthz")).status_code == 200
        r = await celery_api.get("/readyz")
        assert r.status_code == 503
        assert r.json()["components"]["redis"]["ok"] is False
        # Accepted while the broker is down: the rows are committed before the publish fails.
        r = await celery_api.post("/v1/projects", json={"text": TEXT}, headers=tenant.headers)
        print(f"POST /v1/projects with Redis down: {r.status_code}")
        assert r.status_code >= 500 or r.status_code == 201
    finally:
        _redis(frt).start()
    created = _projects(frt, tenant.org.id)
    assert len(created) == 1, "the accepted request was lost or saved twice"
    pid = str(created[0])
    assert (await celery_api.get("/readyz")).json()["components"]["redis"]["ok"] is True

    # The reconciler (the scheduler runs it every 30 s) finds the mailbox no task took:
    # age the message past its cutoff rather than wait, then run what the task runs.
    with transaction(frt.sessions) as s:
        s.execute(
            update(MailboxMessage)
            .where(MailboxMessage.org_id == tenant.org.id)
            .values(created_at=func.now() - func.make_interval(0, 0, 0, 0, 0, 1))
        )
    dispatcher = CeleryDispatcher(make_celery(frt.stack.redis_url))
    processor = create_app(runtime=frt, dispatch="celery").state.processor
    try:
        found = processor.reconcile(dispatcher)
        assert found["mailboxes"] >= 1
        processor.reconcile(dispatcher)  # and again: a duplicate wake-up must change nothing
    finally:
        processor.close()
    with worker(fsettings):
        await _await_status(celery_api, tenant, pid, "awaiting_approval")
    _once_each(frt, pid, finished=False)


async def test_postgres_down_and_back(frt: Runtime, tmp_path: Path) -> None:
    from app.embedded_pg import pg_ctl

    tenant = _pool(frt, tmp_path)
    app = create_app(runtime=frt)  # inline: readiness needs Postgres and Redis only
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    pg = next(w for w in watches(frt.stack) if isinstance(w, PostgresWatch))
    async with httpx.AsyncClient(transport=transport, base_url="http://scout.test") as c:
        assert (await c.get("/readyz")).status_code == 200
        pg_ctl(pg.server, ["-w", "-m", "fast", "stop"])
        assert not pg.alive()
        try:
            started = time.monotonic()
            r = await c.get("/readyz")
            assert r.status_code == 503 and r.json()["components"]["postgres"]["ok"] is False
            assert time.monotonic() - started < 10, "a dead database must not hang readiness"
            assert (await c.get("/healthz")).status_code == 200  # alive, just not ready
            r = await c.post("/v1/projects", json={"text": TEXT}, headers=tenant.headers)
            assert r.status_code >= 500
        finally:
            pg.restart()
        assert pg.alive()
        # The pool's pre-ping replaces the dead connections: no restart of the API needed.
        wait_for(lambda: frt.redis.ping(), timeout=5)
        r = await c.get("/readyz")
        assert r.status_code == 200, r.text
        r = await c.post("/v1/projects", json={"text": TEXT}, headers=tenant.headers)
        assert r.status_code == 201, r.text
    app.state.processor.close()
    # The request refused while the database was down left nothing; the retry made one.
    assert len(_projects(frt, tenant.org.id)) == 1


def _flaky(body: dict[str, Any]) -> Any:
    # Every other call times out; the rest fail with a 5xx: the model never answers.
    _flaky.calls = getattr(_flaky, "calls", 0) + 1  # type: ignore[attr-defined]
    return Delay(3.0) if _flaky.calls % 2 else Status(503, message="overloaded")  # type: ignore[attr-defined]


async def test_llm_timeouts_and_5xx_degrade_without_duplicates(
    frt: Runtime, fake_llm: FakeOpenAI, tmp_path: Path
) -> None:
    tenant = _pool(frt, tmp_path)
    fake_llm.responder = _flaky
    app = llm_app(frt, fake_llm, timeout_s=0.5, breaker_failures=2, breaker_cooldown_s=0.5)
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://scout.test"
        ) as c:
            project = await run_conversation(c, tenant)
            ranked = (
                await c.get(f"/v1/projects/{project['id']}/candidates", headers=tenant.headers)
            ).json()["items"]
    finally:
        app.state.processor.close()
    assert project["status"] == "calibration_ready"
    assert ranked and all(x["engine"] == "offline" and x["degraded"] for x in ranked)
    assert fake_llm.chat_requests, "the model was really asked"
    _once_each(frt, project["id"])
