"""Search at scale on a bulk-loaded pool (`scout synth-load`): the natural-language leg
before and after side by side (the statement of two rounds ago, last round's AND-then-OR,
and the relaxation ladder), the whole hybrid search through the service, the Boolean leg,
the vector leg's recall@10 against exact search, and memory and disk.

    python -m benchmarks.bench_scale --data-dir /tmp/scale/pool100k --profiles 100000 \\
        --variants 10 --queries 40 --name scale_100k

The pool is kept in --data-dir and reused (loaded only up to --profiles). Relevance: every
query names an O*NET occupation and two of its skills; P@10 is the share of the top ten
whose generated profile has that occupation (the generator's ground truth).
"""

from __future__ import annotations

import argparse
import random
import time
import uuid
from pathlib import Path
from typing import Any

import psutil
from sqlalchemy import text

from app.db import transaction
from app.runtime import Runtime
from app.search import repository
from app.search.query_language import natural_language_terms
from app.search.repository import Clause
from app.search.service import _plan, search
from app.synth import generate_profiles
from app.synth.bulk_load import BulkLoader
from app.synth.sizes import database_mb, table_sizes
from app.taxonomy import get_taxonomy
from benchmarks.bench_search import vector_leg
from benchmarks.common import fresh_runtime, new_org, summarize_ms, write_result

# Two rounds ago: OR every term, ts_rank_cd over every match's whole-resume tsvector.
OLD = """
    SELECT c.id, ts_rank_cd(c.search_tsv, {any_term}, 1) AS rank
    FROM candidates c
    WHERE c.org_id = :org_id AND c.search_tsv @@ {any_term}
    ORDER BY rank DESC, c.id
    LIMIT :limit
"""
# Last round: every term, else any term, each capped by ts_rank over brief_tsv.
PREVIOUS = """
    WITH every_term AS MATERIALIZED (
        SELECT c.id FROM candidates c
        WHERE c.org_id = :org_id AND c.search_tsv @@ {all_terms}
        ORDER BY ts_rank(c.brief_tsv, {all_terms}) DESC, c.id
        LIMIT :cap
    ), some_term AS MATERIALIZED (
        SELECT c.id FROM candidates c
        WHERE c.org_id = :org_id AND c.search_tsv @@ {any_term}
          AND (SELECT count(*) FROM every_term) < :cap
        ORDER BY ts_rank(c.brief_tsv, {any_term}) DESC, c.id
        LIMIT :cap
    ), pool AS (
        SELECT id, 1 AS tier FROM every_term
        UNION ALL
        SELECT id, 0 AS tier FROM some_term WHERE id NOT IN (SELECT id FROM every_term)
    )
    SELECT p.id, p.tier + ts_rank_cd(c.search_tsv, {any_term}, 1) AS rank
    FROM pool p JOIN candidates c ON c.id = p.id AND c.org_id = :org_id
    ORDER BY rank DESC, c.id
    LIMIT :limit
"""


def queries(n: int) -> list[tuple[str, str, str]]:
    """(occupation code, natural-language query, Boolean query): `bench_search.queries`
    with the occupation kept (same seed, same queries)."""
    rng = random.Random(5)
    occupations = [o for o in get_taxonomy().occupations if len(o.skills) >= 3]
    out = []
    for occ in rng.sample(occupations, n):
        a, b = rng.sample([s.name for s in occ.skills[:6]], 2)
        natural = f"{occ.title.lower()} with {a} and {b} experience"
        boolean = f'title:"{occ.title.split(",")[0]}" AND (skill:"{a}" OR skill:"{b}")'
        out.append((occ.code, natural, boolean))
    return out


def truth(rt: Runtime, org: uuid.UUID, bases: int) -> dict[uuid.UUID, str]:
    """Candidate id -> the occupation its generated profile was drawn from."""
    codes = [str(p["onet_code"]) for p in generate_profiles(bases, 42)]
    out: dict[uuid.UUID, str] = {}
    with rt.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT id, split_part(split_part(source, 'line=', 2), '&', 1)::int "
                "FROM candidates WHERE org_id = :o AND source LIKE 'synth-42.jsonl#line=%'"
            ),
            {"o": org},
        )
        for cid, line in rows:
            if line <= len(codes):
                out[cid] = codes[line - 1]
    return out


