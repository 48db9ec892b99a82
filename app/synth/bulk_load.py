"""Bulk-load a synthetic pool with COPY: the rows an import writes, at scale.

    scout synth-load --count 100000 [--org bench] [--workers 2]

Profiles come from `generate_profiles(count, seed)` and become rows through the product's
own extract/prepare path (`bulk_rows`), in worker processes. The loader writes candidates,
documents, sections, chunks and one composed vector per profile (`vectors`) with
`COPY ... FROM STDIN`, one transaction per batch. Postgres computes the generated tsvectors
on COPY exactly as on INSERT. As an operator would for a bulk load, the GIN and HNSW indexes
are dropped first and built once at the end (then VACUUM ANALYZE).

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
from dataclasses import asdict, dataclass
from multiprocessing.pool import AsyncResult
from pathlib import Path
from typing import Any

import numpy as np
from psycopg.types.json import Jsonb
from sqlalchemy import Index, text

from app.models import Candidate, Embedding
from app.runtime import Runtime
from app.synth.bulk_rows import (
    CANDIDATE_COLUMNS,
    DOCUMENT_COLUMNS,
    SECTION_COLUMNS,
    ProfileRows,
    identity_variant,
    profile_rows,
)
from app.synth.generator import generate_profiles
from app.synth.sizes import TABLES, database_mb, table_sizes
from app.synth.vectors import VocabularyVectors, base_title, profile_phrases

# Built after the load; everything else (keys, foreign-key btrees) stays during it.
DEFERRED_INDEXES = (
    "ix_candidates_search_tsv",
    "ix_candidates_brief_tsv",
    "ix_candidates_location_tsv",
    "ix_candidates_skills",
    "ix_embeddings_vector_hnsw",
)
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
        rows = profile_rows(fields, _ORG, source)
        out.append((rows, titles, skills))
        rng = random.Random(f"{_SEED}:{number}")
        for v in range(1, _VARIANTS):
            variant_source = source_of(_SEED, number, v)
            out.append((identity_variant(rows, fields, v, variant_source, rng), titles, skills))
    return out


class BulkLoader:
    def __init__(
        self,
        rt: Runtime,
        org_id: uuid.UUID,
        *,
        seed: int = 42,
        workers: int = 2,
        batch: int = 500,
        variants: int = 1,
        vocab_cache: Path | None = None,
    ) -> None:
        if variants < 1:
            raise ValueError("variants must be at least 1")
        self.rt, self.org_id, self.seed, self.variants = rt, org_id, seed, variants
        self.workers, self.batch = workers, batch
        self.vocab = VocabularyVectors(rt.embedder, vocab_cache)
        self.model = rt.embedder.model_name
        self.rng = np.random.default_rng(seed)
        self.embedding_s = 0.0

    # -- the run ---------------------------------------------------------------------------
    def load(self, count: int) -> LoadReport:
        existing = self._existing() // self.variants  # whole profiles (with their variants)
        bases = math.ceil(count / self.variants)
        if existing >= bases:
            return self._report(0, existing, 0.0, 0.0, 0.0)  # nothing to add: indexes stay
        hashes, vector_ids = self._known_keys()
        defs = self._drop_indexes()
        started = time.perf_counter()
        loaded = 0
        with self._pool() as pool:
            for prepared in self._prepared(pool, existing, bases):
                loaded += self._write(prepared, hashes, vector_ids)
                if loaded % 10_000 < self.batch * self.variants:
                    took = time.perf_counter() - started
                    log.info("loaded %d profiles in %.0f s", existing + loaded, took)
        load_s = time.perf_counter() - started
        self.vocab.save()
        index_s = self._build_indexes(defs)
        vacuum_s = self._vacuum_analyze()
        return self._report(loaded, existing, load_s, index_s, vacuum_s)

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
            return _InlinePool()
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
    def _write(self, batch: list[_Prepared], hashes: set[str], vector_ids: dict[str, int]) -> int:
        fresh: list[_Prepared] = []
        for item in batch:  # a resume already in the pool (or twice in this batch) is skipped
            if item[0].content_hash not in hashes:
                hashes.add(item[0].content_hash)
                fresh.append(item)
        if not fresh:
            return 0
        started = time.perf_counter()
        self.vocab.ensure(base_title(t) for _, titles, _ in fresh for t in titles)
        self.vocab.ensure(s for _, _, skills in fresh for s in skills)
        self.embedding_s += time.perf_counter() - started
        raw = self.rt.engine.raw_connection()
        try:
            pg: Any = raw.driver_connection
            with pg.cursor() as cur:
                self._copy(cur, fresh, vector_ids)
            pg.commit()
        except BaseException:
            raw.rollback()
            # The batch is gone as a whole; keys it claimed must not block a rerun.
            hashes.difference_update(p[0].content_hash for p in fresh)
            raise
        finally:
            raw.close()
        return len(fresh)

    def _copy(self, cur: Any, fresh: list[_Prepared], vector_ids: dict[str, int]) -> None:
        section_total = sum(len(rows.sections) for rows, _, _ in fresh)
        section_ids = _reserve(cur, "candidate_sections", section_total)
        # One vector per distinct summary text (the embeddings' key), as the importer shares.
        composed: dict[str, np.ndarray] = {}
        for rows, titles, skills in fresh:
            h = rows.vector_text_hash
            if h and h not in vector_ids and h not in composed:
                composed[h] = self.vocab.compose(titles, skills, self.rng)
        new_ids = _reserve(cur, "embeddings", len(composed))
        new_vectors = list(zip(new_ids, composed, strict=True))
        vector_ids.update((h, i) for i, h in new_vectors)
        with cur.copy(f"COPY candidates ({', '.join(CANDIDATE_COLUMNS)}) FROM STDIN") as copy:
            profile_at = CANDIDATE_COLUMNS.index("profile")
            for rows, _, _ in fresh:
                row = list(rows.candidate)
                row[profile_at] = Jsonb(row[profile_at])
                copy.write_row(row)
        with cur.copy(f"COPY candidate_documents ({', '.join(DOCUMENT_COLUMNS)}) FROM STDIN") as cp:
            for rows, _, _ in fresh:
                cp.write_row(rows.document)
        per_profile: list[list[int]] = []
        with cur.copy(
            f"COPY candidate_sections (id, {', '.join(SECTION_COLUMNS)}) FROM STDIN"
        ) as copy:
            at = 0
            for rows, _, _ in fresh:
                ids = section_ids[at : at + len(rows.sections)]
                at += len(rows.sections)
                per_profile.append(ids)
                for sid, section in zip(ids, rows.sections, strict=True):
                    copy.write_row((sid, *section))
        with cur.copy("COPY embeddings (id, org_id, model, text_hash, vector) FROM STDIN") as copy:
            for new_id, h in new_vectors:
                copy.write_row((new_id, self.org_id, self.model, h, _vector_text(composed[h])))
        with cur.copy(
            "COPY candidate_chunks (candidate_id, section_id, org_id, start_offset, end_offset,"
            " embedding_id) FROM STDIN"
        ) as copy:
            for (rows, _, _), ids in zip(fresh, per_profile, strict=True):
                cid = rows.candidate[0]
                for n, (ordinal, a, b) in enumerate(rows.chunks):
                    h = rows.vector_text_hash
                    vid = vector_ids[h] if n == rows.vector_chunk and h else None
                    copy.write_row((cid, ids[ordinal], self.org_id, a, b, vid))

    # -- before and after ------------------------------------------------------------------
    def _existing(self) -> int:
        with self.rt.engine.connect() as conn:
            n = conn.execute(
                text("SELECT count(*) FROM candidates WHERE org_id = :o AND source LIKE :p"),
                {"o": self.org_id, "p": f"synth-{self.seed}.jsonl#%"},
            ).scalar_one()
        return int(n)

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
                {"n": list(DEFERRED_INDEXES)},
            )
            defs = {str(name): str(sql) for name, sql in rows}
            for name in defs:
                conn.execute(text(f'DROP INDEX IF EXISTS "{name}"'))
        return defs

    def _build_indexes(self, defs: dict[str, str]) -> float:
        started = time.perf_counter()
        model_indexes: dict[str, Index] = {
            str(ix.name): ix
            for table in (Candidate.__table__, Embedding.__table__)
            for ix in table.indexes  # type: ignore[attr-defined]
        }
        with self.rt.engine.begin() as conn:
            conn.execute(text("SET LOCAL maintenance_work_mem = '1GB'"))
            conn.execute(text("SET LOCAL max_parallel_maintenance_workers = 1"))
            for name in DEFERRED_INDEXES:
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


class _InlinePool:
    """The pool's two methods, in this process (tests, tiny loads)."""

    def __enter__(self) -> _InlinePool:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def apply_async(self, fn: Any, args: tuple[Any, ...]) -> _Done:
        return _Done(fn(*args))


class _Done:
    def __init__(self, value: Any) -> None:
        self.value = value

    def get(self) -> Any:
        return self.value


def _reserve(cur: Any, table: str, n: int) -> list[int]:
    """n ids from the table's identity sequence, so child rows can name them in COPY."""
    if n == 0:
        return []
    cur.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
        (table, n),
    )
    return [int(row[0]) for row in cur.fetchall()]


def _vector_text(vector: np.ndarray) -> str:
    return "[" + ",".join(f"{x:.6f}" for x in vector.tolist()) + "]"
