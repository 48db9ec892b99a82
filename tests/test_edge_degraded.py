"""Postgres or Redis down at the edge: 503 with Retry-After, and no bare 500 after a commit.

Each test builds its own app around a runtime whose dead dependency is a real client
pointed at a closed port (what the API sees when the server is stopped); the shared
session stack is untouched.
"""

from __future__ import annotations

import socket
import uuid
from collections.abc import AsyncIterator
from dataclasses import replace

import httpx
import pytest
import redis
from sqlalchemy import func, select

from app.db import make_engine, make_sessionmaker, transaction
from app.dispatch import CeleryDispatcher
from app.main import create_app
from app.models import MailboxMessage, Project
from app.runtime import Runtime
from app.worker.celery_app import make_celery
from tests.conftest import Tenant

REQUEST = "I need a Python data scientist with machine learning and SQL, pandas a must."


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _client(app) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://scout.test") as c:
        yield c


@pytest.fixture
async def redis_down(rt: Runtime) -> AsyncIterator[httpx.AsyncClient]:
    """The app as `scout up` runs it (Celery dispatch) with the broker and Redis gone."""
    port = closed_port()
    dead = redis.Redis(host="127.0.0.1", port=port, socket_connect_timeout=1)
    runtime = replace(rt, redis=dead)
    app = create_app(runtime=runtime)
    app.state.dispatcher = CeleryDispatcher(make_celery(f"redis://127.0.0.1:{port}/0"))
    async for c in _client(app):
        yield c
    dead.close()


@pytest.fixture
async def postgres_down(rt: Runtime) -> AsyncIterator[httpx.AsyncClient]:
    engine = make_engine(f"postgresql+psycopg://scout@127.0.0.1:{closed_port()}/scout")
    runtime = replace(rt, engine=engine, sessions=make_sessionmaker(engine))
    app = create_app(runtime=runtime)
    async for c in _client(app):
        yield c
    engine.dispose()


async def test_redis_down_a_saved_project_is_a_201_and_a_retry_creates_nothing(
    redis_down: httpx.AsyncClient, tenant: Tenant, rt: Runtime
) -> None:
    headers = {**tenant.headers, "Idempotency-Key": str(uuid.uuid4())}
    first = await redis_down.post("/v1/projects", json={"text": REQUEST}, headers=headers)
    # The row was committed before the publish failed: the answer says so, the reconciler
    # enqueues the work when Redis is back (its request message is still queued).
    assert first.status_code == 201, first.text
    pid = uuid.UUID(first.json()["id"])
    second = await redis_down.post("/v1/projects", json={"text": REQUEST}, headers=headers)
    assert second.status_code == 201 and second.json()["id"] == str(pid)
    with transaction(rt.sessions) as session:
        projects = session.scalar(
            select(func.count()).select_from(Project).where(Project.org_id == tenant.org.id)
        )
        queued = session.scalar(
            select(func.count())
            .select_from(MailboxMessage)
            .where(MailboxMessage.project_id == pid, MailboxMessage.status == "queued")
        )
    assert projects == 1
    assert queued == 1


async def test_redis_down_a_message_is_a_202_not_a_500(
    redis_down: httpx.AsyncClient, client: httpx.AsyncClient, tenant: Tenant
) -> None:
    pid = (
        await client.post("/v1/projects", json={"text": REQUEST}, headers=tenant.headers)
    ).json()["id"]
    r = await redis_down.post(
        f"/v1/projects/{pid}/messages", json={"text": "Berlin"}, headers=tenant.headers
    )
    assert r.status_code == 202, r.text
    assert r.json()["status"] == "queued"


async def test_redis_down_metrics_is_a_503_with_retry_after(
    redis_down: httpx.AsyncClient,
) -> None:
    r = await redis_down.get("/metrics")
    assert r.status_code == 503
    assert int(r.headers["retry-after"]) > 0
    assert "Redis" in r.json()["error"]


async def test_postgres_down_is_a_503_with_retry_after(
    postgres_down: httpx.AsyncClient, tenant: Tenant
) -> None:
    for method, url, kwargs in [
        ("GET", "/v1/projects", {}),
        ("GET", "/v1/candidates/search?q=python", {}),
        ("POST", "/v1/projects", {"json": {"text": REQUEST}}),
    ]:
        r = await postgres_down.request(method, url, headers=tenant.headers, **kwargs)
        assert r.status_code == 503, (url, r.text)
        assert int(r.headers["retry-after"]) > 0
        assert "database is unavailable" in r.json()["error"]


async def test_postgres_down_an_idempotent_post_is_a_503_too(
    postgres_down: httpx.AsyncClient, tenant: Tenant
) -> None:
    headers = {**tenant.headers, "Idempotency-Key": str(uuid.uuid4())}
    r = await postgres_down.post("/v1/projects", json={"text": REQUEST}, headers=headers)
    assert r.status_code == 503
    assert r.headers["retry-after"]
