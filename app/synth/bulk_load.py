"""Bulk-load a synthetic pool with COPY: the rows an import writes, at scale.

    scout synth-load --count 100000 [--org bench] [--workers 2]

Profiles come from `generate_profiles(count, seed)` and become rows through the product's
own extract/prepare path (`bulk_rows`), in worker processes. The loader writes candidates,
documents, sections, chunks and one composed vector per profile (`vectors`) with
`COPY ... FROM STDIN`, one transaction per batch. Postgres computes the tsvectors on COPY
exactly as on INSERT (the `candidates_tsv` trigger); as a superuser, once per distinct blind
text: a resume's identity variants get its vectors as they are (`bulk_copy`). As an operator
would for a bulk load, the GIN and HNSW indexes are dropped first and built once at the end
(then VACUUM ANALYZE).

Loading is resumable: a pool that already holds the first k profiles of this seed gets the
rest (`--count 1000000` on a 100k pool adds 900k). Chunks other than the summary are stored
without a vector, as after an import whose embeddings are still on the worker; `scout
reindex` would embed them with the model.
"""

from __future__ import annotations

import logging
import math
import multiprocessing
import random
import resource
import time
import uuid
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass
from multiprocessing.pool import AsyncResult
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import Index, text

from app.models import (
    Candidate,
    CandidateChunk,
    CandidateDocument,
    CandidateSection,
    Embedding,
)
from app.runtime import Runtime
from app.synth.bulk_copy import copy_batch
from app.synth.bulk_rows import (
    ProfileRows,
    ShingleMemo,
    identity_variant,
    profile_rows,
)
from app.synth.generator import generate_profiles
from app.synth.inline_pool import InlinePool
from app.synth.sizes import TABLES, database_mb, table_sizes
from app.synth.vectors import VocabularyVectors, base_title, profile_phrases

# Built after the load, once, instead of row by row during it: the search indexes and the
# plain btrees (random uuid keys make each row touch index pages all over). Primary keys and
# unique constraints stay, so the load still cannot store a duplicate.
DEFERRED_INDEXES = (
    "ix_candidates_search_tsv",
    "ix_candidates_brief_tsv",
    "ix_candidates_location_tsv",
    "ix_candidates_skills",
    "ix_embeddings_vector_hnsw",
)
DEFERRED_BTREES = (
    "ix_candidates_org_id",
    "ix_candidates_org_country",
    "ix_candidate_documents_org_id",
    "ix_candidate_documents_candidate_id",
    "ix_candidate_sections_candidate_id",
    "ix_candidate_chunks_candidate_id",
    "ix_candidate_chunks_section_id",
    "ix_candidate_chunks_embedding_id",
    "ix_embeddings_org_id",
)
VOCAB_SAVE_S = 60.0  # new phrase vectors reach the cache file at most this often, and at the end
# For this load's own sessions only (SET LOCAL): a crash loses at most the last batches'
# commits, which a rerun loads again (the load is resumable); the HNSW graph of 1M x 384
# needs ~2 GB to be built in memory (pgvector writes it slowly in pieces otherwise).
LOAD_SETTINGS = {"synchronous_commit": "off"}
# As a superuser (the embedded server), COPY also skips the foreign-key triggers: every row a
# batch references is in the batch or already committed (a vector another batch writes is
# waited for), so they could only ever pass; tests check no row is orphaned. The tsvector
# trigger still runs (ENABLE ALWAYS) and keeps the vectors a variant row brings.
SUPERUSER_LOAD_SETTINGS = {"session_replication_role": "replica"}
INDEX_SETTINGS = {"maintenance_work_mem": "3GB", "max_parallel_maintenance_workers": "2"}
log = logging.getLogger(__name__)
_Prepared = tuple[ProfileRows, list[str], list[str]]


@dataclass
class LoadReport:
    profiles_loaded: int
    profiles_skipped_existing: int
    load_seconds: float
    profiles_per_second: float
    index_build_seconds: float
    vacuum_analyze_seconds: float
    phrases_embedded: int
    embedding_seconds: float
    loader_peak_rss_mb: float
    workers_peak_rss_mb: float
    sizes_mb: dict[str, dict[str, float]]
    database_mb: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def source_of(seed: int, number: int, variant: int = 0) -> str:
    line = f"synth-{seed}.jsonl#line={number}"
    return f"{line}&variant={variant}" if variant else line