def _terms(query: str) -> tuple[list[str], list[str], dict[str, str]]:
    terms = natural_language_terms(query)
    each = [f"plainto_tsquery('english', :t{i})" for i in range(len(terms))]
    return terms, each, {f"t{i}": t for i, t in enumerate(terms)}


def lexical_side_by_side(
    rt: Runtime,
    org: uuid.UUID,
    qs: list[tuple[str, str, str]],
    labels: dict[uuid.UUID, str],
    statements: tuple[str, ...] = ("old", "previous", "new"),
) -> dict[str, Any]:
    limit, cap, scan = rt.settings.search_leg_limit, rt.settings.search_rank_cap, 0
    scan = rt.settings.search_rank_scan
    samples: dict[str, list[float]] = {name: [] for name in statements}
    precision: dict[str, list[float]] = {k: [] for k in samples}
    overlap: dict[str, list[float]] = {k: [] for k in ("previous", "new") if "old" in samples}
    for code, query, _ in qs:
        terms, each, params = _terms(query)
        all_terms, any_term = "(" + " && ".join(each) + ")", "(" + " || ".join(each) + ")"
        got: dict[str, list[uuid.UUID]] = {}
        base = {**params, "org_id": org, "limit": limit, "cap": cap}
        for name in samples:
            with transaction(rt.sessions) as session:
                started = time.perf_counter()
                if name == "new":
                    rows = repository.natural_lexical_leg(
                        session, org, Clause("TRUE", params), terms, each, limit, cap, scan
                    )
                else:
                    sql = (OLD if name == "old" else PREVIOUS).format(
                        all_terms=all_terms, any_term=any_term
                    )
                    rows = [tuple(r) for r in session.execute(text(sql), base).all()]
                samples[name].append(time.perf_counter() - started)
            got[name] = [r[0] for r in rows[:10]]
            precision[name].append(sum(labels.get(c) == code for c in got[name]) / 10)
        for name in overlap:
            top_old = set(got["old"])
            overlap[name].append(len(top_old & set(got[name])) / max(1, len(top_old)))
    return {
        **{f"natural_lexical_{k}": summarize_ms(v) for k, v in samples.items()},
        **{f"natural_lexical_{k}_p_at_10": round(sum(v) / len(v), 3) for k, v in precision.items()},
        **{f"top10_overlap_{k}_vs_old": round(sum(v) / len(v), 3) for k, v in overlap.items()},
    }


def hybrid(
    rt: Runtime, org: uuid.UUID, qs: list[str], labels: dict[uuid.UUID, str], codes: list[str]
) -> dict[str, Any]:
    samples: list[float] = []
    hits = 0.0
    for query, code in zip(qs, codes, strict=True):
        # Scoped as an API request is: row-level security on, as the product runs it.
        with transaction(rt.sessions, org_id=org) as session:
            started = time.perf_counter()
            results = search(session, rt.embedder, rt.settings, org, query, limit=10).results
            samples.append(time.perf_counter() - started)
        hits += sum(labels.get(r.candidate_id) == code for r in results) / 10
    return {"latency": summarize_ms(samples), "p_at_10": round(hits / len(qs), 3)}


def boolean_leg(rt: Runtime, org: uuid.UUID, qs: list[str]) -> dict[str, Any]:
    samples: list[float] = []
    for query in qs:
        plan = _plan(query, "boolean")
        where = Clause(plan.where.sql, {**plan.where.params, **plan.rank_params})
        with transaction(rt.sessions) as session:
            started = time.perf_counter()
            repository.lexical_leg(session, org, where, plan.rank_sql, rt.settings.search_leg_limit)
            samples.append(time.perf_counter() - started)
    return summarize_ms(samples)


