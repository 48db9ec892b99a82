"""Delivery on the real thing: the local outbox when no SMTP is configured, retries with
backoff, bounces, the daily cap, replies by IMAP (pymap), the chat asking for drafts, and
FAQ entries proposed from the ad."""

from __future__ import annotations

import imaplib
from datetime import UTC, datetime, timedelta

import httpx
from pydantic import SecretStr

from app.db import transaction
from app.mail.parse import parse
from app.models import InboundEmail
from app.outreach import inbound
from app.outreach.sending import send_due
from app.runtime import Runtime
from tests.conftest import Tenant
from tests.mail_servers import Inbox, start_imap
from tests.outreach_flow import pending_outreach, project_with_pipeline, reply
from tests.test_agent_flow import mailbox


async def _outbox(client: httpx.AsyncClient, team: Tenant, pid: str) -> dict:
    r = await client.get("/v1/outreach/outbox", params={"project_id": pid}, headers=team.headers)
    assert r.status_code == 200, r.text
    return r.json()


async def _approve_all(client: httpx.AsyncClient, team: Tenant, pid: str, ids: list[str]) -> None:
    r = await client.post(
        f"/v1/projects/{pid}/outreach", json={"candidate_ids": ids}, headers=team.headers
    )
    assert r.status_code == 202, r.text
    [batch] = await pending_outreach(client, team)
    r = await client.post(
        f"/v1/outreach/approvals/{batch['id']}", json={"decision": "approve"}, headers=team.headers
    )
    assert r.status_code == 200, r.text


async def test_no_smtp_means_a_local_outbox_marked_not_sent(
    client: httpx.AsyncClient, team: Tenant, rt: Runtime
) -> None:
    assert rt.settings.smtp_url is None
    pid, ids = await project_with_pipeline(client, team, count=1)
    await _approve_all(client, team, pid, ids)
    box = await _outbox(client, team, pid)
    assert "nothing here has been sent" in box["not_sent_note"]
    first = [m for m in box["items"] if m["kind"] == "first"]
    assert [m["status"] for m in first] == ["would_send"]
    assert first[0]["status_note"].startswith("NOT SENT")


async def test_retry_with_backoff_and_bounce(
    client: httpx.AsyncClient, team: Tenant, rt: Runtime, smtp: Inbox
) -> None:
    pid, ids = await project_with_pipeline(client, team, count=3)
    smtp.fail_next = 1  # the first DATA is answered 451 (transient)
    refused = "bruno@example.org"
    smtp.refuse = {refused}  # 550 on RCPT (permanent)
    await _approve_all(client, team, pid, ids)
    firsts = [m for m in (await _outbox(client, team, pid))["items"] if m["kind"] == "first"]
    by_status = {m["status"]: m for m in firsts}
    assert set(by_status) == {"sent", "failed", "bounced"}, firsts
    failed = by_status["failed"]
    assert failed["attempts"] == 1 and "451" in failed["last_error"]
    assert datetime.fromisoformat(failed["due_at"]) > datetime.now(UTC)  # backoff
    assert "refused" in by_status["bounced"]["last_error"]
    before = len(smtp.messages)
    # Due again after the backoff: sent, once; the bounce is never retried.
    counts = send_due(rt.sessions, rt.settings, now=datetime.now(UTC) + timedelta(minutes=5))
    assert counts == {"sent": 1}, counts
    assert send_due(rt.sessions, rt.settings, now=datetime.now(UTC) + timedelta(hours=6)) == {}
    firsts = [m for m in (await _outbox(client, team, pid))["items"] if m["kind"] == "first"]
    assert sorted(m["status"] for m in firsts) == ["bounced", "sent", "sent"]
    assert [m["attempts"] for m in firsts if m["id"] == failed["id"]] == [2]
    assert len(smtp.messages) == before + 1
    ids_out = [m["Message-ID"] for m in smtp.messages]
    assert len(ids_out) == len(set(ids_out)) == 2


async def test_cap_holds_until_tomorrow(
    client: httpx.AsyncClient, team: Tenant, rt: Runtime, smtp: Inbox
) -> None:
    await client.put("/v1/outreach/style", json={"daily_cap": 1}, headers=team.headers)
    pid, ids = await project_with_pipeline(client, team, count=2)
    await _approve_all(client, team, pid, ids)
    assert len(smtp.messages) == 1
    box = await _outbox(client, team, pid)
    held = [m for m in box["items"] if m["kind"] == "first" and m["status"] == "approved"]
    assert len(held) == 1 and "daily cap of 1" in held[0]["last_error"]
    assert send_due(rt.sessions, rt.settings) == {}
    tomorrow = datetime.now(UTC) + timedelta(days=1, minutes=1)
    assert send_due(rt.sessions, rt.settings, now=tomorrow) == {"sent": 1}
    assert len(smtp.messages) == 2


