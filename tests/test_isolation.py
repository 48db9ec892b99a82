"""Organization A's candidates are invisible to organization B through every door."""

from __future__ import annotations

from pathlib import Path

import httpx

from app.candidates.service import Importer, read_paths
from app.db import transaction
from app.runtime import Runtime
from tests.conftest import Tenant
from tests.pool import write_pool


async def test_other_org_sees_nothing(
    client: httpx.AsyncClient, rt: Runtime, tenant: Tenant, other_tenant: Tenant, tmp_path: Path
) -> None:
    with transaction(rt.sessions) as session:
        summary = Importer(session, rt.embedder, tenant.org.id).run(
            read_paths([write_pool(tmp_path / "pool.jsonl")])
        )
    some_id = str(summary.candidate_ids[0])
    mine = await client.get(f"/v1/candidates/{some_id}", headers=tenant.headers)
    assert mine.status_code == 200 and mine.json()["name"]

    theirs = await client.get(f"/v1/candidates/{some_id}", headers=other_tenant.headers)
    assert theirs.status_code == 404
    listed = await client.get("/v1/candidates", headers=other_tenant.headers)
    assert listed.json()["items"] == []
    for q in ["python", "title:nurse", "people who build machine learning models"]:
        r = await client.get("/v1/candidates/search", params={"q": q}, headers=other_tenant.headers)
        assert r.status_code == 200
        assert r.json()["results"] == []
    ins = await client.get("/v1/insights", params={"skill": "python"}, headers=other_tenant.headers)
    assert ins.json()["matching_candidates"] == 0
    ins = await client.get("/v1/insights", params={"skill": "python"}, headers=tenant.headers)
    assert ins.json()["matching_candidates"] >= 3

    # The same file imported into B is B's own copy, not a duplicate of A's.
    with transaction(rt.sessions) as session:
        again = Importer(session, rt.embedder, other_tenant.org.id).run(
            read_paths([tmp_path / "pool.jsonl"])
        )
    assert again.imported == summary.imported and again.duplicates == 0
