"""Real Celery worker processes on the embedded Redis: the same work, off the API process,
surviving a killed worker, a restarted Redis, and duplicated deliveries."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.config import Settings
from app.main import create_app
from app.runtime import Runtime
from app.worker.celery_app import make_celery
from tests.conftest import Tenant
from tests.test_agent_flow import REQUEST, mailbox
from tests.test_agent_recovery import _counts, _pool


@contextmanager
def worker(settings: Settings, **env: str) -> Iterator[subprocess.Popen[bytes]]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "worker", "--concurrency", "2", "--visibility-timeout", "5"],
        env={**os.environ, "SCOUT_DATA_DIR": str(settings.data_dir), **env},
    )
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def wait_for(
    check: Callable[[], Any],
    timeout: float = 180,
    what: str = "",
    state: Callable[[], Any] = lambda: None,
) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        assert time.monotonic() < deadline, f"timed out waiting for {what}; state: {state()}"
        time.sleep(0.3)


@pytest.fixture(scope="module")
def wsettings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A data dir of their own: a worker's boot recovery must not pick up (and, with a
    fault delay, stall on) half-finished work other tests left in the shared database."""
    return Settings(data_dir=tmp_path_factory.mktemp("scout-worker"))


@pytest.fixture(scope="module")
def wrt(wsettings: Settings) -> Iterator[Runtime]:
    runtime = Runtime.start(wsettings, upgrade=True)
    yield runtime
    runtime.close()


@pytest.fixture
def celery_client(wrt: Runtime) -> Iterator[httpx.AsyncClient]:
    rt = wrt
    app = create_app(runtime=rt, dispatch="celery")
    yield httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://scout.test")
    app.state.processor.close()


async def _project_status(client: httpx.AsyncClient, tenant: Tenant, pid: str) -> str:
    r = await client.get(f"/v1/projects/{pid}", headers=tenant.headers)
    return str(r.json()["status"])


async def _await_status(
    client: httpx.AsyncClient, tenant: Tenant, pid: str, status: str, timeout: float = 180
) -> None:
    deadline = time.monotonic() + timeout
    while await _project_status(client, tenant, pid) != status:
        assert time.monotonic() < deadline, f"project never reached {status}"
        time.sleep(0.5)


async def test_worker_processes_and_survives_sigkill(
    celery_client: httpx.AsyncClient, wrt: Runtime, wsettings: Settings, tmp_path: Path
) -> None:
    rt, settings = wrt, wsettings
    client = celery_client
    tenant = _pool(rt, tmp_path)
    with worker(settings, SCOUT_FAULT_STEP_DELAY="evaluation=60") as first:
        r = await client.post(
            "/v1/projects", json={"text": REQUEST + " Senior, in Berlin."}, headers=tenant.headers
        )
        assert r.status_code == 201
        pid = r.json()["id"]
        # The API answered at once; the worker does the work.
        await _await_status(client, tenant, pid, "awaiting_approval")
        approval = (await client.get("/v1/approvals", headers=tenant.headers)).json()["items"][0]
        r = await client.post(
            f"/v1/approvals/{approval['id']}", json={"decision": "approve"}, headers=tenant.headers
        )
        assert r.status_code == 200
        wait_for(
            lambda: ("evaluation", "running") in _counts(rt, pid)["steps"],  # type: ignore[operator]
            what="the evaluation step to start",
            state=lambda: _counts(rt, pid),
        )
        first.send_signal(signal.SIGKILL)
        first.wait()
    with worker(settings):
        await _await_status(client, tenant, pid, "calibration_ready")
    after = _counts(rt, pid)
    assert all(status == "done" for _, status in after["steps"])  # type: ignore[attr-defined]
    kinds = after["kinds"]
    assert isinstance(kinds, dict)
    assert kinds["ready"] == 1 and kinds["approval"] == 1 and kinds["proposal"] == 1


async def test_queued_work_survives_a_redis_restart_and_duplicates(
    celery_client: httpx.AsyncClient, wrt: Runtime, wsettings: Settings, tmp_path: Path
) -> None:
    rt, settings = wrt, wsettings
    client = celery_client
    tenant = _pool(rt, tmp_path)
    # No worker yet: the request is queued in Redis (and marked queued in Postgres).
    r = await client.post(
        "/v1/projects", json={"text": REQUEST + " Senior, in Berlin."}, headers=tenant.headers
    )
    pid = r.json()["id"]
    assert (await _project_status(client, tenant, pid)) == "intake"
    # The same task delivered twice more, as a broker might.
    celery = make_celery(rt.stack.redis_url)
    assistant = (await mailbox(client, tenant))[0]
    from app.db import transaction
    from app.models import MailboxMessage

    with transaction(rt.sessions) as s:
        msg = s.get(MailboxMessage, uuid.UUID(assistant["id"]))
        assert msg is not None
        assistant_id = str(msg.assistant_id)
    for _ in range(2):
        celery.send_task("scout.mailbox.process", args=[assistant_id], queue="long")

    redis_server = next(h for h in rt.stack._handles if hasattr(h, "socket"))
    # Restart the embedded Redis: what was queued must still be there afterwards.
    import redis as redis_lib

    client_r = redis_lib.Redis(unix_socket_path=str(redis_server.socket))
    with suppress(redis_lib.ConnectionError):  # shutting down drops the connection
        client_r.shutdown(save=True)
    client_r.close()
    time.sleep(0.5)
    redis_server.start()
    assert rt.redis.ping()

    with worker(settings):
        await _await_status(client, tenant, pid, "awaiting_approval")
    counts = _counts(rt, pid)
    kinds = counts["kinds"]
    assert isinstance(kinds, dict)
    assert kinds["proposal"] == 1 and kinds["approval"] == 1 and kinds["plan"] == 1
