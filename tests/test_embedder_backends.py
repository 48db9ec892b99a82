"""The faster local embedders (`SCOUT_EMBEDDING_BACKEND`): wordllama's static vectors and
MiniLM as int8 ONNX, each a real model from an installed package, run for real; and an
import embedded by a real Celery worker with the fast one, end to end."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from celery.contrib.testing.worker import start_worker
from sqlalchemy import text

from app.candidates.service import Importer, read_paths
from app.candidates.tasks import embed_candidates, register
from app.config import Settings
from app.db import transaction
from app.dispatch import CeleryDispatcher
from app.embeddings.backends import LocalEmbedder, make_embedder
from app.embeddings.metrics import CountingEmbedder
from app.embeddings.onnx_minilm import MODEL_NAME as INT8_NAME
from app.embeddings.onnx_minilm import OnnxMiniLM
from app.embeddings.static_wordllama import MODEL_NAME as WORDLLAMA_NAME
from app.errors import AppError
from app.runtime import Runtime
from app.search.service import search
from app.worker.celery_app import make_celery
from tests.conftest import Tenant
from tests.pool import PROFILES, write_pool

TEXTS = [
    "Registered nurse, six years on an intensive care unit, patient assessment.",
    "Backend engineer: Python, Django, PostgreSQL, REST APIs.",
    "Nurse caring for patients on a hospital ward.",
]


def test_wordllama_vectors_fit_the_column_and_keep_meaning(tmp_path: Path) -> None:
    embedder = make_embedder(Settings(data_dir=tmp_path, embedding_backend="wordllama"))
    assert embedder.model_name == WORDLLAMA_NAME and embedder.dim == 384
    v = np.asarray(embedder.embed(TEXTS))
    assert v.shape == (3, 384)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    assert not v[:, 256:].any()  # zero padding: cosine is wordllama's own
    sims = v @ v.T
    assert sims[0, 2] > sims[0, 1] + 0.2  # the two nurses, not nurse and engineer
    assert embedder.stats.calls == 1 and embedder.stats.texts == 3


def test_backend_misconfiguration_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(AppError, match="onnx-int8, wordllama or openai"):
        make_embedder(Settings(data_dir=tmp_path, embedding_backend="fasttext"))
    with pytest.raises(AppError, match="at least 256"):
        make_embedder(Settings(data_dir=tmp_path, embedding_backend="wordllama", embedding_dim=128))
    with pytest.raises(AppError, match="384-d"):
        make_embedder(Settings(data_dir=tmp_path, embedding_backend="onnx-int8", embedding_dim=256))


def test_onnx_int8_is_exported_once_and_agrees_with_minilm(tmp_path: Path) -> None:
    cache = tmp_path / "models"
    settings = Settings(data_dir=tmp_path, embedding_backend="onnx-int8", embedding_cache_dir=cache)
    embedder = make_embedder(settings)
    assert isinstance(embedder, OnnxMiniLM) and embedder.model_name == INT8_NAME
    int8 = np.asarray(embedder.embed(TEXTS))
    # Only the finished model is left behind (the fp32 export and the partial file go).
    assert sorted(p.name for p in cache.iterdir()) == ["minilm-int8.onnx"]
    exported = (cache / "minilm-int8.onnx").stat().st_mtime_ns
    again = np.asarray(OnnxMiniLM(cache).embed(TEXTS))
    assert (cache / "minilm-int8.onnx").stat().st_mtime_ns == exported  # reused, not redone
    assert np.allclose(again, int8, atol=1e-5)

    fp32 = np.asarray(LocalEmbedder("all-MiniLM-L6-v2", 384, 16).embed(TEXTS))
    agreement = (int8 * fp32).sum(axis=1)
    assert agreement.min() > 0.95, agreement  # the same model, quantized
    sims = int8 @ int8.T
    assert sims[0, 2] > sims[0, 1]


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


def test_fast_backend_lexical_at_once_semantic_after_the_worker(
    rt: Runtime, tenant: Tenant, tmp_path: Path
) -> None:
    fast = CountingEmbedder(make_embedder(Settings(embedding_backend="wordllama")), rt.redis)
    path = write_pool(tmp_path / "pool.jsonl")
    with transaction(rt.sessions) as session:
        summary = Importer(session, fast, tenant.org.id, embed=False).run(read_paths([path]))
    assert summary.imported == len(PROFILES) and summary.embedding_calls == 0
    assert _unembedded(rt, tenant) > 0

    celery = make_celery(rt.stack.redis_url)
    register(celery, lambda org, ids: embed_candidates(rt.sessions, fast, org, ids))
    with start_worker(celery, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        CeleryDispatcher(celery).embeddings_pending(tenant.org.id, summary.candidate_ids)
        deadline = time.monotonic() + 120
        while _unembedded(rt, tenant):
            assert time.monotonic() < deadline, "the worker never embedded the import"
            time.sleep(0.2)
    with rt.sessions() as session:
        models = session.execute(
            text("SELECT DISTINCT model FROM embeddings WHERE org_id = :o"), {"o": tenant.org.id}
        ).scalars()
        assert list(models) == [WORDLLAMA_NAME]  # never mixed with another model's vectors

    with transaction(rt.sessions) as session:
        hits = search(
            session, fast, rt.settings, tenant.org.id, "nurse caring for patients", limit=10
        ).results
    assert hits and hits[0].name == "Carla Mendes" and hits[0].semantic_rank is not None

    texts_before = fast.stats.texts
    with transaction(rt.sessions) as session:
        again = Importer(session, fast, tenant.org.id).run(read_paths([path]))
    assert again.imported == 0 and again.duplicates == len(PROFILES)
    assert again.embedding_calls == 0 and fast.stats.texts == texts_before


def test_minilm_threads_sleep_when_idle_unless_told_otherwise(tmp_path: Path) -> None:
    # Read by OpenMP once, when torch loads: so it is checked in fresh processes.
    probe = (
        "import os; from app.embeddings.backends import LocalEmbedder; "
        "v = LocalEmbedder('all-MiniLM-L6-v2', 384, 16).embed(['nurse']); "
        "print(len(v[0]), os.environ['OMP_WAIT_POLICY'])"
    )
    base = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
    for env, expected in (
        (base, "384 PASSIVE"),
        ({**base, "OMP_WAIT_POLICY": "ACTIVE"}, "384 ACTIVE"),
    ):
        done = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=300
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.split("\n")[-2] == expected
