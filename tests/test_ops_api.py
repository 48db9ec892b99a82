"""Health, tokens (list, revoke, expiry), rate limits and the audit log, on the real stack."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import select

from app.db import transaction
from app.main import create_app
from app.models import ApiToken, AuditRecord
from app.orgs.service import create_token
from app.runtime import Runtime
from app.worker.heartbeat import Heartbeat
from tests.conftest import Tenant


async def test_healthz_and_readyz_inline(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    r = await client.get("/readyz")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "ready"
    # Inline dispatch does its work in the API process: no worker is asked for.
    assert set(body["components"]) == {"postgres", "redis"}
    assert all(c["ok"] for c in body["components"].values())


async def test_readyz_needs_live_worker_and_scheduler_with_celery(rt: Runtime) -> None:
    app = create_app(runtime=rt, dispatch="celery")
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            r = await c.get("/readyz")
            assert r.status_code == 503 and r.headers["Retry-After"]
            comps = r.json()["components"]
            assert comps["postgres"]["ok"] and comps["redis"]["ok"]
            assert not comps["worker"]["ok"] and "no live worker" in comps["worker"]["detail"]

            worker = Heartbeat(rt.redis, "worker", name="test-w-" + uuid.uuid4().hex[:6])
            scheduler = Heartbeat(rt.redis, "scheduler", name="test-s-" + uuid.uuid4().hex[:6])
            assert worker.beat() and scheduler.beat()
            r = await c.get("/readyz")
            assert r.status_code == 200, r.text
            assert r.json()["components"]["worker"]["live"] == [worker.key.rsplit(":", 1)[1]]
            # A clean stop removes the key at once: not ready again without waiting for TTL.
            worker.stop()
            scheduler.stop()
            assert (await c.get("/readyz")).status_code == 503
    finally:
        app.state.processor.close()


async def test_list_and_revoke_own_tokens(
    client: httpx.AsyncClient, rt: Runtime, tenant: Tenant, other_tenant: Tenant
) -> None:
    with transaction(rt.sessions) as s:
        second = create_token(s, tenant.recruiter, "laptop")
    r = await client.get("/v1/tokens", headers=tenant.headers)
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    assert {t["label"] for t in items} == {"test", "laptop"}
    assert all("token_hash" not in t and t["active"] for t in items)
    laptop = next(t for t in items if t["label"] == "laptop")
    assert second.startswith(laptop["prefix"])

    # Another organization's recruiter can neither see nor revoke it.
    theirs = (await client.get("/v1/tokens", headers=other_tenant.headers)).json()["items"]
    assert laptop["id"] not in {t["id"] for t in theirs}
    r = await client.delete(f"/v1/tokens/{laptop['id']}", headers=other_tenant.headers)
    assert r.status_code == 404

    r = await client.delete(f"/v1/tokens/{laptop['id']}", headers=tenant.headers)
    assert r.status_code == 200 and r.json()["active"] is False
    second_headers = {"Authorization": f"Bearer {second}"}
    assert (await client.get("/v1/tokens", headers=second_headers)).status_code == 401
    # Idempotent: revoking again changes nothing and records nothing more.
    assert (await client.delete(f"/v1/tokens/{laptop['id']}", headers=tenant.headers)).is_success
    r = await client.get("/v1/audit", headers=tenant.headers, params={"action": "token.revoked"})
    entries = r.json()["items"]
    assert len(entries) == 1 and entries[0]["subject"] == f"token:{laptop['id']}"
    assert entries[0]["actor"] == tenant.recruiter.email
    # The other organization's log does not show it.
    r = await client.get("/v1/audit", headers=other_tenant.headers)
    assert r.json()["items"] == []


async def test_expired_token_is_refused(
    client: httpx.AsyncClient, rt: Runtime, tenant: Tenant
) -> None:
    with transaction(rt.sessions) as s:
        soon = create_token(s, tenant.recruiter, "soon", datetime.now(UTC) + timedelta(hours=1))
        gone = create_token(s, tenant.recruiter, "gone", datetime.now(UTC) - timedelta(seconds=1))
    assert (await client.get("/v1/tokens", headers={"Authorization": f"Bearer {soon}"})).is_success
    r = await client.get("/v1/tokens", headers={"Authorization": f"Bearer {gone}"})
    assert r.status_code == 401
    listed = (await client.get("/v1/tokens", headers=tenant.headers)).json()["items"]
    assert {t["label"]: t["active"] for t in listed}["gone"] is False


async def test_search_is_rate_limited_per_token(
    client: httpx.AsyncClient, rt: Runtime, team: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rt.settings, "rate_limit_search", 3)
    with transaction(rt.sessions) as s:
        other = create_token(s, team.recruiter, "second")
    for _ in range(3):
        r = await client.get("/v1/candidates/search", params={"q": "python"}, headers=team.headers)
        assert r.status_code == 200, r.text
    r = await client.get("/v1/candidates/search", params={"q": "python"}, headers=team.headers)
    assert r.status_code == 429
    assert 1 <= int(r.headers["Retry-After"]) <= rt.settings.rate_limit_window_s
    assert "rate limit" in r.json()["error"]
    # Per token: the same recruiter's other token has its own window.
    r = await client.get(
        "/v1/candidates/search",
        params={"q": "python"},
        headers={"Authorization": f"Bearer {other}"},
    )
    assert r.status_code == 200


def test_token_rows_keep_expiry(rt: Runtime, tenant: Tenant) -> None:
    at = datetime.now(UTC) + timedelta(days=3)
    with transaction(rt.sessions) as s:
        create_token(s, tenant.recruiter, "x", at)
    with transaction(rt.sessions) as s:
        row = s.scalar(
            select(ApiToken).where(
                ApiToken.label == "x", ApiToken.recruiter_id == tenant.recruiter.id
            )
        )
        assert row is not None and row.expires_at is not None
        assert abs((row.expires_at - at).total_seconds()) < 1
        assert s.scalar(select(AuditRecord).where(AuditRecord.org_id == tenant.org.id)) is None


async def test_import_is_rate_limited(
    client: httpx.AsyncClient, rt: Runtime, tenant: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rt.settings, "rate_limit_import", 1)
    files = {"files": ("a.txt", b"Data engineer. Python, SQL, Airflow. Berlin.", "text/plain")}
    r = await client.post("/v1/candidates/import", files=files, headers=tenant.headers)
    assert r.status_code == 200, r.text
    r = await client.post("/v1/candidates/import", files=files, headers=tenant.headers)
    assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 1
    # Refused before the import ran: the second request imported nothing.
    listed = (await client.get("/v1/candidates", headers=tenant.headers)).json()["items"]
    assert len(listed) == 1
