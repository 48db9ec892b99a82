"""Talent insights: the pool's make-up for a title or skill, plus O*NET's adjacent titles."""

from __future__ import annotations

from pathlib import Path

import httpx

from app.candidates.service import Importer, read_paths
from app.db import transaction
from app.runtime import Runtime
from tests.conftest import Tenant
from tests.pool import write_pool


async def test_insights_for_title_and_skill(
    client: httpx.AsyncClient, rt: Runtime, tenant: Tenant, tmp_path: Path
) -> None:
    with transaction(rt.sessions) as session:
        Importer(session, rt.embedder, tenant.org.id).run(
            read_paths([write_pool(tmp_path / "pool.jsonl")])
        )
    r = await client.get("/v1/insights", params={"title": "data scientist"}, headers=tenant.headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["onet_code"] == "15-2051.00"
    assert body["matching_candidates"] == 1
    assert body["top_titles"][0]["value"] == "Data Scientist"
    assert body["top_locations"][0]["value"] == "Berlin, Germany"
    assert body["adjacent_titles"] and body["usual_skills"]
    assert "O*NET" in body["attribution"]

    r = await client.get("/v1/insights", params={"skill": "Python"}, headers=tenant.headers)
    body = r.json()
    assert body["matching_candidates"] == 3
    assert {c["value"] for c in body["top_locations"]} == {
        "Berlin, Germany",
        "Munich, Germany",
        "London, United Kingdom",
    }
    assert body["top_companies"]

    r = await client.get("/v1/insights", headers=tenant.headers)
    assert r.status_code == 400 and "title" in r.json()["error"]
