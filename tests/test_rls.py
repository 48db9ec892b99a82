"""Row-level security: a transaction scoped to an organization sees only that
organization's rows, even through a query that forgets to filter, and cannot write rows
of another; the API runs every request's transaction scoped."""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.db import APP_ROLE, transaction
from app.models import Base
from app.runtime import Runtime
from tests.conftest import Tenant, make_tenant


@pytest.fixture
def two_pools(
    rt: Runtime, team: Tenant, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Tenant, Tenant]:
    from app.candidates.service import Importer, read_paths
    from tests.pool import write_pool

    other = make_tenant(rt)
    with transaction(rt.sessions) as session:
        Importer(session, rt.embedder, other.org.id).run(
            read_paths([write_pool(tmp_path_factory.mktemp("p") / "pool.jsonl")])
        )
    return team, other


def test_unscoped_query_in_a_scoped_transaction_sees_one_org(
    rt: Runtime, two_pools: tuple[Tenant, Tenant]
) -> None:
    mine, theirs = two_pools
    # Unscoped (the owner): both organizations are there.
    with transaction(rt.sessions) as s:
        orgs = set(s.scalars(text("SELECT DISTINCT org_id FROM candidates")))
    assert {mine.org.id, theirs.org.id} <= orgs

    with transaction(rt.sessions, org_id=mine.org.id) as s:
        assert s.scalar(text("SELECT current_user")) == APP_ROLE
        # Deliberately no WHERE org_id: the policy adds it.
        for table in ("candidates", "candidate_chunks", "embeddings", "recruiters", "events"):
            seen = set(s.scalars(text(f"SELECT DISTINCT org_id FROM {table}")))
            assert seen <= {mine.org.id}, table
        assert set(s.scalars(text("SELECT DISTINCT org_id FROM candidates"))) == {mine.org.id}
        tokens = s.scalar(text("SELECT count(*) FROM api_tokens"))
        assert tokens == 1  # the org's one recruiter's one token
        # Updating another org's rows touches nothing.
        changed = s.execute(
            text("UPDATE candidates SET headline = 'x' WHERE org_id = :o"), {"o": theirs.org.id}
        ).rowcount  # type: ignore[attr-defined]
        assert changed == 0


def test_scoped_transaction_cannot_write_into_another_org(
    rt: Runtime, tenant: Tenant, other_tenant: Tenant
) -> None:
    with (
        pytest.raises(DBAPIError, match="row-level security"),
        transaction(rt.sessions, org_id=tenant.org.id) as s,
    ):
        s.execute(
            text(
                "INSERT INTO audit_log (org_id, actor, action, subject, detail) "
                "VALUES (:o, 'x', 'test', 'x', '{}')"
            ),
            {"o": other_tenant.org.id},
        )
    # The pooled connection went back unscoped: the next plain transaction is the owner's.
    with transaction(rt.sessions) as s:
        assert s.scalar(text("SELECT current_user")) != APP_ROLE
        assert s.scalar(text("SELECT current_setting('app.org_id', true)")) in (None, "")


def test_every_org_scoped_table_has_a_policy(rt: Runtime) -> None:
    with transaction(rt.sessions) as s:
        secured = {
            name
            for name, on in s.execute(
                text("SELECT relname, relrowsecurity FROM pg_class WHERE relkind = 'r'")
            )
            if on
        }
        policies = set(
            s.scalars(text("SELECT tablename FROM pg_policies WHERE policyname = 'org_isolation'"))
        )
    scoped = {t.name for t in Base.metadata.sorted_tables if "org_id" in t.c}
    assert scoped - secured == set(), "tables with org_id but no row-level security"
    assert scoped - policies == set()
    assert "api_tokens" in secured


async def test_api_requests_run_scoped(
    client: httpx.AsyncClient, rt: Runtime, team: Tenant
) -> None:
    r = await client.get("/v1/candidates", headers=team.headers, params={"limit": 200})
    assert r.status_code == 200, r.text
    ids = [uuid.UUID(c["candidate_id"]) for c in r.json()["items"]]
    assert ids
    with transaction(rt.sessions) as s:
        orgs = set(
            s.scalars(
                text("SELECT DISTINCT org_id FROM candidates WHERE id = ANY(:ids)"), {"ids": ids}
            )
        )
    assert orgs == {team.org.id}
    # A search, a project and its approvals: all through scoped transactions.
    r = await client.get("/v1/candidates/search", params={"q": "python"}, headers=team.headers)
    assert r.status_code == 200 and r.json()["results"], r.text