def postgres_processes(data_dir: Path) -> list[psutil.Process]:
    """The postmaster of this data dir and its children (backends, background workers)."""
    marker = str(data_dir / "pg")
    found: list[psutil.Process] = []
    for proc in psutil.process_iter(["cmdline"]):
        cmd = " ".join(proc.info["cmdline"] or [])
        if "postgres" in cmd and marker in cmd:
            found.append(proc)
            found.extend(proc.children(recursive=True))
    return found


def postgres_memory(rt: Runtime) -> dict[str, Any]:
    """Memory of this pool's Postgres processes (USS counts each private page once; the
    shared buffers come on top, once)."""
    uss = rss = 0
    for proc in postgres_processes(Path(rt.settings.data_dir)):
        try:
            full = proc.memory_full_info()
        except psutil.Error:
            continue
        uss, rss = uss + full.uss, max(rss, full.rss)
    with rt.engine.connect() as conn:
        buffers = conn.execute(text("SHOW shared_buffers")).scalar_one()
    return {
        "postgres_private_mb": round(uss / 2**20, 1),
        "postgres_largest_rss_mb": round(rss / 2**20, 1),  # one process: its share of buffers
        "shared_buffers": buffers,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--profiles", type=int, default=100_000)
    parser.add_argument("--variants", type=int, default=10)
    parser.add_argument("--queries", type=int, default=40)
    parser.add_argument("--name", default="scale_100k")
    parser.add_argument("--skip-vector", action="store_true")
    parser.add_argument(
        "--new-only",
        action="store_true",
        help="time only the current lexical statement (the old ones take seconds a query at 1M)",
    )
    parser.add_argument("--writers", type=int, default=2, help="COPY connections if it loads")
    args = parser.parse_args()
    qs = queries(args.queries)
    with fresh_runtime(args.data_dir) as rt:
        org = new_org(rt, "bench")
        loader = BulkLoader(
            rt,
            org,
            variants=args.variants,
            writers=args.writers,
            vocab_cache=args.data_dir.parent / "vocab.npz",
        )
        loaded = loader.load(args.profiles).as_dict()
        labels = truth(rt, org, -(-args.profiles // args.variants))
        natural = [q for _, q, _ in qs]
        boolean = [b for _, _, b in qs]
        codes = [c for c, _, _ in qs]
        for q in natural:  # query vectors cached, as for repeated and paged searches
            rt.embedder.embed_query(q)
        hybrid(rt, org, natural[:5], labels, codes[:5])  # warm the caches
        result: dict[str, Any] = {"profiles": len(labels), "variants": args.variants}
        statements = ("new",) if args.new_only else ("old", "previous", "new")
        result["lexical"] = lexical_side_by_side(rt, org, qs, labels, statements)
        result["natural_language_hybrid"] = hybrid(rt, org, natural, labels, codes)
        result["boolean_leg"] = boolean_leg(rt, org, boolean)
        result["boolean_hybrid"] = hybrid(rt, org, boolean, labels, codes)
        # Per stage, every query text cold (its vector dropped first, so the model embeds it).
        # Imported here: that module reuses this one's queries and labels.
        from benchmarks.bench_search_stages import print_table, run_kind

        for kind, texts in (("natural", natural), ("boolean", boolean)):
            pairs = list(zip(codes, texts, strict=True))
            result[f"stages_{kind}"], _ = run_kind(rt, org, pairs, labels)
            print_table(f"stages, {kind} (cold query vectors)", result[f"stages_{kind}"])
        if not args.skip_vector:
            ef = min(1000, max(40, rt.settings.search_leg_limit * 2))
            result["vector_leg"] = vector_leg(rt, org, natural, [40, 100, ef])
        result["memory"] = postgres_memory(rt)
        result["disk"] = {"database_mb": database_mb(rt), "tables": table_sizes(rt)}
        result["load"] = loaded
    write_result(args.name, result)


if __name__ == "__main__":
    main()
