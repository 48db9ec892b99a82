"""Live push: GET /v1/events against a real uvicorn server, the embedded Postgres and Redis.

Streaming needs a real server (ASGITransport buffers a response until it ends), so a
module-wide uvicorn runs in a thread; the kill test runs the API as its own process.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from sqlalchemy import func, select

from app.config import Settings
from app.db import make_sessionmaker, transaction
from app.events import CHANNEL, bind_wakeups, publish
from app.events.hub import EventHub
from app.main import create_app
from app.models.event import Event
from app.runtime import Runtime
from tests.conftest import REPO_ROOT, Tenant
from tests.sse_app import with_events
from tests.sse_client import SSEClient

POLL_S = 1.0


class ServerThread:
    """uvicorn on 127.0.0.1 with an ephemeral port, in a background thread."""

    def __init__(self, app: FastAPI) -> None:
        config = uvicorn.Config(
            app,
            host="127.0.0.1",
            port=0,
            lifespan="off",
            log_level="warning",
            timeout_graceful_shutdown=1,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.02)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture(scope="module")
def hub(rt: Runtime) -> Iterator[EventHub]:
    bind_wakeups(rt.sessions, rt.redis)
    hub = EventHub(rt.sessions, rt.redis, poll_s=POLL_S, heartbeat_s=1.0, page_size=50)
    yield hub
    hub.stop()


@pytest.fixture(scope="module")
def base_url(rt: Runtime, hub: EventHub) -> Iterator[str]:
    app = with_events(create_app(runtime=rt), hub)
    try:
        with ServerThread(app) as url:
            yield url
            hub.stop()  # ends open streams, so uvicorn need not wait for them
    finally:
        app.state.processor.close()


def emit(rt: Runtime, tenant: Tenant, n: int = 1, kind: str = "progress") -> list[int]:
    with transaction(rt.sessions) as session:
        return [
            publish(
                session,
                recruiter_id=tenant.recruiter.id,
                org_id=tenant.org.id,
                kind=kind,
                data={"n": i, "text": "line one\nline two"},
            )
            for i in range(n)
        ]


def newest_id(rt: Runtime) -> int:
    with rt.sessions() as session:
        return int(session.scalar(select(func.max(Event.id))) or 0)


def sse(base_url: str, tenant: Tenant, last_id: int | None, **kw: Any) -> SSEClient:
    return SSEClient(f"{base_url}/v1/events", tenant.headers, last_id=last_id, **kw)


async def test_replay_then_live_in_order(rt: Runtime, base_url: str, tenant: Tenant) -> None:
    start = newest_id(rt)
    before = emit(rt, tenant, 120)  # more than two pages of 50
    async with sse(base_url, tenant, start) as client:
        replayed = await client.take(120)
        assert [f.id for f in replayed] == before
        assert replayed[0].event == "progress"
        assert replayed[0].data == {"n": 0, "text": "line one\nline two"}
        t0 = time.monotonic()
        live = emit(rt, tenant, 3, kind="plan.step")
        got = await client.take(3)
        assert [f.id for f in got] == live
        # Through the Redis wake-up, well before the catch-up poll would have run.
        assert time.monotonic() - t0 < POLL_S
        await client.quiet_for(0.3)


async def test_reconnect_gets_exactly_what_was_missed(
    rt: Runtime, base_url: str, tenant: Tenant
) -> None:
    start = newest_id(rt)
    first = emit(rt, tenant, 3)
    async with sse(base_url, tenant, start) as client:
        assert [f.id for f in await client.take(3)] == first
        last = client.last_id
    missed = emit(rt, tenant, 4)
    async with sse(base_url, tenant, last) as again:
        assert [f.id for f in await again.take(4)] == missed
        await again.quiet_for(0.5)
    # The query parameter works too (for a first EventSource URL); the header wins over it.
    url = f"{base_url}/v1/events?last_event_id={first[0]}"
    async with SSEClient(url, tenant.headers) as by_query:
        assert [f.id for f in await by_query.take(6)] == first[1:] + missed
    async with SSEClient(url, tenant.headers, last_id=missed[-2]) as both:
        assert [f.id for f in await both.take(1)] == missed[-1:]
        await both.quiet_for(0.3)


async def test_fresh_client_starts_live(rt: Runtime, base_url: str, tenant: Tenant) -> None:
    emit(rt, tenant, 2)
    async with sse(base_url, tenant, None) as client:
        await asyncio.sleep(0.3)  # let the stream position itself at the tail
        live = emit(rt, tenant, 1)
        assert [f.id for f in await client.take(1)] == live
        await client.quiet_for(0.3)


async def test_two_sessions_of_one_recruiter_see_the_same_events(
    rt: Runtime, base_url: str, tenant: Tenant, other_tenant: Tenant
) -> None:
    start = newest_id(rt)
    async with (
        sse(base_url, tenant, start) as tab,
        sse(base_url, tenant, start) as phone,
        sse(base_url, other_tenant, start) as stranger,
    ):
        ids = emit(rt, tenant, 2, kind="mailbox.message")
        assert [f.id for f in await tab.take(2)] == ids
        assert [f.id for f in await phone.take(2)] == ids
        theirs = emit(rt, other_tenant, 1)
        assert [f.id for f in await stranger.take(1)] == theirs
        await stranger.quiet_for(POLL_S + 0.5)  # the catch-up poll brings nothing foreign
        await tab.quiet_for(0.1)


async def test_rolled_back_event_is_never_delivered(
    rt: Runtime, base_url: str, tenant: Tenant
) -> None:
    start = newest_id(rt)
    async with sse(base_url, tenant, start) as client:
        with pytest.raises(RuntimeError), transaction(rt.sessions) as session:
            ghost = publish(
                session, recruiter_id=tenant.recruiter.id, org_id=tenant.org.id, kind="x", data={}
            )
            raise RuntimeError("the change behind the event failed")
        kept = emit(rt, tenant, 1)
        assert kept[0] > ghost
        assert [f.id for f in await client.take(1)] == kept
        await client.quiet_for(POLL_S + 0.5)
    assert ghost not in [f.id for f in client.received]


async def test_lost_wakeup_is_delivered_by_the_catch_up_poll(
    rt: Runtime, base_url: str, tenant: Tenant
) -> None:
    start = newest_id(rt)
    unbound = make_sessionmaker(rt.engine)  # commits here send no Redis wake-up
    async with sse(base_url, tenant, start) as client:
        await asyncio.sleep(0.2)
        with transaction(unbound) as session:
            silent = publish(
                session, recruiter_id=tenant.recruiter.id, org_id=tenant.org.id, kind="x", data={}
            )
        got = await client.take(1, timeout=POLL_S * 3)
        assert [f.id for f in got] == [silent]


async def test_stale_duplicate_and_malformed_wakeups_are_harmless(
    rt: Runtime, base_url: str, tenant: Tenant
) -> None:
    start = newest_id(rt)
    async with sse(base_url, tenant, start) as client:
        first = emit(rt, tenant, 1)
        assert [f.id for f in await client.take(1)] == first
        rid = str(tenant.recruiter.id)
        rt.redis.publish(CHANNEL, json.dumps({"recruiter_id": rid, "id": first[0]}))
        rt.redis.publish(CHANNEL, json.dumps({"recruiter_id": rid, "id": 1}))
        rt.redis.publish(CHANNEL, b"not json")
        await client.quiet_for(0.3)
        # The server still serves, and the hub thread still relays wake-ups.
        async with httpx.AsyncClient(base_url=base_url, timeout=2) as http:
            assert (await http.get("/healthz")).status_code == 200
        t0 = time.monotonic()
        later = emit(rt, tenant, 1)
        assert [f.id for f in await client.take(1)] == later
        assert time.monotonic() - t0 < POLL_S


async def test_later_commit_of_a_lower_id_is_not_skipped(
    rt: Runtime, base_url: str, tenant: Tenant
) -> None:
    """Ids are taken at insert but become visible at commit: the stream must hold 'b' back
    until 'a' (a lower id, committed later) is visible, or a resuming client would skip 'a'."""
    start = newest_id(rt)
    async with sse(base_url, tenant, start) as client:
        slow = rt.sessions()
        try:
            a = publish(
                slow, recruiter_id=tenant.recruiter.id, org_id=tenant.org.id, kind="x", data={}
            )
            b = emit(rt, tenant, 1)[0]
            assert b > a
            await client.quiet_for(POLL_S + 0.5)
            slow.commit()
        finally:
            slow.close()
        assert [f.id for f in await client.take(2)] == [a, b]


async def test_heartbeat_and_errors(rt: Runtime, base_url: str, tenant: Tenant) -> None:
    async with sse(base_url, tenant, newest_id(rt)) as client:
        await asyncio.sleep(1.5)
        assert client.pings >= 1
    async with httpx.AsyncClient(base_url=base_url) as http:
        assert (await http.get("/v1/events")).status_code == 401
        bad = await http.get("/v1/events", headers={"Authorization": "Bearer sct_nope"})
        assert bad.status_code == 401
        r = await http.get("/v1/events", headers={**tenant.headers, "Last-Event-ID": "abc"})
        assert r.status_code == 422
        assert "Last-Event-ID" in r.json()["error"]


async def test_access_token_query_and_recent_json(
    rt: Runtime, base_url: str, tenant: Tenant, other_tenant: Tenant
) -> None:
    start = newest_id(rt)
    ids = emit(rt, tenant, 3)
    emit(rt, other_tenant, 2)
    url = f"{base_url}/v1/events?access_token={tenant.token}&last_event_id={start}"
    async with SSEClient(url, {}) as client:
        assert [f.id for f in await client.take(3)] == ids
    async with httpx.AsyncClient(base_url=base_url, headers=tenant.headers) as http:
        page = (await http.get("/v1/events/recent", params={"after": start, "limit": 2})).json()
        assert [e["id"] for e in page["items"]] == ids[:2]
        assert page["settled"] is True
        rest = await http.get("/v1/events/recent", params={"after": page["next_after"]})
        assert [e["id"] for e in rest.json()["items"]] == ids[2:]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_api(settings: Settings, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "SCOUT_DATA_DIR": str(settings.data_dir)}
    cmd = [sys.executable, "-m", "uvicorn", "--factory", "tests.sse_app:create"]
    cmd += [
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--lifespan",
        "off",
        "--log-level",
        "warning",
    ]
    proc = subprocess.Popen(cmd, cwd=REPO_ROOT, env=env)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the API process exited during start-up"
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise AssertionError("the API process did not start")


@pytest.mark.slow
async def test_client_resumes_after_the_api_is_killed(
    rt: Runtime, settings: Settings, tenant: Tenant
) -> None:
    port = _free_port()
    api = await asyncio.to_thread(_start_api, settings, port)
    try:
        start = newest_id(rt)
        url = f"http://127.0.0.1:{port}/v1/events"
        async with SSEClient(url, tenant.headers, last_id=start, reconnect=True) as client:
            before = emit(rt, tenant, 3)
            assert [f.id for f in await client.take(3)] == before
            api.send_signal(signal.SIGKILL)
            api.wait(10)
            during = emit(rt, tenant, 2)  # the API is down: only Postgres has these
            api = await asyncio.to_thread(_start_api, settings, port)
            assert [f.id for f in await client.take(2, timeout=30)] == during
            after = emit(rt, tenant, 1)
            assert [f.id for f in await client.take(1)] == after
            await client.quiet_for(0.5)
        ids = [f.id for f in client.received]
        assert ids == before + during + after  # in order, nothing twice, nothing lost
        assert client.connects >= 2
    finally:
        if api.poll() is None:
            api.send_signal(signal.SIGKILL)
            api.wait(10)


def test_publish_rejects_a_kind_that_would_break_the_stream(rt: Runtime, tenant: Tenant) -> None:
    with rt.sessions() as session, pytest.raises(ValueError, match="invalid event kind"):
        publish(
            session,
            recruiter_id=tenant.recruiter.id,
            org_id=tenant.org.id,
            kind="progress\ndata: {}",
            data={},
        )


def test_publish_encodes_ids_and_refuses_huge_payloads(rt: Runtime, tenant: Tenant) -> None:
    project_id = uuid.uuid4()
    with transaction(rt.sessions) as session:
        event_id = publish(
            session,
            recruiter_id=tenant.recruiter.id,
            org_id=tenant.org.id,
            kind="candidates.ready",
            data={"project_id": project_id, "count": 3},
        )
    with rt.sessions() as session:
        stored = session.get(Event, event_id)
        assert stored is not None
        assert stored.data == {"project_id": str(project_id), "count": 3}
        with pytest.raises(ValueError, match="keep events under"):
            publish(
                session,
                recruiter_id=tenant.recruiter.id,
                org_id=tenant.org.id,
                kind="reply.delta",
                data={"text": "x" * 70_000},
            )


def test_events_are_scoped_by_recruiter_in_sql(rt: Runtime, tenant: Tenant) -> None:
    """A recruiter id from another organization never matches (org_id is in the filter)."""
    from app.events.service import read_after

    emit(rt, tenant, 1)
    with rt.sessions() as session:
        batch = read_after(
            session, recruiter_id=tenant.recruiter.id, org_id=uuid.uuid4(), after=0, limit=10
        )
    assert batch.events == ()
