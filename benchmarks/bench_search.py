"""Search latency (p50/p95) and HNSW recall@10 against exact search, at 100k profiles.

    python -m benchmarks.bench_search [--profiles 100000] [--queries 60]

Loading 100k profiles through the full importer would embed ~5 chunks each (hours on two
cores), so the pool is loaded in bulk here: every profile is extracted and stored with its
sections exactly as the importer does, and the vector leg indexes one embedding per profile
(its summary paragraph). The lexical leg covers the whole text. The HNSW index is built
after the load, as an operator would for a bulk load.
"""

from __future__ import annotations

import argparse
import random
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import text

from app.candidates.dedupe import content_hash, simhash
from app.candidates.parsing.extract import extract_profile
from app.candidates.profile import RawRecord
from app.candidates.store import prepare
from app.db import transaction
from app.embeddings.chunking import chunk_spans, text_hash
from app.models import CandidateChunk
from app.runtime import Runtime
from app.search.service import search
from app.synth import generate_profiles
from app.taxonomy import get_taxonomy
from benchmarks.common import fresh_runtime, new_org, summarize_ms, write_result

BATCH = 1000


def load(rt: Runtime, org: uuid.UUID, count: int) -> dict[str, float]:
    started = time.perf_counter()
    embed_s = 0.0
    with rt.engine.begin() as conn:
        conn.execute(text("DROP INDEX IF EXISTS ix_embeddings_vector_hnsw"))
    batch: list[dict[str, object]] = []

    def flush() -> None:
        nonlocal embed_s
        prepared = []
        for i, p in enumerate(batch):
            profile = extract_profile(RawRecord(source=f"synth.jsonl#line={i}", fields=p))
            prep = prepare(
                profile,
                org_id=org,
                source=str(p["id"]),
                media_type="application/jsonl",
                size_bytes=len(profile.raw_text),
                content_hash=content_hash(profile.raw_text),
                simhash=simhash(profile.raw_text),
                import_run_id=None,
            )
            # The profile's summary paragraph: short enough to embed 100k of them here.
            summaries = [i for i, s in enumerate(profile.sections) if s.kind == "summary"]
            idx = max(summaries or [0], key=lambda i: len(profile.sections[i].text))
            sec = profile.sections[idx]
            a, b = chunk_spans(profile.raw_text, sec.start, sec.end)[0]
            prepared.append((prep, idx, a, b))
        texts = [p.candidate.raw_text[a:b] for p, _, a, b in prepared]
        t = time.perf_counter()
        vectors = rt.embedder.embed(texts)
        embed_s += time.perf_counter() - t
        with transaction(rt.sessions) as s:
            for p, *_ in prepared:
                s.add(p.candidate)
            s.flush()
            for p, *_ in prepared:
                s.add(p.document)
                s.add_all(p.sections)
            ids = {}
            for tx, vec in zip(texts, vectors, strict=True):
                h = text_hash(tx)
                ids[h] = s.execute(
                    text(
                        "INSERT INTO embeddings (org_id, model, text_hash, vector) "
                        "VALUES (:o, :m, :h, CAST(:v AS vector)) "
                        "ON CONFLICT (org_id, model, text_hash) "
                        "DO UPDATE SET model = EXCLUDED.model "
                        "RETURNING id"
                    ),
                    {"o": org, "m": rt.embedder.model_name, "h": h, "v": str(vec)},
                ).scalar_one()
            s.flush()
            for (p, idx, a, b), tx in zip(prepared, texts, strict=True):
                s.add(
                    CandidateChunk(
                        candidate_id=p.candidate.id,
                        section_id=p.sections[idx].id,
                        org_id=org,
                        start_offset=a,
                        end_offset=b,
                        embedding_id=ids[text_hash(tx)],
                    )
                )
        batch.clear()

    for n, profile in enumerate(generate_profiles(count, 42), start=1):
        batch.append(profile)
        if len(batch) >= BATCH:
            flush()
            if n % 10_000 == 0:
                print(f"loaded {n} ({time.perf_counter() - started:.0f}s)", flush=True)
    if batch:
        flush()
    load_s = time.perf_counter() - started
    t = time.perf_counter()
    with rt.engine.begin() as conn:
        conn.execute(text("SET maintenance_work_mem = '1GB'"))
        conn.execute(
            text(
                "CREATE INDEX ix_embeddings_vector_hnsw ON embeddings USING hnsw "
                "(vector vector_cosine_ops) WITH (m = 16, ef_construction = 64)"
            )
        )
        conn.execute(text("ANALYZE"))
    return {
        "load_seconds": round(load_s, 1),
        "embedding_seconds": round(embed_s, 1),
        "hnsw_build_seconds": round(time.perf_counter() - t, 1),
    }