# Worker processes: the organization and variant count ride in globals the initializer sets.
_ORG: uuid.UUID | None = None
_VARIANTS = 1
_SEED = 42


def _init_worker(org_id: uuid.UUID, variants: int, seed: int) -> None:
    global _ORG, _VARIANTS, _SEED
    _ORG, _VARIANTS, _SEED = org_id, variants, seed


def _prepare_batch(items: list[tuple[int, str, dict[str, object]]]) -> list[_Prepared]:
    assert _ORG is not None
    out: list[_Prepared] = []
    for number, source, fields in items:
        titles, skills = profile_phrases(fields)
        memo = ShingleMemo()  # shingle hashes and votes, shared by this resume's variants
        rows = profile_rows(fields, _ORG, source, memo)
        out.append((rows, titles, skills))
        rng = random.Random(f"{_SEED}:{number}")
        for v in range(1, _VARIANTS):
            variant_source = source_of(_SEED, number, v)
            variant = identity_variant(rows, fields, v, variant_source, rng, memo)
            out.append((variant, titles, skills))
    return out


class BulkLoader:
    def __init__(
        self,
        rt: Runtime,
        org_id: uuid.UUID,
        *,
        seed: int = 42,
        workers: int = 2,
        writers: int = 2,
        batch: int = 500,
        variants: int = 1,
        vocab_cache: Path | None = None,
    ) -> None:
        if variants < 1:
            raise ValueError("variants must be at least 1")
        self.rt, self.org_id, self.seed, self.variants = rt, org_id, seed, variants
        self.workers, self.writers, self.batch = workers, max(1, writers), batch
        self.vocab = VocabularyVectors(rt.embedder, vocab_cache)
        self.model = rt.embedder.model_name
        self.rng = np.random.default_rng(seed)
        self.embedding_s = 0.0
        self.load_settings = dict(LOAD_SETTINGS)
        self.saved_at = time.perf_counter()

    # -- the run ---------------------------------------------------------------------------
    def load(self, count: int) -> LoadReport:
        existing = self._existing() // self.variants  # whole profiles (with their variants)
        bases = math.ceil(count / self.variants)
        if existing >= bases:  # nothing to add: indexes stay (or come back after a crash)
            return self._report(0, existing, 0.0, self._rebuild_missing(), 0.0)
        hashes, vector_ids = self._known_keys()
        self.load_settings = {
            **LOAD_SETTINGS,
            **(SUPERUSER_LOAD_SETTINGS if self._superuser() else {}),
        }
        defs: dict[str, str] | None = None  # dropped before the first batch with new rows
        # Batches commit out of order (one per writer in flight), so a broken run may have
        # stored a later batch and not an earlier one: start that many batches back; the
        # content hashes skip what is already there.
        skip = max(0, existing - (self.writers - 1) * self.batch)
        started = time.perf_counter()
        loaded = 0
        inflight: deque[tuple[Future[int], list[str]]] = deque()
        pending: dict[str, Future[int]] = {}  # vector key -> the batch writing it
        with self._pool() as pool, ThreadPoolExecutor(self.writers) as copying:
            for prepared in self._prepared(pool, skip, bases):
                fresh = self._claim(prepared, hashes)
                if not fresh:
                    continue
                keys = {p[0].vector_text_hash or "" for p in fresh}
                for h in keys & pending.keys():
                    pending[h].result()  # a vector another batch writes: let it commit first
                composed = self._compose(fresh, vector_ids)
                if defs is None:
                    defs = self._drop_indexes()
                while len(inflight) >= self.writers:
                    loaded += self._finished(inflight.popleft(), pending)
                    self._progress(existing * self.variants + loaded, started)
                job = copying.submit(self._write, fresh, composed, hashes, vector_ids)
                pending.update((h, job) for h in composed)
                inflight.append((job, list(composed)))
            while inflight:
                loaded += self._finished(inflight.popleft(), pending)
        load_s = time.perf_counter() - started
        self.vocab.save()
        if defs is None:  # every resume was there already: the pool stays as it is
            return self._report(0, existing, load_s, self._rebuild_missing(), 0.0)
        index_s = self._build_indexes(defs)
        vacuum_s = self._vacuum_analyze()
        return self._report(loaded, existing, load_s, index_s, vacuum_s)

    def _progress(self, total: int, started: float) -> None:
        if total % 10_000 < self.batch * self.variants:
            log.info("loaded %d profiles in %.0f s", total, time.perf_counter() - started)

    @staticmethod
    def _finished(job: tuple[Future[int], list[str]], pending: dict[str, Future[int]]) -> int:
        done, keys = job
        stored = done.result()  # a failed batch fails the load here (a rerun resumes)
        for h in keys:
            pending.pop(h, None)
        return stored

    def _report(
        self, loaded: int, existing: int, load_s: float, index_s: float, vacuum_s: float
    ) -> LoadReport:
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        return LoadReport(
            profiles_loaded=loaded,
            profiles_skipped_existing=existing * self.variants,
            load_seconds=round(load_s, 1),
            profiles_per_second=round(loaded / load_s, 1) if load_s else 0.0,
            index_build_seconds=round(index_s, 1),
            vacuum_analyze_seconds=round(vacuum_s, 1),
            phrases_embedded=self.vocab.embedded,
            embedding_seconds=round(self.embedding_s, 1),
            loader_peak_rss_mb=round(own, 1),
            workers_peak_rss_mb=round(kids, 1),
            sizes_mb=table_sizes(self.rt),
            database_mb=database_mb(self.rt),
        )

    def _pool(self) -> Any:
        if self.workers <= 0:
            _init_worker(self.org_id, self.variants, self.seed)
            return InlinePool()
        # fork: the workers inherit the loaded taxonomy and need no database connection.
        return multiprocessing.get_context("fork").Pool(
            self.workers,
            initializer=_init_worker,
            initargs=(self.org_id, self.variants, self.seed),
        )

    def _prepared(self, pool: Any, skip: int, count: int) -> Iterator[list[_Prepared]]:
        """Batches of prepared profiles in order, at most 2 per worker in flight."""
        pending: deque[AsyncResult[list[_Prepared]]] = deque()
        window = max(2, 2 * self.workers)
        for items in self._batches(skip, count):
            pending.append(pool.apply_async(_prepare_batch, (items,)))
            if len(pending) >= window:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()

    def _batches(self, skip: int, count: int) -> Iterator[list[tuple[int, str, dict[str, object]]]]:
        items: list[tuple[int, str, dict[str, object]]] = []
        for number, fields in enumerate(generate_profiles(count, self.seed), start=1):
            if number <= skip:
                continue  # the stream is sequential: skipping costs generation only
            items.append((number, source_of(self.seed, number), fields))
            if len(items) >= self.batch:
                yield items
                items = []
        if items:
            yield items

    # -- one batch -------------------------------------------------------------------------
    def _claim(self, batch: list[_Prepared], hashes: set[str]) -> list[_Prepared]:
        """The batch less resumes already in the pool (or twice in this batch)."""
        fresh: list[_Prepared] = []
        for item in batch:
            if item[0].content_hash not in hashes:
                hashes.add(item[0].content_hash)
                fresh.append(item)
        return fresh

    def _compose(self, fresh: list[_Prepared], vector_ids: dict[str, int]) -> dict[str, Any]:
        """One vector per distinct summary text not yet stored (the embeddings' key), as the
        importer shares them; phrases new to the vocabulary are embedded first."""
        started, before = time.perf_counter(), self.vocab.embedded
        self.vocab.ensure(base_title(t) for _, titles, _ in fresh for t in titles)
        self.vocab.ensure(s for _, _, skills in fresh for s in skills)
        self.embedding_s += time.perf_counter() - started
        if self.vocab.embedded > before and started - self.saved_at > VOCAB_SAVE_S:
            self.vocab.save()  # a broken load must not embed these phrases again
            self.saved_at = time.perf_counter()
        composed: dict[str, Any] = {}
        for rows, titles, skills in fresh:
            h = rows.vector_text_hash
            if h and h not in vector_ids and h not in composed:
                composed[h] = self.vocab.compose(titles, skills, self.rng)
        return composed

    def _write(
        self,
        fresh: list[_Prepared],
        composed: dict[str, Any],
        hashes: set[str],
        vector_ids: dict[str, int],
    ) -> int:
        """COPY one batch in one transaction, on a connection of its own (a writer thread:
        psycopg waits on the server without the GIL, so two batches load at once)."""
        raw = self.rt.engine.raw_connection()
        try:
            pg: Any = raw.driver_connection
            with pg.cursor() as cur:
                for name, value in self.load_settings.items():
                    cur.execute("SELECT set_config(%s, %s, true)", (name, value))
                share = self.load_settings.get("session_replication_role") == "replica"
                copy_batch(cur, self.org_id, self.model, fresh, composed, vector_ids, share)
            pg.commit()
        except BaseException:
            raw.rollback()
            # The batch is gone as a whole; keys it claimed must not block a rerun.
            hashes.difference_update(p[0].content_hash for p in fresh)
            for h in composed:
                vector_ids.pop(h, None)
            raise
        finally:
            raw.close()
        return len(fresh)

    # -- before and after ------------------------------------------------------------------
    def _existing(self) -> int:
        with self.rt.engine.connect() as conn:
            n = conn.execute(
                text("SELECT count(*) FROM candidates WHERE org_id = :o AND source LIKE :p"),
                {"o": self.org_id, "p": f"synth-{self.seed}.jsonl#%"},
            ).scalar_one()
        return int(n)

    def _superuser(self) -> bool:
        with self.rt.engine.connect() as conn:
            return bool(
                conn.execute(
                    text("SELECT usesuper FROM pg_user WHERE usename = current_user")
                ).scalar()
            )

    def _known_keys(self) -> tuple[set[str], dict[str, int]]:
        with self.rt.engine.connect() as conn:
            hashes = set(
                conn.execute(
                    text("SELECT content_hash FROM candidates WHERE org_id = :o"),
                    {"o": self.org_id},
                ).scalars()
            )
            rows = conn.execute(
                text("SELECT text_hash, id FROM embeddings WHERE org_id = :o AND model = :m"),
                {"o": self.org_id, "m": self.model},
            )
            vectors = {str(h): int(i) for h, i in rows}
        return hashes, vectors

    def _drop_indexes(self) -> dict[str, str]:
        with self.rt.engine.begin() as conn:
            rows = conn.execute(
                text("SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(:n)"),
                {"n": [*DEFERRED_BTREES, *DEFERRED_INDEXES]},
            )
            defs = {str(name): str(sql) for name, sql in rows}
            for name in defs:
                conn.execute(text(f'DROP INDEX IF EXISTS "{name}"'))
        return defs

    def _rebuild_missing(self) -> float:
        """Seconds spent building deferred indexes a broken load left dropped (0: none)."""
        names = [*DEFERRED_BTREES, *DEFERRED_INDEXES]
        with self.rt.engine.connect() as conn:
            present = set(
                conn.execute(
                    text("SELECT indexname FROM pg_indexes WHERE indexname = ANY(:n)"),
                    {"n": names},
                ).scalars()
            )
        return self._build_indexes({}) if present != set(names) else 0.0

    def _build_indexes(self, defs: dict[str, str]) -> float:
        started = time.perf_counter()
        model_indexes: dict[str, Index] = {
            str(ix.name): ix
            for model in (Candidate, CandidateDocument, CandidateSection, CandidateChunk, Embedding)
            for ix in model.__table__.indexes  # type: ignore[attr-defined]
        }
        with self.rt.engine.begin() as conn:
            for key, value in INDEX_SETTINGS.items():
                conn.execute(text("SELECT set_config(:k, :v, true)"), {"k": key, "v": value})
            for name in (*DEFERRED_BTREES, *DEFERRED_INDEXES):
                if name in defs:
                    conn.execute(text(defs[name]))
                elif name in model_indexes:
                    # Dropped by a load that never finished: rebuild it from the model.
                    model_indexes[name].create(conn, checkfirst=True)
        return time.perf_counter() - started

    def _vacuum_analyze(self) -> float:
        started = time.perf_counter()
        with self.rt.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            for table in TABLES:
                conn.execute(text(f"VACUUM (ANALYZE) {table}"))
        return time.perf_counter() - started
