"""Steps the outreach tests share: an approved project with candidates in its pipeline."""

from __future__ import annotations

import httpx

from tests.conftest import Tenant
from tests.test_agent_flow import run_conversation


async def project_with_pipeline(
    client: httpx.AsyncClient, team: Tenant, count: int = 2
) -> tuple[str, list[str]]:
    """(project id, candidate ids the recruiter added to the pipeline), best first."""
    project = await run_conversation(client, team)
    pid = project["id"]
    r = await client.get(f"/v1/projects/{pid}/candidates", headers=team.headers)
    assert r.status_code == 200, r.text
    ids = [c["candidate_id"] for c in r.json()["items"]][:count]
    assert len(ids) == count, r.json()
    for cid in ids:
        r = await client.post(
            f"/v1/projects/{pid}/candidates/{cid}", json={"action": "add"}, headers=team.headers
        )
        assert r.status_code == 204, r.text
    return pid, ids


async def pending_outreach(client: httpx.AsyncClient, team: Tenant) -> list[dict]:
    r = await client.get("/v1/approvals", headers=team.headers)
    assert r.status_code == 200, r.text
    return [a for a in r.json()["items"] if a["kind"] == "outreach"]


def reply(to: str, message_id: str, body: str, *, sender: str, subject: str = "Re: hi") -> bytes:
    return (
        f"From: {sender}\r\nTo: scout@localhost\r\nSubject: {subject}\r\n"
        f"Message-ID: {message_id}\r\nIn-Reply-To: {to}\r\nReferences: {to}\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        f"{body}\r\n\r\nOn Monday, Scout wrote:\r\n> Hi there, ...\r\n"
    ).encode()
