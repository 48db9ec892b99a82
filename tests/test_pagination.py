"""Paging: every row exactly once across pages, even rows created in the same instant."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
from sqlalchemy import update

from app.approvals import service as approvals
from app.db import transaction
from app.models import Approval
from app.orgs.service import Caller
from app.projects import service as projects
from app.runtime import Runtime
from tests.conftest import Tenant


def _same_instant_approvals(rt: Runtime, tenant: Tenant, count: int) -> set[str]:
    caller = Caller(recruiter=tenant.recruiter, org=tenant.org)
    with transaction(rt.sessions) as session:
        project = projects.create(session, caller, "Backend engineer, Python, Berlin")
        made = [
            approvals.request(session, project, kind="qualifications", subject=f"s{i}", payload={})
            for i in range(count)
        ]
        ids = [a.id for a in made]
    with transaction(rt.sessions) as session:
        # One instant for all: a cursor on created_at alone skips the rest of the tie.
        session.execute(
            update(Approval)
            .where(Approval.id.in_(ids))
            .values(created_at=datetime(2026, 1, 5, 9, 30, tzinfo=UTC))
        )
    return {str(i) for i in ids}


async def test_approvals_pages_return_every_row_once_through_a_tie(
    rt: Runtime, tenant: Tenant, client: httpx.AsyncClient
) -> None:
    expected = _same_instant_approvals(rt, tenant, 3)
    seen: list[str] = []
    cursor: str | None = None
    for _ in range(10):
        params = {"limit": "1", **({"cursor": cursor} if cursor else {})}
        r = await client.get("/v1/approvals", params=params, headers=tenant.headers)
        assert r.status_code == 200, r.text
        body = r.json()
        seen += [item["id"] for item in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(expected)
    assert len(seen) == len(set(seen))


async def test_a_cursor_that_was_not_handed_out_is_a_400(
    tenant: Tenant, client: httpx.AsyncClient
) -> None:
    for bad in ("yesterday", "2026-01-05T09:30:00+00:00~not-a-uuid"):
        r = await client.get("/v1/approvals", params={"cursor": bad}, headers=tenant.headers)
        assert r.status_code == 400
        assert "pass next_cursor back" in r.json()["error"]
