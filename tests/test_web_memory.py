"""The Memory view in a real browser: the recruiter sees what the assistant remembers, with
where it came from, forgets one item, then everything; the API agrees after each step."""

from __future__ import annotations

import httpx

from app.db import transaction
from app.memory import service as memory
from app.models import Project
from app.runtime import Runtime
from tests.conftest import Tenant
from tests.test_web import Session, browser, live, session, shot

__all__ = ["browser", "live", "session"]


def _seed(rt: Runtime, tenant: Tenant) -> None:
    with transaction(rt.sessions) as s:
        project = Project(
            org_id=tenant.org.id, recruiter_id=tenant.recruiter.id, title="Data scientist"
        )
        s.add(project)
        s.flush()
        for i, text in enumerate(["Experience with Python", "Experience with Spark"]):
            memory.remember(
                s, project, kind="decision", topic="qualification", key=f"q:{i}", text=text,
                source={"type": "approved_qualifications", "label": "Data scientist, Dec"},
                data={"order": i},
            )  # fmt: skip
        memory.remember(
            s, project, kind="preference", topic="tone", key="tone", text="Outreach: short",
            source={"type": "message", "quote": "Keep the outreach short"},
        )  # fmt: skip


def test_memory_view_shows_and_forgets(session: Session, tenant: Tenant, rt: Runtime) -> None:
    from playwright.sync_api import expect

    _seed(rt, tenant)
    base = session.live.url
    tab = session.new_tab()
    tab.goto(f"{base}/?token={tenant.token}#/memory")
    expect(tab.get_by_role("heading", name="What the assistant remembers")).to_be_visible()
    items = tab.locator(".memory-items li")
    expect(items).to_have_count(3)
    expect(tab.locator(".memory-body")).not_to_contain_text("null")
    expect(tab.get_by_role("region", name="Preferences")).to_contain_text(
        "you said in 'Data scientist'"
    )
    expect(tab.get_by_role("region", name="Decisions")).to_contain_text(
        "approved on 'Data scientist, Dec'"
    )
    shot(tab, "memory-view")

    tab.get_by_role("button", name="Forget: Experience with Spark").click()
    expect(items).to_have_count(2)
    left = httpx.get(f"{base}/v1/memory", headers=tenant.headers).json()["items"]
    assert sorted(i["text"] for i in left) == ["Experience with Python", "Outreach: short"]

    tab.once("dialog", lambda d: d.accept())
    tab.get_by_role("button", name="Forget everything").click()
    expect(tab.locator(".memory-body")).to_contain_text("Forgotten: 2 items")
    assert httpx.get(f"{base}/v1/memory", headers=tenant.headers).json()["items"] == []
