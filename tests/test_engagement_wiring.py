"""The engagement pieces hold together: a candidate the recruiter took over gets no draft
and no automatic follow-up until handed back; sends and stage moves land in the audit log
and in the learning agent's signals."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import select

from app.models import Signal
from app.outreach.sending import send_due
from app.runtime import Runtime
from tests.conftest import Tenant
from tests.mail_servers import Inbox
from tests.outreach_flow import pending_outreach, project_with_pipeline


async def _audit(client: httpx.AsyncClient, team: Tenant) -> list[dict]:
    r = await client.get("/v1/audit", headers=team.headers)
    assert r.status_code == 200, r.text
    return r.json()["items"]


async def test_taken_over_candidate_gets_no_draft_and_no_followup(
    client: httpx.AsyncClient, team: Tenant, rt: Runtime, smtp: Inbox
) -> None:
    pid, (kept, taken) = await project_with_pipeline(client, team, count=2)
    base = f"/v1/projects/{pid}/candidates"
    r = await client.post(f"{base}/{taken}/take-over", headers=team.headers)
    assert r.status_code == 200 and r.json()["paused"], r.text

    r = await client.post(
        f"/v1/projects/{pid}/outreach", json={"candidate_ids": [kept, taken]}, headers=team.headers
    )
    assert r.status_code == 202, r.text
    (batch,) = await pending_outreach(client, team)
    assert batch["payload"]["count"] == 1  # the taken-over candidate got no draft
    r = await client.post(
        f"/v1/approvals/{batch['id']}", json={"decision": "approve"}, headers=team.headers
    )
    assert r.status_code == 200, r.text
    assert len(smtp.messages) == 1

    sent = [a for a in await _audit(client, team) if a["action"] == "outreach.sent"]
    assert [a["subject"] for a in sent] == [f"candidate:{kept}"]
    with rt.sessions() as s:
        kinds = s.scalars(
            select(Signal.kind).where(
                Signal.project_id == uuid.UUID(pid), Signal.kind == "message_sent"
            )
        ).all()
    assert list(kinds) == ["message_sent"]

    # Now the recruiter takes over the one who was written to: the follow-up waits.
    r = await client.post(f"{base}/{kept}/take-over", headers=team.headers)
    assert r.status_code == 200, r.text
    later = datetime.now(UTC) + timedelta(days=8)
    # Only this project's mail: the session's database holds other tests' follow-ups too.
    r = await client.get("/v1/outreach/outbox", params={"project_id": pid}, headers=team.headers)
    mine = [uuid.UUID(m["id"]) for m in r.json()["items"]]
    send_due(rt.sessions, rt.settings, mine, now=later)
    assert len(smtp.messages) == 1
    r = await client.get(f"{base}/{kept}/thread", headers=team.headers)
    followups = [i["message"] for i in r.json()["items"]
                 if i["message"] and i["message"]["kind"] == "followup"]  # fmt: skip
    assert followups and followups[0]["status"] not in ("sent", "cancelled")

    # Handed back: it goes at the next look.
    r = await client.delete(f"{base}/{kept}/take-over", headers=team.headers)
    assert r.status_code == 200 and not r.json()["paused"], r.text
    counts = send_due(rt.sessions, rt.settings, mine, now=later + timedelta(hours=2))
    assert counts.get("sent") == 1, counts
    assert len(smtp.messages) == 2


async def test_stage_moves_are_audited_and_signalled(
    client: httpx.AsyncClient, team: Tenant, rt: Runtime
) -> None:
    pid, (cid, _) = await project_with_pipeline(client, team, count=2)
    r = await client.post(
        f"/v1/projects/{pid}/candidates/{cid}/stage",
        json={"stage": "submitted"},
        headers=team.headers,
    )
    assert r.status_code in (200, 204), r.text
    moves = [a for a in await _audit(client, team) if a["action"] == "candidate.stage_changed"]
    assert any(a["detail"].get("to") == "submitted" and a["subject"] == f"candidate:{cid}"
               for a in moves), moves  # fmt: skip
    with rt.sessions() as s:
        stages = s.scalars(
            select(Signal.data).where(Signal.project_id == uuid.UUID(pid), Signal.kind == "stage")
        ).all()
    assert {"from": "pipeline", "to": "submitted"} in list(stages)
