"""The import's batched write path (one pipelined INSERT per table per batch), under the
row-level security an API import runs with: every row lands once, linked right, and a
re-import in other batch sizes writes and embeds nothing."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from app.candidates.service import Importer, read_paths
from app.db import transaction
from app.runtime import Runtime
from app.synth import write_jsonl
from tests.conftest import Tenant

COUNT = 23  # not a multiple of any batch size below: the last batch is a short one


def _counts(rt: Runtime, tenant: Tenant) -> dict[str, int]:
    with transaction(rt.sessions) as s:
        return {
            table: int(
                s.execute(
                    text(f"SELECT count(*) FROM {table} WHERE org_id = :o"), {"o": tenant.org.id}
                ).scalar_one()
            )
            for table in (
                "candidates",
                "candidate_documents",
                "candidate_sections",
                "candidate_chunks",
                "embeddings",
            )
        }


def _run(rt: Runtime, tenant: Tenant, path: Path, batch: int, embed: bool) -> object:
    with transaction(rt.sessions, org_id=tenant.org.id) as session:
        return Importer(session, rt.embedder, tenant.org.id, batch_size=batch, embed=embed).run(
            read_paths([path, path])  # the same file twice: the second copy is in-run dupes
        )


def test_batches_land_once_linked_and_reimport_writes_nothing(
    rt: Runtime, tenant: Tenant, tmp_path: Path
) -> None:
    pool = tmp_path / "pool.jsonl"
    write_jsonl(pool, COUNT, 5)
    first = _run(rt, tenant, pool, batch=5, embed=False)
    assert first.imported == COUNT and first.duplicates == COUNT  # type: ignore[attr-defined]
    assert first.embedding_calls == 0 and not first.failed  # type: ignore[attr-defined]
    counts = _counts(rt, tenant)
    assert counts["candidates"] == counts["candidate_documents"] == COUNT
    assert counts["candidate_sections"] >= COUNT and counts["candidate_chunks"] >= COUNT
    assert counts["embeddings"] == 0
    with transaction(rt.sessions) as s:
        # Every chunk points at a section of its own candidate (ids came from the sequence).
        wrong = s.execute(
            text(
                "SELECT count(*) FROM candidate_chunks ch JOIN candidate_sections sec "
                "ON sec.id = ch.section_id WHERE ch.org_id = :o "
                "AND sec.candidate_id <> ch.candidate_id"
            ),
            {"o": tenant.org.id},
        ).scalar_one()
        orphans = s.execute(
            text(
                "SELECT count(*) FROM candidates c WHERE c.org_id = :o AND NOT EXISTS "
                "(SELECT 1 FROM candidate_sections s WHERE s.candidate_id = c.id)"
            ),
            {"o": tenant.org.id},
        ).scalar_one()
        searchable = s.execute(
            text("SELECT count(*) FROM candidates WHERE org_id = :o AND search_tsv <> ''"),
            {"o": tenant.org.id},
        ).scalar_one()
    assert wrong == 0 and orphans == 0
    assert searchable == COUNT  # the computed full-text columns were filled on insert

    again = _run(rt, tenant, pool, batch=4, embed=True)
    assert again.imported == 0 and again.duplicates == 2 * COUNT  # type: ignore[attr-defined]
    assert again.embedding_calls == 0  # type: ignore[attr-defined]
    assert _counts(rt, tenant) == counts
