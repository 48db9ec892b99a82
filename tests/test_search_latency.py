"""What the search latency work changed, kept honest: the GIN index serves full-text
conditions under row-level security (0019), the bounded embedding count picks the same
vector plan as the exact count, the vector leg's cut-first statement returns what the
joined one does, and the stage timer records a real search."""

from __future__ import annotations

import itertools
import uuid

import numpy as np
import pytest
from sqlalchemy import text

from app.config import Settings
from app.db import transaction
from app.runtime import Runtime
from app.search import vector_repository
from app.search.repository import Clause
from app.search.service import search, vector_count_enough, vector_plan
from app.search.stages import Background, recording
from tests.conftest import Tenant, make_tenant
from tests.test_vector_leg import DIM, MODEL, _store

_MATCH = (
    "EXPLAIN SELECT c.id FROM candidates c WHERE c.org_id = :o "
    "AND c.search_tsv @@ plainto_tsquery('english', 'python')"
)
# Indexes of candidates that lead with org_id: at a test table's size the planner serves
# one org from them, which would hide whether the GIN index could be used at all.
_ORG_INDEXES = """
    SELECT i.indexrelid::regclass::text, con.conname
    FROM pg_index i
    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
    LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid
    WHERE i.indrelid = 'candidates'::regclass AND a.attname = 'org_id'
"""


def _scoped_plan(rt: Runtime, org_id: uuid.UUID, *, leakproof: bool) -> str:
    """The full-text match's plan as an API request gets it (role scout_app, policy on), in
    a rolled-back transaction with the catalog flag as asked."""
    session = rt.sessions()
    try:
        mark = "LEAKPROOF" if leakproof else "NOT LEAKPROOF"
        session.execute(text(f"ALTER FUNCTION ts_match_vq(tsvector, tsquery) {mark}"))
        for index, constraint in session.execute(text(_ORG_INDEXES)).all():
            if constraint:
                session.execute(text(f"ALTER TABLE candidates DROP CONSTRAINT {constraint}"))
            else:
                session.execute(text(f"DROP INDEX {index}"))
        session.execute(text("SET LOCAL enable_seqscan = off"))
        session.execute(text("SET LOCAL ROLE scout_app"))
        session.execute(text("SELECT set_config('app.org_id', :o, true)"), {"o": str(org_id)})
        return "\n".join(session.execute(text(_MATCH), {"o": org_id}).scalars())
    finally:
        session.rollback()
        session.close()


def test_full_text_uses_the_gin_index_under_row_level_security(rt: Runtime, tenant: Tenant) -> None:
    with transaction(rt.sessions) as session:
        leakproof = session.execute(
            text("SELECT proleakproof FROM pg_proc WHERE proname = 'ts_match_vq'")
        ).scalar_one()
    assert leakproof is True  # migration 0019
    assert "ix_candidates_search_tsv" in _scoped_plan(rt, tenant.org.id, leakproof=True)


def test_without_leakproof_the_policy_forces_a_scan(rt: Runtime, tenant: Tenant) -> None:
    """Why 0019 exists: the same statement with the catalog as it was before."""
    plan = _scoped_plan(rt, tenant.org.id, leakproof=False)
    assert "Seq Scan on candidates" in plan
    assert "ix_candidates_search_tsv" not in plan


def test_bounded_count_gives_the_same_vector_plan() -> None:
    settings, iterative = Settings(), True
    for leg_limit, total, count in itertools.product(
        (10, 200, 500), (0, 1_000, 100_000, 1_000_000, 5_000_000), (0, 1, 4_999, 5_001, 30_000)
    ):
        enough = vector_count_enough(settings, leg_limit, iterative)
        assert enough is not None
        seen = min(count, enough(total))
        assert vector_plan(settings, seen, max(total, seen), leg_limit, iterative) == vector_plan(
            settings, count, max(total, count), leg_limit, iterative
        ), (leg_limit, total, count)


def test_old_pgvector_counts_everything() -> None:
    # pgvector 0.6's ef_search follows the org's share: nothing to stop early at.
    assert vector_count_enough(Settings(), 200, False) is None


def test_org_embedding_count_stops_where_told(rt: Runtime) -> None:
    org = make_tenant(rt)
    rng = np.random.default_rng(5)
    vectors = rng.standard_normal((30, DIM))
    with transaction(rt.sessions) as session:
        _store(session, org.org.id, vectors / np.linalg.norm(vectors, axis=1, keepdims=True))
    with transaction(rt.sessions) as session:
        full, total = vector_repository.org_embedding_counts(session, org.org.id, MODEL)
        capped, _ = vector_repository.org_embedding_counts(session, org.org.id, MODEL, lambda t: 12)
        roomy, _ = vector_repository.org_embedding_counts(session, org.org.id, MODEL, lambda t: 99)
    assert (full, capped, roomy) == (30, 12, 30)
    assert total >= 30


def test_cut_first_vector_leg_matches_the_joined_statement(rt: Runtime) -> None:
    org = make_tenant(rt)
    rng = np.random.default_rng(9)
    base = rng.standard_normal((20, DIM))
    # Every vector twice: exact distance ties, broken by content hash in both statements.
    vectors = np.concatenate([base, base])
    with transaction(rt.sessions) as session:
        _store(session, org.org.id, vectors / np.linalg.norm(vectors, axis=1, keepdims=True))
    q = rng.standard_normal(DIM)
    q = (q / np.linalg.norm(q)).tolist()
    with transaction(rt.sessions, org_id=org.org.id) as session:
        for limit, exact in ((7, True), (11, True), (7, False), (40, False)):
            cut_first, joined = (
                vector_repository.semantic_leg(
                    session,
                    org.org.id,
                    MODEL,
                    q,
                    where,
                    limit,
                    exact=exact,
                    ef_search=40,
                    max_scan_tuples=1000,
                )
                for where in (Clause(), Clause("NOT FALSE"))
            )
            assert cut_first == joined
            assert len(cut_first) == min(limit, 40)


def test_stages_recorded_for_a_search(rt: Runtime, tenant: Tenant) -> None:
    with transaction(rt.sessions, org_id=tenant.org.id) as session, recording() as times:
        search(session, rt.embedder, rt.settings, tenant.org.id, "python developer", limit=5)
    assert {"parse", "vector_plan", "lexical", "fusion", "tie_keys", "hits"} <= set(times)
    assert all(v >= 0 for v in times.values())
    # Outside recording nothing is kept.
    with transaction(rt.sessions, org_id=tenant.org.id) as session, recording() as again:
        pass
    assert again == {}


def test_background_hands_back_value_and_error() -> None:
    assert Background(lambda: 41 + 1).result() == 42

    def fail() -> int:
        raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        Background(fail).result()


def test_one_text_embeds_on_one_thread_to_the_same_vector(rt: Runtime) -> None:
    import torch

    inner = rt.embedder.inner
    threads = torch.get_num_threads()
    texts = ["senior data engineer with spark and airflow", "registered nurse, icu"]
    batch = inner.embed([*texts, "a third text makes it a batch"])[:2]
    single = [inner.embed([t])[0] for t in texts]
    assert torch.get_num_threads() == threads  # the caller's setting is restored
    assert np.allclose(np.array(single), np.array(batch), atol=1e-5)
