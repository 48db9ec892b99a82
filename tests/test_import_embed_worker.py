"""Import stores inline and embeds on a real Celery worker (embedded Redis broker): a profile
is found by full text the moment the import commits and by meaning once the worker has run;
importing the same files again embeds nothing."""

from __future__ import annotations

import time
from pathlib import Path

from celery.contrib.testing.worker import start_worker
from sqlalchemy import text

from app.candidates.service import Importer, read_paths
from app.candidates.tasks import embed_candidates, register
from app.db import transaction
from app.dispatch import CeleryDispatcher
from app.runtime import Runtime
from app.search.service import search
from app.worker.celery_app import make_celery
from tests.conftest import Tenant
from tests.pool import PROFILES, write_pool


def _unembedded(rt: Runtime, tenant: Tenant) -> int:
    with rt.sessions() as session:
        return int(
            session.execute(
                text(
                    "SELECT count(*) FROM candidate_chunks "
                    "WHERE org_id = :o AND embedding_id IS NULL"
                ),
                {"o": tenant.org.id},
            ).scalar_one()
        )


def _hits(rt: Runtime, tenant: Tenant, query: str):  # type: ignore[no-untyped-def]
    with transaction(rt.sessions) as session:
        return search(session, rt.embedder, rt.settings, tenant.org.id, query, limit=10).results


def test_lexical_at_once_semantic_after_the_worker(
    rt: Runtime, tenant: Tenant, tmp_path: Path
) -> None:
    path = write_pool(tmp_path / "pool.jsonl")
    with transaction(rt.sessions) as session:
        summary = Importer(session, rt.embedder, tenant.org.id, embed=False).run(read_paths([path]))
    assert summary.imported == len(PROFILES) and summary.embedding_calls == 0
    assert _unembedded(rt, tenant) > 0

    hits = _hits(rt, tenant, "registered nurse epic")
    assert hits[0].name == "Carla Mendes" and hits[0].lexical_rank == 1
    assert all(h.semantic_rank is None for h in hits)  # nothing embedded yet

    celery = make_celery(rt.stack.redis_url)
    register(celery, lambda org, ids: embed_candidates(rt.sessions, rt.embedder, org, ids))
    calls_before, texts_before = rt.embedder.stats.calls, rt.embedder.stats.texts
    with start_worker(celery, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        CeleryDispatcher(celery).embeddings_pending(tenant.org.id, summary.candidate_ids)
        deadline = time.monotonic() + 120
        while _unembedded(rt, tenant):
            assert time.monotonic() < deadline, "the worker never embedded the import"
            time.sleep(0.2)
    # One model batch for the whole pool (it has fewer chunks than a batch), not one a profile.
    assert rt.embedder.stats.texts > texts_before
    assert rt.embedder.stats.calls - calls_before == 1

    hits = _hits(rt, tenant, "someone who looks after patients in a hospital")
    assert hits[0].name == "Carla Mendes" and hits[0].semantic_rank == 1

    with transaction(rt.sessions) as session:
        again = Importer(session, rt.embedder, tenant.org.id).run(read_paths([path]))
    assert again.imported == 0 and again.duplicates == len(PROFILES)
    assert again.embedding_calls == 0
