"""Idempotency-Key on the POSTs that create or send: a retry creates nothing.

Real app, real Postgres/Redis; the in-flight case is a real row in `idempotency_keys`, as a
concurrent first request leaves it.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import httpx
from sqlalchemy import func, select, update

from app.db import transaction
from app.idempotency import repository
from app.models import Approval, Candidate, IdempotencyKey, MailboxMessage, Project
from app.models.base import utcnow
from app.runtime import Runtime
from tests.conftest import Tenant

REQUEST = "I need a Python data scientist with machine learning and SQL, pandas a must."


def _count(rt: Runtime, model, *where) -> int:  # type: ignore[no-untyped-def]
    with transaction(rt.sessions) as session:
        return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def _key(tenant: Tenant, key: str) -> dict[str, str]:
    return {**tenant.headers, "Idempotency-Key": key}


async def test_a_retried_project_post_returns_the_first_answer_and_creates_nothing(
    client: httpx.AsyncClient, tenant: Tenant, rt: Runtime
) -> None:
    key = str(uuid.uuid4())
    first = await client.post("/v1/projects", json={"text": REQUEST}, headers=_key(tenant, key))
    assert first.status_code == 201, first.text
    second = await client.post("/v1/projects", json={"text": REQUEST}, headers=_key(tenant, key))
    assert second.status_code == 201
    assert second.json() == first.json()
    assert second.headers["idempotent-replayed"] == "true"
    assert _count(rt, Project, Project.org_id == tenant.org.id) == 1
    # Without a key, the same body is a new project: the key is what makes a retry a retry.
    third = await client.post("/v1/projects", json={"text": REQUEST}, headers=tenant.headers)
    assert third.status_code == 201 and third.json()["id"] != first.json()["id"]


async def test_the_same_key_with_another_body_is_a_422(
    client: httpx.AsyncClient, tenant: Tenant, rt: Runtime
) -> None:
    key = str(uuid.uuid4())
    r = await client.post("/v1/projects", json={"text": REQUEST}, headers=_key(tenant, key))
    assert r.status_code == 201
    r = await client.post(
        "/v1/projects", json={"text": REQUEST + " Remote."}, headers=_key(tenant, key)
    )
    assert r.status_code == 422
    assert "Idempotency-Key" in r.json()["error"]
    assert _count(rt, Project, Project.org_id == tenant.org.id) == 1


async def test_keys_are_per_recruiter(
    client: httpx.AsyncClient, tenant: Tenant, other_tenant: Tenant, rt: Runtime
) -> None:
    key = str(uuid.uuid4())
    a = await client.post("/v1/projects", json={"text": REQUEST}, headers=_key(tenant, key))
    b = await client.post("/v1/projects", json={"text": REQUEST}, headers=_key(other_tenant, key))
    assert a.status_code == b.status_code == 201
    assert a.json()["id"] != b.json()["id"]  # another recruiter's key never replays to me


async def test_a_duplicate_while_the_first_is_in_flight_is_a_409(
    client: httpx.AsyncClient, tenant: Tenant, rt: Runtime
) -> None:
    key = str(uuid.uuid4())
    body = b'{"text": "' + REQUEST.encode() + b'"}'
    # A probe request gives the hash this body has; then the key is claimed as a first
    # request holds it while it runs: a row, no answer yet.
    r0 = await client.post(
        "/v1/projects",
        content=body,
        headers={**_key(tenant, "probe-" + key), "Content-Type": "application/json"},
    )
    assert r0.status_code == 201
    with transaction(rt.sessions) as session:
        probe = session.scalars(
            select(IdempotencyKey).where(IdempotencyKey.key == "probe-" + key)
        ).one()
        claim = repository.claim(
            session,
            org_id=tenant.org.id,
            recruiter_id=tenant.recruiter.id,
            key=key,
            method="POST",
            path="/v1/projects",
            request_hash=probe.request_hash,
        )
        assert claim.outcome == "new"
    r = await client.post(
        "/v1/projects",
        content=body,
        headers={**_key(tenant, key), "Content-Type": "application/json"},
    )
    assert r.status_code == 409, r.text
    assert r.headers["retry-after"]
    assert _count(rt, Project, Project.org_id == tenant.org.id) == 1  # only the probe's

    # A first try that died long ago does not block the key forever.
    with transaction(rt.sessions) as session:
        session.execute(
            update(IdempotencyKey)
            .where(IdempotencyKey.id == claim.row_id)
            .values(created_at=utcnow() - timedelta(hours=1))
        )
    r = await client.post(
        "/v1/projects",
        content=body,
        headers={**_key(tenant, key), "Content-Type": "application/json"},
    )
    assert r.status_code == 201
    assert _count(rt, Project, Project.org_id == tenant.org.id) == 2


async def test_a_retried_message_is_one_message(
    client: httpx.AsyncClient, tenant: Tenant, rt: Runtime
) -> None:
    pid = (
        await client.post("/v1/projects", json={"text": REQUEST}, headers=tenant.headers)
    ).json()["id"]
    before = _count(rt, MailboxMessage, MailboxMessage.project_id == uuid.UUID(pid))
    key = str(uuid.uuid4())
    url = f"/v1/projects/{pid}/messages"
    first = await client.post(url, json={"text": "Berlin, senior"}, headers=_key(tenant, key))
    assert first.status_code == 202
    after_first = _count(rt, MailboxMessage, MailboxMessage.project_id == uuid.UUID(pid))
    second = await client.post(url, json={"text": "Berlin, senior"}, headers=_key(tenant, key))
    assert second.status_code == 202
    assert second.json()["id"] == first.json()["id"]
    assert after_first > before
    assert _count(rt, MailboxMessage, MailboxMessage.project_id == uuid.UUID(pid)) == after_first


async def test_a_retried_import_imports_once_even_with_a_new_multipart_boundary(
    client: httpx.AsyncClient, tenant: Tenant, rt: Runtime
) -> None:
    key = str(uuid.uuid4())
    text = b"Priya Sharma\nData engineer in Pune, 6 years of Python, Spark and Airflow.\n"
    files = [("files", ("priya.txt", text, "text/plain"))]
    first = await client.post("/v1/candidates/import", files=files, headers=_key(tenant, key))
    assert first.status_code == 200 and first.json()["imported"] == 1
    # httpx draws a new random boundary for every request, as any client does on a retry.
    second = await client.post("/v1/candidates/import", files=files, headers=_key(tenant, key))
    assert second.status_code == 200
    assert second.json() == first.json()
    assert _count(rt, Candidate, Candidate.org_id == tenant.org.id) == 1


async def test_a_retried_approval_decision_is_decided_once(
    client: httpx.AsyncClient, team: Tenant, rt: Runtime
) -> None:
    r = await client.post("/v1/projects", json={"text": REQUEST}, headers=team.headers)
    pid = r.json()["id"]
    r = await client.post(
        f"/v1/projects/{pid}/messages",
        json={"text": "Senior, based in Berlin, hybrid"},
        headers=team.headers,
    )
    assert r.status_code == 202
    pending = (await client.get("/v1/approvals", headers=team.headers)).json()["items"]
    assert len(pending) == 1
    aid = pending[0]["id"]
    key = str(uuid.uuid4())
    url = f"/v1/approvals/{aid}"
    first = await client.post(url, json={"decision": "approve"}, headers=_key(team, key))
    assert first.status_code == 200, first.text
    second = await client.post(url, json={"decision": "approve"}, headers=_key(team, key))
    assert second.status_code == 200
    assert second.json() == first.json()
    assert second.headers["idempotent-replayed"] == "true"
    assert _count(rt, Approval, Approval.id == uuid.UUID(aid), Approval.status == "approved") == 1


async def test_a_malformed_key_is_a_422(client: httpx.AsyncClient, tenant: Tenant) -> None:
    r = await client.post(
        "/v1/projects", json={"text": REQUEST}, headers=_key(tenant, "with space")
    )
    assert r.status_code == 422
    assert r.json()["field"] == "header.idempotency-key"
