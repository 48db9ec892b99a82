"""Dismissed notices are stored per recruiter and announced to every device; nobody can
dismiss (or learn about) another recruiter's messages."""

from __future__ import annotations

import uuid

import httpx

from app.db import transaction
from app.events import service as events
from app.runtime import Runtime
from tests.conftest import Tenant


async def test_dismissals_are_kept_and_announced(
    client: httpx.AsyncClient, tenant: Tenant, other_tenant: Tenant, rt: Runtime
) -> None:
    r = await client.post("/v1/projects", json={"text": "A nurse"}, headers=tenant.headers)
    assert r.status_code == 201, r.text
    mine = [
        m["id"] for m in (await client.get("/v1/mailbox", headers=tenant.headers)).json()["items"]
    ]
    r = await client.post("/v1/projects", json={"text": "A welder"}, headers=other_tenant.headers)
    theirs = [
        m["id"]
        for m in (await client.get("/v1/mailbox", headers=other_tenant.headers)).json()["items"]
    ]
    assert mine and theirs
    with transaction(rt.sessions) as session:
        before = events.settled_tail(session, tenant.recruiter.id) or 0

    r = await client.post(
        "/v1/notices/dismissed",
        json={"message_ids": [mine[0], theirs[0], str(uuid.uuid4())]},
        headers=tenant.headers,
    )
    assert r.status_code == 200 and r.json()["message_ids"] == [mine[0]]
    # A second dismissal of the same notice is harmless.
    r = await client.post(
        "/v1/notices/dismissed", json={"message_ids": [mine[0]]}, headers=tenant.headers
    )
    assert r.status_code == 200
    r = await client.get("/v1/notices/dismissed", headers=tenant.headers)
    assert r.json()["message_ids"] == [mine[0]]
    assert (await client.get("/v1/notices/dismissed", headers=other_tenant.headers)).json()[
        "message_ids"
    ] == []

    with transaction(rt.sessions) as session:
        batch = events.read_after(
            session,
            recruiter_id=tenant.recruiter.id,
            org_id=tenant.org.id,
            after=before,
            limit=50,
        )
    announced = [e.data for e in batch.events if e.kind == "notices.dismissed"]
    assert announced and announced[0]["message_ids"] == [mine[0]]

    r = await client.post("/v1/notices/dismissed", json={"message_ids": []}, headers=tenant.headers)
    assert r.status_code == 422
