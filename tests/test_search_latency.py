"""What the search latency work changed, kept honest: the GIN index serves full-text
conditions under row-level security (0019), the bounded embedding count picks the same
vector plan as the exact count, the vector leg's cut-first statement returns what the
joined one does (and natural-language searches take it), the two legs on two connections
return what one connection does, inside the same organization, and the stage timer records
a real search."""

from __future__ import annotations

import itertools
import uuid
from typing import Any

import numpy as np
import pytest
from sqlalchemy import create_engine, event, text

from app.config import Settings
from app.db import make_sessionmaker, side_transaction, transaction
from app.runtime import Runtime
from app.search import repository, vector_repository
from app.search.repository import Clause
from app.search.service import Legs, search, search_legs, vector_count_enough, vector_plan
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


def _connections_per_search(
    rt: Runtime, org_id: uuid.UUID, query: str, *, wrote: bool = False
) -> tuple[Legs, set[int]]:
    """Both legs of `query` as org_id, and the backends their statements ran on. With
    `wrote`, the transaction first takes a transaction id, as one that wrote would."""
    backends: set[int] = set()

    def seen(conn: Any, *_: Any) -> None:
        backends.add(conn.connection.dbapi_connection.info.backend_pid)

    with transaction(rt.sessions, org_id=org_id) as session:
        if wrote:
            session.execute(text("SELECT pg_current_xact_id()"))
        event.listen(rt.engine, "before_cursor_execute", seen)
        try:
            legs = search_legs(session, rt.embedder, rt.settings, org_id, query, limit=10)
        finally:
            event.remove(rt.engine, "before_cursor_execute", seen)
    return legs, backends


@pytest.mark.parametrize(
    "query", ["data engineer with spark and airflow", 'python AND (title:"data scientist" OR java)']
)
def test_two_connection_legs_match_one_connection(rt: Runtime, team: Tenant, query: str) -> None:
    saved = rt.settings.search_parallel_legs
    rt.settings.search_parallel_legs = True  # off by default (see app.config); on here
    try:
        apart, two = _connections_per_search(rt, team.org.id, query)
        together, one = _connections_per_search(rt, team.org.id, query, wrote=True)
    finally:
        rt.settings.search_parallel_legs = saved
    assert len(two) == 2 and len(one) == 1  # side connection used; not once the org wrote
    assert apart.semantic  # the pool is embedded: the vector leg has rows to compare
    assert (apart.lexical, apart.semantic) == (together.lexical, together.semantic)
    # The tie keys the legs read with their rows are the ones tie_keys would look up.
    ids = {cid for cid, _ in apart.lexical} | {cid for cid, *_ in apart.semantic}
    with transaction(rt.sessions, org_id=team.org.id) as session:
        assert apart.ties == repository.tie_keys(session, team.org.id, list(ids))
    assert together.ties == apart.ties
    # Switched off, the legs share the request's connection and return the same.
    rt.settings.search_parallel_legs = False
    try:
        serial, backends = _connections_per_search(rt, team.org.id, query)
    finally:
        rt.settings.search_parallel_legs = saved
    assert len(backends) == 1
    assert (serial.lexical, serial.semantic, serial.ties) == (
        apart.lexical,
        apart.semantic,
        apart.ties,
    )


def test_side_transaction_keeps_the_org_scope(rt: Runtime, team: Tenant) -> None:
    other = make_tenant(rt)
    with transaction(rt.sessions) as session:
        mine = session.execute(
            text("SELECT count(*) FROM candidates WHERE org_id = :o"), {"o": team.org.id}
        ).scalar_one()
        everyone = session.execute(text("SELECT count(*) FROM candidates")).scalar_one()
    assert 0 < mine < everyone  # other organizations' rows are there to be hidden
    for org_id, expected in ((team.org.id, mine), (other.org.id, 0)):
        with (
            transaction(rt.sessions, org_id=org_id) as session,
            side_transaction(session) as side,
        ):
            assert side is not None
            role, scope, seen = side.execute(
                text(
                    "SELECT current_user, current_setting('app.org_id'), "
                    "(SELECT count(*) FROM candidates)"
                )
            ).one()
            assert (role, scope, seen) == ("scout_app", str(org_id), expected)
    # The other organization searching the team's words finds none of the team's rows.
    legs, _ = _connections_per_search(rt, other.org.id, "data engineer with spark and airflow")
    assert legs.lexical == [] and legs.semantic == []


def test_no_side_transaction_when_it_would_read_differently(rt: Runtime, tenant: Tenant) -> None:
    with transaction(rt.sessions, org_id=tenant.org.id) as session:
        with side_transaction(session) as side:
            assert side is not None
        session.execute(text("SELECT pg_current_xact_id()"))  # as a transaction that wrote
        with side_transaction(session) as side:
            assert side is None
    # A pool with no room left: the search's own connection is the only one there is.
    url = rt.engine.url.render_as_string(hide_password=False)
    engine = create_engine(url, pool_size=1, max_overflow=0, pool_timeout=1)
    try:
        with transaction(make_sessionmaker(engine), org_id=tenant.org.id) as session:
            session.execute(text("SELECT 1"))
            with side_transaction(session) as side:
                assert side is None
    finally:
        engine.dispose()


def test_natural_language_vector_leg_cuts_first(rt: Runtime, team: Tenant) -> None:
    """No filters: the vector statement reads the candidates row only for its best rows."""
    statements: list[str] = []

    def seen(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    event.listen(rt.engine, "before_cursor_execute", seen)
    try:
        with transaction(rt.sessions, org_id=team.org.id) as session:
            search(session, rt.embedder, rt.settings, team.org.id, "python developer", limit=5)
    finally:
        event.remove(rt.engine, "before_cursor_execute", seen)
    (vector,) = [s for s in statements if "WITH nn AS" in s]
    assert "ROWS WITH TIES" in vector
    assert Clause().and_(Clause()).sql == "TRUE"
    assert Clause("a").and_(Clause()).sql == "a" and Clause().and_(Clause("b")).sql == "b"
