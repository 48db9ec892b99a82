"""Hybrid search on a known small pool, through the HTTP API, on real Postgres+pgvector."""

from __future__ import annotations

import httpx
import pytest

from app.candidates.service import Importer, read_paths
from app.db import transaction
from app.runtime import Runtime
from tests.conftest import Tenant, make_tenant
from tests.pool import write_pool

JOB_DESCRIPTION = """
About the role: We're hiring a Data Scientist (m/f/d) to join our Berlin team!
Responsibilities:
- Build & deploy machine-learning models (churn, forecasting) AND explain them.
- Work with product/engineering: "data-driven" decisions; 50% analysis, 50% modelling.
Requirements: 3+ years Python (pandas, scikit-learn); SQL; Docker is a plus...
Benefits: 30 days' holiday, hybrid work :) (NOT a remote-only role)
"""


@pytest.fixture(scope="module")
def pool(rt: Runtime, tmp_path_factory: pytest.TempPathFactory) -> Tenant:
    tenant = make_tenant(rt)
    path = write_pool(tmp_path_factory.mktemp("pool") / "pool.jsonl")
    with transaction(rt.sessions) as session:
        Importer(session, rt.embedder, tenant.org.id).run(read_paths([path]))
    return tenant


async def _search(client: httpx.AsyncClient, tenant: Tenant, **params: object) -> dict:
    r = await client.get("/v1/candidates/search", params=params, headers=tenant.headers)
    assert r.status_code == 200, r.text
    return r.json()


def _names(body: dict) -> list[str]:
    return [hit["name"] for hit in body["results"]]


async def test_boolean_and_not(client: httpx.AsyncClient, pool: Tenant) -> None:
    body = await _search(client, pool, q="python AND NOT java")
    assert body["mode"] == "boolean"
    names = _names(body)
    assert "Ada Lindqvist" in names and "Femi Adeyemi" in names
    assert "Bruno Keller" not in names  # mentions Python, but NOT java excludes him
    assert "Carla Mendes" not in names


async def test_or_parentheses_and_fields(client: httpx.AsyncClient, pool: Tenant) -> None:
    body = await _search(client, pool, q="(python OR java) AND location:munich")
    assert _names(body) == ["Bruno Keller"]
    body = await _search(client, pool, q="title:nurse")
    assert _names(body) == ["Carla Mendes"]
    body = await _search(client, pool, q='company:"Acme Health"')
    assert _names(body) == ["Carla Mendes"]
    body = await _search(client, pool, q="skill:react")
    assert _names(body) == ["Dmitri Volkov"]
    body = await _search(client, pool, q="location:berlin")
    assert set(_names(body)) == {"Ada Lindqvist", "Dmitri Volkov"}


async def test_quoted_phrase(client: httpx.AsyncClient, pool: Tenant) -> None:
    body = await _search(client, pool, q='"machine learning"')
    assert _names(body) == ["Ada Lindqvist"]
    hit = body["results"][0]
    assert hit["matched_terms"] == ["machine learning"]
    assert hit["snippets"] and any("machine learning" in s.lower() for s in hit["snippets"])


async def test_natural_language_finds_by_meaning(client: httpx.AsyncClient, pool: Tenant) -> None:
    body = await _search(client, pool, q="someone who looks after patients in a hospital")
    assert body["mode"] == "natural"
    assert _names(body)[0] == "Carla Mendes"
    body = await _search(client, pool, q="container orchestration and cloud infrastructure")
    assert _names(body)[0] == "Femi Adeyemi"


async def test_pasted_job_description_is_a_query(client: httpx.AsyncClient, pool: Tenant) -> None:
    body = await _search(client, pool, q=JOB_DESCRIPTION)
    assert body["mode"] == "natural"
    assert _names(body)[0] == "Ada Lindqvist"
    top = body["results"][0]
    assert {"python", "pandas"} <= {t.lower() for t in top["matched_terms"]}
    assert top["source"].endswith("#line=1")


async def test_filters(client: httpx.AsyncClient, pool: Tenant) -> None:
    body = await _search(client, pool, q="engineer developer", location="Berlin")
    assert set(_names(body)) <= {"Ada Lindqvist", "Dmitri Volkov"}
    assert "Dmitri Volkov" in _names(body)
    body = await _search(client, pool, q="python", min_years=7)
    assert set(_names(body)) == {"Bruno Keller", "Femi Adeyemi"}


async def test_malformed_boolean_query_is_a_400_that_says_where(
    client: httpx.AsyncClient, pool: Tenant
) -> None:
    r = await client.get(
        "/v1/candidates/search", params={"q": "python AND (java"}, headers=pool.headers
    )
    assert r.status_code == 400
    body = r.json()
    assert "parenthes" in body["error"]
    assert body["position"] == 11
    r = await client.get(
        "/v1/candidates/search", params={"q": "skils:python"}, headers=pool.headers
    )
    assert r.status_code == 400 and "skill:" in r.json()["error"]
    r = await client.get("/v1/candidates/search", params={"q": "  "}, headers=pool.headers)
    assert r.status_code == 400


async def test_small_org_in_a_big_table_gets_full_semantic_results(
    client: httpx.AsyncClient, pool: Tenant, rt: Runtime
) -> None:
    """Even on the HNSW path (forced here), the org filter must not starve the results."""
    old = (rt.settings.search_exact_max_rows, rt.settings.search_exact_share)
    rt.settings.search_exact_max_rows, rt.settings.search_exact_share = 0, 0.0
    try:
        body = await _search(client, pool, q="people with any professional experience")
    finally:
        rt.settings.search_exact_max_rows, rt.settings.search_exact_share = old
    assert len(body["results"]) == 6