async def test_reply_by_imap_and_chat_asks_for_drafts(
    client: httpx.AsyncClient, team: Tenant, rt: Runtime, smtp: Inbox, app
) -> None:  # type: ignore[no-untyped-def]
    pid, _ = await project_with_pipeline(client, team, count=2)
    # The chat asks: the supervisor plans an outreach step and the drafts become an approval.
    r = await client.post(
        f"/v1/projects/{pid}/messages",
        json={"text": "Please draft messages to my pipeline"},
        headers=team.headers,
    )
    assert r.status_code == 202, r.text
    [batch] = await pending_outreach(client, team)
    assert batch["payload"]["count"] == 2
    assert smtp.messages == []
    r = await client.post(
        f"/v1/outreach/approvals/{batch['id']}",
        json={"decision": "approve", "message_ids": [batch["payload"]["messages"][0]["id"]]},
        headers=team.headers,
    )
    assert r.status_code == 200, r.text
    assert len(smtp.messages) == 1  # only the one approved
    assert await pending_outreach(client, team)  # the other still waits

    proc, port = start_imap("scout", "pw")
    try:
        sent = smtp.messages[0]
        with imaplib.IMAP4("127.0.0.1", port) as imap:
            imap.login("scout", "pw")
            raw = reply(sent["Message-ID"], "<imap1@cand>", "I'm interested, can we talk "
                        "on Tuesday at 3pm?", sender=sent["To"])  # fmt: skip
            imap.append("INBOX", None, None, raw)
            imap.append("INBOX", None, None, b"From: x@y\r\nMessage-ID: <spam@y>\r\n\r\nhi\r\n")
        rt.settings.imap_url = SecretStr(f"imap://scout:pw@127.0.0.1:{port}/INBOX")
        counts = app.state.processor.outreach_tick()
        assert counts.get("replies") == 1
        assert app.state.processor.outreach_tick().get("replies") is None  # not twice
    finally:
        rt.settings.imap_url = None
        proc.kill()
        proc.wait()
    shown = [m for m in await mailbox(client, team) if m["kind"] == "candidate_reply"]
    assert [m["payload"]["classification"] for m in shown] == ["scheduling"]

    # A reply stored but never read (its task lost): the tick reads it a minute later.
    raw = reply(sent["Message-ID"], "<lost@cand>", "Not interested, thanks.", sender=sent["To"])
    with transaction(rt.sessions) as session:
        receipt = inbound.ingest(session, parse(raw), team.org.id)
        stored = session.get(InboundEmail, receipt.id)
        assert stored is not None
        stored.created_at = datetime.now(UTC) - timedelta(minutes=2)
    assert app.state.processor.outreach_tick().get("replies_recovered") == 1
    shown = [m for m in await mailbox(client, team) if m["kind"] == "candidate_reply"]
    assert [m["payload"]["classification"] for m in shown] == ["scheduling", "not_interested"]


async def test_faq_proposed_from_the_ad_until_accepted(
    client: httpx.AsyncClient, team: Tenant
) -> None:
    ad = (
        "Data Scientist - Berlin\n\nRequirements\n- Python\n- SQL\n- pandas\n\n"
        "Location\nBerlin, hybrid: two days a week in the office\n\n"
        "Benefits\n- 30 days holiday\n- Pension scheme\n\nSalary: EUR 70,000 - 85,000\n"
    )
    r = await client.post("/v1/projects", json={"text": ad}, headers=team.headers)
    assert r.status_code == 201, r.text
    pid = r.json()["id"]
    r = await client.get(f"/v1/projects/{pid}/faq", headers=team.headers)
    entries = {f["topic"]: f for f in r.json()}
    assert entries["pay"]["status"] == "suggested" and "70,000" in entries["pay"]["answer"]
    assert "hybrid" in entries["remote"]["answer"]
    r = await client.patch(
        f"/v1/projects/{pid}/faq/{entries['pay']['id']}", json={"accept": True},
        headers=team.headers,
    )  # fmt: skip
    assert r.json()["status"] == "accepted"
    r = await client.get(f"/v1/projects/{pid}/faq", params={"status": "accepted"},
                         headers=team.headers)  # fmt: skip
    assert [f["topic"] for f in r.json()] == ["pay"]
    r = await client.delete(f"/v1/projects/{pid}/faq/{entries['remote']['id']}",
                            headers=team.headers)  # fmt: skip
    assert r.status_code == 204
