"""The natural-language full-text leg before and after, side by side on one pool: the old
statement (OR every term, ts_rank_cd over the whole-resume tsvector of every match) and the
new one (AND first, relaxed to OR, each step capped through the GIN index by a cheap
ts_rank over the compact brief_tsv, ts_rank_cd on at most 2 x cap rows). Also the Boolean
leg, and the cost of detoasting search_tsv with the default storage and with EXTERNAL.

    python -m benchmarks.bench_lexical [--profiles 10000] [--queries 60]

The pool is synthetic (`app.synth`), stored through `prepare` exactly as the importer stores
a profile (blind fields and all), without sections, chunks or embeddings: only the lexical
legs are measured here (the vector leg is `bench_search`).
"""

from __future__ import annotations

import argparse
import time
import uuid
from typing import Any

from sqlalchemy import text

from app.candidates.dedupe import content_hash, simhash
from app.candidates.parsing.extract import extract_profile
from app.candidates.profile import RawRecord
from app.candidates.store import prepare
from app.db import transaction
from app.runtime import Runtime
from app.search import repository
from app.search.query_language import natural_language_terms
from app.search.repository import Clause
from app.search.service import _plan
from app.synth import generate_profiles
from benchmarks.bench_search import queries
from benchmarks.common import fresh_runtime, new_org, summarize_ms, write_result

OLD_NATURAL = """
    SELECT c.id, ts_rank_cd(c.search_tsv, {q}, 1) AS rank
    FROM candidates c
    WHERE c.org_id = :org_id AND c.search_tsv @@ {q}
    ORDER BY rank DESC, c.id
    LIMIT :limit
"""


def load(rt: Runtime, org: uuid.UUID, count: int) -> float:
    started = time.perf_counter()
    batch: list[Any] = []
    for i, fields in enumerate(generate_profiles(count, 42)):
        profile = extract_profile(RawRecord(source=f"synth.jsonl#line={i}", fields=fields))
        batch.append(
            prepare(
                profile,
                org_id=org,
                source=str(fields["id"]),
                media_type="application/jsonl",
                size_bytes=len(profile.raw_text),
                content_hash=content_hash(profile.raw_text),
                simhash=simhash(profile.raw_text),
                import_run_id=None,
            ).candidate
        )
        if len(batch) >= 1000:
            with transaction(rt.sessions) as session:
                session.add_all(batch)
            batch = []
    if batch:
        with transaction(rt.sessions) as session:
            session.add_all(batch)
    with rt.engine.begin() as conn:
        conn.execute(text("ANALYZE candidates"))
    return time.perf_counter() - started


def _terms_sql(terms: list[str]) -> tuple[str, str, dict[str, str]]:
    each = [f"plainto_tsquery('english', :t{i})" for i in range(len(terms))]
    params = {f"t{i}": t for i, t in enumerate(terms)}
    return "(" + " && ".join(each) + ")", "(" + " || ".join(each) + ")", params


def measure(rt: Runtime, org: uuid.UUID, natural: list[str], boolean: list[str]) -> dict[str, Any]:
    limit, cap, scan = 200, rt.settings.search_rank_cap, rt.settings.search_rank_scan
    old_s: list[float] = []
    new_s: list[float] = []
    bool_s: list[float] = []
    overlap: list[float] = []
    for query in natural:
        terms = natural_language_terms(query)
        _, any_term, params = _terms_sql(terms)
        each = [f"plainto_tsquery('english', :t{i})" for i in range(len(terms))]
        with transaction(rt.sessions) as session:
            started = time.perf_counter()
            old = session.execute(
                text(OLD_NATURAL.format(q=any_term)), {**params, "org_id": org, "limit": limit}
            ).all()
            old_s.append(time.perf_counter() - started)
            started = time.perf_counter()
            new = repository.natural_lexical_leg(
                session, org, Clause("TRUE", params), terms, each, limit, cap, scan
            )
            new_s.append(time.perf_counter() - started)
        top_old = {r[0] for r in old[:10]}
        overlap.append(len(top_old & {r[0] for r in new[:10]}) / max(1, len(top_old)))
    for query in boolean:
        plan = _plan(query, "boolean")
        where = Clause(plan.where.sql, {**plan.where.params, **plan.rank_params})
        with transaction(rt.sessions) as session:
            started = time.perf_counter()
            repository.lexical_leg(session, org, where, plan.rank_sql, limit)
            bool_s.append(time.perf_counter() - started)
    return {
        "natural_before": summarize_ms(old_s),
        "natural_after": summarize_ms(new_s),
        "boolean": summarize_ms(bool_s),
        "natural_top10_overlap_before_after": round(sum(overlap) / len(overlap), 3),
    }


def detoast(rt: Runtime, org: uuid.UUID) -> dict[str, float]:
    """Seconds to read every search_tsv once (the detoasting a rank over all rows pays)."""
    with rt.engine.connect() as conn:
        started = time.perf_counter()
        conn.execute(
            text("SELECT sum(length(search_tsv)) FROM candidates WHERE org_id = :o"), {"o": org}
        ).scalar_one()
        took = time.perf_counter() - started
        size = conn.execute(
            text("SELECT pg_total_relation_size('candidates') / 1048576.0")
        ).scalar_one()
    return {"read_all_search_tsv_s": round(took, 3), "candidates_total_mb": round(float(size), 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--profiles", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=60)
    args = parser.parse_args()
    natural, boolean = queries(args.queries)
    with fresh_runtime() as rt:
        org = new_org(rt, "bench-lexical")
        load_s = load(rt, org, args.profiles)
        print(f"loaded {args.profiles} in {load_s:.0f}s", flush=True)
        default = measure(rt, org, natural, boolean)
        default_toast = detoast(rt, org)
        with rt.engine.begin() as conn:
            conn.execute(
                text("ALTER TABLE candidates ALTER COLUMN search_tsv SET STORAGE EXTERNAL")
            )
        with rt.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM FULL candidates"))  # rewrites every row: EXTERNAL applies
            conn.execute(text("ANALYZE candidates"))
        external = measure(rt, org, natural, boolean)
        external_toast = detoast(rt, org)
    write_result(
        "lexical",
        {
            "profiles": args.profiles,
            "load_seconds": round(load_s, 1),
            "rank_cap": rt.settings.search_rank_cap,
            "storage_default": {**default, **default_toast},
            "storage_external": {**external, **external_toast},
        },
    )


if __name__ == "__main__":
    main()
