"""A send a crash interrupted (the row says `sending`, no result was ever recorded): shown
as "outcome unknown", never sent again on a guess, and settled by the recruiter — it was
sent (contacted, follow-ups dated, nothing more leaves) or send it again (the same
Message-ID, exactly one more copy). Against a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import text

from app.db import transaction
from app.outreach.sending import send_due
from app.runtime import Runtime
from tests.conftest import Tenant
from tests.mail_servers import Inbox
from tests.outreach_flow import pending_outreach, project_with_pipeline


async def _firsts(client: httpx.AsyncClient, team: Tenant, pid: str) -> dict[str, dict]:
    r = await client.get("/v1/outreach/outbox", params={"project_id": pid}, headers=team.headers)
    assert r.status_code == 200, r.text
    return {m["id"]: m for m in r.json()["items"] if m["kind"] == "first"}


def _interrupt(rt: Runtime, message_id: str, minutes_ago: int) -> None:
    """What a sender killed mid-conversation leaves: claimed, `sending`, no result."""
    with transaction(rt.sessions) as session:
        session.execute(
            text(
                "UPDATE outreach_messages SET status = 'sending', attempts = attempts + 1,"
                " sent_at = now() - make_interval(mins => :m), due_at = NULL WHERE id = :id"
            ),
            {"m": minutes_ago, "id": message_id},
        )


async def test_interrupted_send_is_settled_by_the_recruiter(
    client: httpx.AsyncClient, team: Tenant, other_tenant: Tenant, rt: Runtime, smtp: Inbox
) -> None:
    pid, ids = await project_with_pipeline(client, team, count=2)
    r = await client.post(
        f"/v1/projects/{pid}/outreach", json={"candidate_ids": ids}, headers=team.headers
    )
    assert r.status_code == 202, r.text
    [batch] = await pending_outreach(client, team)
    smtp.fail_next = 2  # both first messages wait in `failed`, nothing delivered yet
    r = await client.post(
        f"/v1/outreach/approvals/{batch['id']}", json={"decision": "approve"}, headers=team.headers
    )
    assert r.status_code == 200, r.text
    assert smtp.messages == []
    first_a, first_b = sorted(await _firsts(client, team, pid))
    _interrupt(rt, first_a, minutes_ago=60)
    _interrupt(rt, first_b, minutes_ago=1)

    firsts = await _firsts(client, team, pid)
    assert firsts[first_a]["status_note"].startswith("outcome unknown")
    assert not firsts[first_b]["status_note"].startswith("outcome unknown")  # maybe just slow
    # Never resent on a guess: the sender does not pick either up, however late it is.
    # (Only these two: the session's database holds other tests' mail too.)
    late = datetime.now(UTC) + timedelta(days=1)
    both = [uuid.UUID(first_a), uuid.UUID(first_b)]
    assert send_due(rt.sessions, rt.settings, both, now=late) == {}
    assert smtp.messages == []

    url = "/v1/outreach/messages/{}/outcome"
    r = await client.post(url.format(first_b), json={"outcome": "sent"}, headers=team.headers)
    assert r.status_code == 409 and "being sent" in r.json()["error"], r.text
    r = await client.post(
        url.format(first_a), json={"outcome": "sent"}, headers=other_tenant.headers
    )
    assert r.status_code == 404, r.text
    r = await client.post(url.format(first_a), json={"outcome": "maybe"}, headers=team.headers)
    assert r.status_code == 422, r.text

    # "Send it again": exactly one copy leaves, with the Message-ID the first attempt had.
    r = await client.post(url.format(first_a), json={"outcome": "send_again"}, headers=team.headers)
    assert r.status_code == 200, r.text
    again = r.json()
    assert again["status"] == "sent", again
    [mail] = smtp.messages
    assert mail["Message-ID"] == again["header_message_id"]
    # Settled: a second answer changes nothing and sends nothing.
    r = await client.post(url.format(first_a), json={"outcome": "send_again"}, headers=team.headers)
    assert r.status_code == 409, r.text
    assert len(smtp.messages) == 1

    # "It was sent": nothing leaves; the candidate is contacted and follow-ups get dates.
    _interrupt(rt, first_b, minutes_ago=60)
    r = await client.post(url.format(first_b), json={"outcome": "sent"}, headers=team.headers)
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "sent"
    assert len(smtp.messages) == 1
    r = await client.get(f"/v1/projects/{pid}/candidates", headers=team.headers)
    stages = {c["candidate_id"]: c["stage"] for c in r.json()["items"]}
    assert stages[ids[0]] == stages[ids[1]] == "contacted"
    r = await client.get("/v1/outreach/outbox", params={"project_id": pid}, headers=team.headers)
    followups = [m for m in r.json()["items"] if m["kind"] == "followup"]
    assert followups and all(m["due_at"] for m in followups if m["status"] == "approved")
    r = await client.get(
        "/v1/audit", params={"action": "outreach.outcome_resolved"}, headers=team.headers
    )
    assert r.status_code == 200, r.text
    assert len(r.json()["items"]) == 2