def queries(n: int) -> tuple[list[str], list[str]]:
    taxonomy = get_taxonomy()
    rng = random.Random(5)
    occupations = [o for o in taxonomy.occupations if len(o.skills) >= 3]
    natural, boolean = [], []
    for occ in rng.sample(occupations, n):
        skills = [s.name for s in occ.skills[:6]]
        a, b = rng.sample(skills, 2)
        natural.append(f"{occ.title.lower()} with {a} and {b} experience")
        boolean.append(f'title:"{occ.title.split(",")[0]}" AND (skill:"{a}" OR skill:"{b}")')
    return natural, boolean


def vector_leg(rt: Runtime, org: uuid.UUID, natural: list[str], efs: list[int]) -> dict[str, Any]:
    """HNSW top-10 against exact top-10 (a sequential scan), and the HNSW query latency,
    for each ef_search, in one pass over the same query vectors."""
    sql = text(
        "SELECT id FROM embeddings WHERE org_id = :o "
        "ORDER BY vector <=> CAST(:v AS vector) LIMIT 10"
    )
    vectors = [str(rt.embedder.embed_query(q)) for q in natural]
    out: dict[str, Any] = {}
    with rt.engine.connect() as conn:
        conn.exec_driver_sql("SET enable_indexscan = off")
        exact = [set(conn.execute(sql, {"o": org, "v": v}).scalars()) for v in vectors]
        conn.exec_driver_sql("RESET enable_indexscan")
        for ef in efs:
            conn.exec_driver_sql(f"SET hnsw.ef_search = {int(ef)}")
            hits, samples = 0, []
            for v, truth in zip(vectors, exact, strict=True):
                t = time.perf_counter()
                found = set(conn.execute(sql, {"o": org, "v": v}).scalars())
                samples.append(time.perf_counter() - t)
                hits += len(found & truth)
            out[f"ef_search_{ef}"] = {
                "recall_at_10_vs_exact": round(hits / (10 * len(vectors)), 4),
                "latency": summarize_ms(samples),
            }
        conn.rollback()
    return out


def timed(rt: Runtime, org: uuid.UUID, qs: list[str], repeat: int = 3) -> list[float]:
    samples = []
    for _ in range(repeat):
        for q in qs:
            with transaction(rt.sessions) as s:
                t = time.perf_counter()
                search(s, rt.embedder, rt.settings, org, q, limit=10)
                samples.append(time.perf_counter() - t)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--profiles", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--data-dir", type=Path, help="keep the loaded pool here for re-runs")
    parser.add_argument(
        "--vector-only",
        action="store_true",
        help="only the vector leg: recall@10 vs exact and latency per ef",
    )
    args = parser.parse_args()
    with fresh_runtime(args.data_dir) as rt:
        org = new_org(rt, "bench")
        rt.embedder.embed(["warm up"])
        with transaction(rt.sessions) as s:
            have = s.execute(text("SELECT count(*) FROM candidates")).scalar_one()
        loaded = load(rt, org, args.profiles) if have < args.profiles else {"reused_pool": True}
        natural, boolean = queries(args.queries)
        for q in natural:  # query vectors cached, as for repeated and paged searches
            rt.embedder.embed_query(q)
        ef = min(1000, max(40, rt.settings.search_leg_limit * 2))
        if args.vector_only:
            write_result(
                "search_vector_leg",
                {
                    "profiles": args.profiles,
                    "hnsw_ef_search_used_by_search": ef,
                    "vector_leg": vector_leg(rt, org, natural, [40, 100, ef]),
                },
            )
            return
        timed(rt, org, natural[:5] + boolean[:5], repeat=1)  # warm the caches
        result = {
            "profiles": args.profiles,
            **loaded,
            "natural_language": summarize_ms(timed(rt, org, natural)),
            "boolean": summarize_ms(timed(rt, org, boolean)),
            "hnsw_ef_search_used_by_search": ef,
            "vector_leg": vector_leg(rt, org, natural, [40, 100, ef]),
        }
    write_result("search", result)


if __name__ == "__main__":
    main()
