"""The vector leg for a small organization inside a big embeddings table (pgvector 0.8).

A small org's vectors are interleaved in the same HNSW graph as a big org's. Without
iterative scans the index returns the big org's neighbours and the org filter leaves the
small one with almost nothing; with them the scan goes on until it has the small org's own
nearest neighbours. Both are compared with the exact scan of the org's rows.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import numpy as np
import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.config import Settings
from app.db import transaction
from app.models import Candidate, CandidateChunk, CandidateSection, Embedding
from app.runtime import Runtime
from app.search import vector_repository
from app.search.repository import Clause
from app.search.service import vector_plan
from tests.conftest import Tenant, make_tenant

MODEL = "bench-synthetic"  # a model name of its own: no other test's vectors mix in
DIM = 384
BIG, SMALL = 3000, 40


def _unit(rng: np.random.Generator, centres: np.ndarray, n: int) -> np.ndarray:
    x = centres[rng.integers(0, len(centres), n)] + 0.5 * rng.standard_normal((n, DIM)) / 20
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def _store(session: Session, org_id: uuid.UUID, vectors: np.ndarray) -> None:
    """One candidate, one section, one chunk and one embedding per vector."""
    for i, v in enumerate(vectors):
        c = Candidate(
            id=uuid.uuid4(),
            org_id=org_id,
            source=f"v{i}",
            content_hash=uuid.uuid4().hex,
            simhash=0,
            raw_text="x",
            search_text="x",
        )
        sec = CandidateSection(
            candidate_id=c.id,
            org_id=org_id,
            ordinal=0,
            kind="other",
            heading="",
            text="x",
            start_offset=0,
            end_offset=1,
        )
        e = Embedding(org_id=org_id, model=MODEL, text_hash=uuid.uuid4().hex, vector=v.tolist())
        session.add_all([c, e])
        session.flush()
        session.add(sec)
        session.flush()
        session.add(
            CandidateChunk(
                candidate_id=c.id,
                section_id=sec.id,
                org_id=org_id,
                start_offset=0,
                end_offset=1,
                embedding_id=e.id,
            )
        )
    session.flush()


@pytest.fixture(scope="module")
def orgs(rt: Runtime) -> Iterator[tuple[Tenant, Tenant, np.ndarray]]:
    rng = np.random.default_rng(3)
    centres = rng.standard_normal((30, DIM))
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    big, small = make_tenant(rt), make_tenant(rt)
    with transaction(rt.sessions) as session:
        _store(session, big.org.id, _unit(rng, centres, BIG))
        _store(session, small.org.id, _unit(rng, centres, SMALL))
    with transaction(rt.sessions) as session:
        session.execute(text("ANALYZE embeddings"))
    yield big, small, _unit(rng, centres, 12)


def _leg(rt: Runtime, org: Tenant, q: np.ndarray, **how: object) -> list[uuid.UUID]:
    session = rt.sessions()
    try:
        if not how.get("exact"):
            # At this table size the planner would serve a small org from the org_id btree
            # (exactly) on its own; drop those indexes for this rolled-back transaction so
            # the HNSW scan itself is what answers, as it does for a big table (a sequential
            # scan, also exact, is kept off for the same reason).
            session.execute(text("DROP INDEX ix_embeddings_org_id"))
            session.execute(text("ALTER TABLE embeddings DROP CONSTRAINT uq_embeddings_org_id"))
            session.execute(text("SET LOCAL enable_seqscan = off"))
        hits = vector_repository.semantic_leg(
            session,
            org.org.id,
            MODEL,
            q.tolist(),
            Clause(),
            10,
            **how,  # type: ignore[arg-type]
        )
    finally:
        session.rollback()
        session.close()
    return [cid for cid, *_ in hits]


def _recall(rt: Runtime, org: Tenant, queries: np.ndarray, **how: object) -> float:
    found = []
    for q in queries:
        exact = set(_leg(rt, org, q, exact=True, ef_search=40))
        got = set(_leg(rt, org, q, exact=False, ef_search=40, **how))
        found.append(len(exact & got) / len(exact))
    return float(np.mean(found))


def test_pgvector_is_new_enough(rt: Runtime) -> None:
    with transaction(rt.sessions) as session:
        version = vector_repository.pgvector_version(session)
    expected = (0, 8, 5) if rt.settings.embedded_pg == "pixeltable" else (0, 6, 2)
    if not rt.settings.database_url:
        assert version == expected


def test_small_org_in_a_big_table_gets_its_neighbours(
    rt: Runtime, orgs: tuple[Tenant, Tenant, np.ndarray]
) -> None:
    big, small, queries = orgs
    # The plain HNSW scan (pgvector 0.6's only kind) starves the small org: the case the
    # exact-scan rule exists for.
    assert _recall(rt, small, queries) < 0.5
    with transaction(rt.sessions) as session:
        iterative = vector_repository.has_iterative_scan(session)
    if iterative:
        assert _recall(rt, small, queries, max_scan_tuples=20_000) >= 0.95
        assert _recall(rt, big, queries, max_scan_tuples=20_000) >= 0.9
    else:
        # pgserver: no iterative scans, so the service must send this org down the exact path.
        exact, _, max_scan = vector_plan(rt.settings, SMALL, SMALL + BIG, 200, False)
        assert exact and max_scan is None


def test_the_plan_keeps_exact_only_where_it_is_cheaper() -> None:
    settings = Settings()
    # pgvector 0.8: an org of 20k rows at 2 % of a 1M table walks the graph (the old rule
    # scanned it exactly); a 1k-row org, or one too thin for the tuple cap, stays exact.
    exact, ef, max_scan = vector_plan(settings, 20_000, 1_000_000, 200, True)
    assert not exact and ef == 800 and max_scan == settings.search_hnsw_max_scan_tuples
    assert vector_plan(settings, 1_000, 1_000_000, 200, True)[0]
    assert vector_plan(settings, 6_000, 1_000_000, 200, True)[0]  # 0.6 %: 133k tuples
    assert vector_plan(settings, 20_000, 1_000_000, 200, False)[0]  # pgvector 0.6: exact
