"""How big a pool is on disk: each table a bulk load writes, and its indexes."""

from __future__ import annotations

from sqlalchemy import text

from app.runtime import Runtime

TABLES = (
    "candidates",
    "candidate_documents",
    "candidate_sections",
    "candidate_chunks",
    "embeddings",
)
# The indexes a bulk load builds after it (kept in step with bulk_load.DEFERRED_INDEXES).
_INDEXES = (
    "ix_candidates_search_tsv",
    "ix_candidates_brief_tsv",
    "ix_candidates_location_tsv",
    "ix_candidates_skills",
    "ix_embeddings_vector_hnsw",
)


def table_sizes(rt: Runtime) -> dict[str, dict[str, float]]:
    """Heap (with TOAST) and index megabytes of each table a load writes."""
    out: dict[str, dict[str, float]] = {}
    with rt.engine.connect() as conn:
        for table in TABLES:
            heap, index, rows = conn.execute(
                text(
                    "SELECT pg_table_size(CAST(:t AS regclass)), "
                    "pg_indexes_size(CAST(:t AS regclass)), "
                    "(SELECT GREATEST(reltuples, 0) FROM pg_class WHERE oid = CAST(:t AS regclass))"
                ),
                {"t": table},
            ).one()
            out[table] = {
                "rows_estimate": float(rows),
                "table_mb": round(heap / 2**20, 1),
                "indexes_mb": round(index / 2**20, 1),
            }
        for name in _INDEXES:
            size = conn.execute(
                text("SELECT pg_relation_size(c.oid) FROM pg_class c WHERE c.relname = :n"),
                {"n": name},
            ).scalar()
            if size is not None:
                out.setdefault("indexes", {})[name] = round(size / 2**20, 1)
    return out


def database_mb(rt: Runtime) -> float:
    with rt.engine.connect() as conn:
        size = conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one()
    return round(float(size) / 2**20, 1)
