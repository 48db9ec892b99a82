"""The outreach approval in the browser (headless Chromium via Playwright, real uvicorn):
drafts appear under Approvals, one is edited and approved, the rest approved in bulk, and
the outbox says plainly that nothing was sent (no SMTP configured)."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import httpx

from tests import test_web
from tests.conftest import Tenant
from tests.outreach_flow import pending_outreach, project_with_pipeline
from tests.test_web import SLOW_MS, LiveServer, Session, shot

# The browser, the live server and the browsing session of the journey tests, shared.
browser = test_web.browser
live = test_web.live
session = test_web.session


async def _prepare(live: LiveServer, team: Tenant) -> tuple[str, list[str]]:
    async with httpx.AsyncClient(base_url=live.url, timeout=300) as client:
        pid, ids = await project_with_pipeline(client, team, count=2)
        r = await client.post(
            f"/v1/projects/{pid}/outreach", json={"candidate_ids": ids}, headers=team.headers
        )
        assert r.status_code == 202, r.text
        assert len(await pending_outreach(client, team)) == 1
    return pid, ids


def test_outreach_approval_in_the_browser(session: Session, team: Tenant, live: LiveServer) -> None:
    from playwright.sync_api import expect

    assert live.runtime.settings.smtp_url is None
    # In a thread of its own: this test's thread already runs an event loop.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pid, _ = pool.submit(asyncio.run, _prepare(live, team)).result()
    tab = session.new_tab()
    tab.goto(f"{live.url}/?token={team.token}#/approvals")
    item = tab.locator("li.inbox-item").filter(has_text="Outreach")
    expect(item).to_contain_text("2 messages to approve")
    item.get_by_role("link", name="Review").click()
    expect(tab.get_by_role("heading", name="Drafts waiting for your approval")).to_be_visible()
    drafts = tab.locator("li.draft")
    expect(drafts).to_have_count(2, timeout=SLOW_MS)
    shot(tab, "20-outreach-drafts")

    # Edit the first draft, then approve it: the edit is what is kept.
    first = drafts.first
    field = first.locator("textarea")
    field.fill(field.input_value() + "\n\nP.S. Written by me.")
    first.get_by_role("button", name="Approve").click()
    expect(drafts).to_have_count(1, timeout=SLOW_MS)
    # The rest in bulk.
    tab.get_by_role("button", name="Approve all").click()
    expect(drafts).to_have_count(0, timeout=SLOW_MS)
    expect(tab.get_by_role("note")).to_contain_text("nothing here has been sent")
    expect(tab.locator(".outbox li[data-status=would_send]")).to_have_count(2)
    expect(tab.locator(".outbox").first).to_contain_text("NOT SENT")
    shot(tab, "21-outreach-outbox")

    # The thread of one candidate opens with the message as it would go.
    tab.locator(".outbox li").first.get_by_role("button", name="Thread").click()
    expect(tab.locator("ol.thread")).to_contain_text("Hi there")

    r = httpx.get(
        f"{live.url}/v1/outreach/outbox", params={"project_id": pid}, headers=team.headers
    )
    firsts = [m for m in r.json()["items"] if m["kind"] == "first"]
    assert sorted(m["status"] for m in firsts) == ["would_send", "would_send"]
    assert sum("Written by me" in m["body"] for m in firsts) == 1
