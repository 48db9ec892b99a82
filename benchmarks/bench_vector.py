"""The vector leg's index choices side by side: exact, HNSW as pgvector 0.6 ran it (WHERE
after the scan), HNSW with 0.8's iterative scans, and the same over a halfvec index.

    python -m benchmarks.bench_vector [--rows 100000] [--queries 40] [--server pixeltable]

One table of `--rows` unit vectors (384-d, drawn around 400 topic centres so neighbours
exist as they do for sentence embeddings) shared by a big organization and two small ones
(1 % and 0.2 % of the rows), interleaved in one HNSW graph as the product's `embeddings`
table is. Recall@10 is against the exact top 10 computed in numpy; latency is the SQL
round trip. The small organizations are the case the exact-scan workaround exists for.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

import numpy as np
import psycopg
from pgvector.psycopg import register_vector

from benchmarks.common import fresh_runtime, summarize_ms, write_result

DIM = 384
K = 10
# (name, org id, share of the rows); the big organization holds the rest.
ORGS = (
    ("big", 1, None),
    ("mid_10pct", 4, 0.10),
    ("small_1pct", 2, 0.01),
    ("tiny_0.2pct", 3, 0.002),
)


def _vectors(rng: np.random.Generator, centres: np.ndarray, n: int) -> np.ndarray:
    picks = rng.integers(0, len(centres), n)
    x = centres[picks] + 0.55 * rng.standard_normal((n, DIM)) / np.sqrt(DIM)
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def _load(
    conn: psycopg.Connection[Any], rows: int, rng: np.random.Generator, half: bool
) -> tuple[Any, Any]:
    centres = rng.standard_normal((400, DIM)) / np.sqrt(DIM)
    data = _vectors(rng, centres, rows)
    org = np.ones(rows, dtype=np.int32)  # 1 = big
    cut = rng.permutation(rows)
    start = 0
    for _, org_id, share in ORGS[1:]:
        n = int(rows * share)  # type: ignore[operator]
        org[cut[start : start + n]] = org_id
        start += n
    conn.execute("DROP TABLE IF EXISTS bench_vec")
    conn.execute("CREATE TABLE bench_vec (id bigint PRIMARY KEY, org int NOT NULL, v vector(384))")
    with conn.cursor().copy("COPY bench_vec (id, org, v) FROM STDIN WITH (FORMAT BINARY)") as cp:
        cp.set_types(["int8", "int4", "vector"])
        for i in range(rows):
            cp.write_row((i, int(org[i]), data[i]))
    conn.execute("CREATE INDEX ON bench_vec (org)")
    conn.execute("SET maintenance_work_mem = '1GB'")
    t = time.perf_counter()
    conn.execute(
        "CREATE INDEX bench_vec_hnsw ON bench_vec USING hnsw (v vector_cosine_ops) "
        "WITH (m = 16, ef_construction = 64)"
    )
    build = {"vector_s": round(time.perf_counter() - t, 1)}
    t = time.perf_counter()
    if half:
        conn.execute(
            "CREATE INDEX bench_vec_hnsw_half ON bench_vec USING hnsw "
            "((v::halfvec(384)) halfvec_cosine_ops) WITH (m = 16, ef_construction = 64)"
        )
    build["halfvec_s"] = round(time.perf_counter() - t, 1)
    conn.execute("ANALYZE bench_vec")
    queries = _vectors(rng, centres, 1000)
    return (data, org, queries), build


# `org + 0` keeps the planner off the org btree, so these statements measure the HNSW scan
# itself; "planner" lets it choose, as the product's statement does.
_SQL = {
    # `+ 0` on the distance keeps HNSW out: the org btree finds the rows, all are ranked.
    "exact": "SELECT id FROM bench_vec WHERE org = %(org)s ORDER BY (v <=> %(q)s) + 0 LIMIT 10",
    "hnsw_post_filter": "SELECT id FROM bench_vec WHERE org + 0 = %(org)s "
    "ORDER BY v <=> %(q)s LIMIT 10",
    "hnsw_iterative": "WITH nn AS MATERIALIZED (SELECT id, v <=> %(q)s AS d FROM bench_vec "
    "WHERE org + 0 = %(org)s ORDER BY v <=> %(q)s LIMIT 10) SELECT id FROM nn ORDER BY d",
    "halfvec_iterative": "WITH nn AS MATERIALIZED (SELECT id, v <=> %(q)s AS d FROM bench_vec "
    "WHERE org + 0 = %(org)s ORDER BY v::halfvec(384) <=> %(q)s::halfvec(384) LIMIT 10) "
    "SELECT id FROM nn ORDER BY d",
    "planner_iterative": "WITH nn AS MATERIALIZED (SELECT id, v <=> %(q)s AS d FROM bench_vec "
    "WHERE org = %(org)s ORDER BY v <=> %(q)s LIMIT 10) SELECT id FROM nn ORDER BY d",
}


def _settings(mode: str, ef: int) -> list[str]:
    out = [f"SET LOCAL hnsw.ef_search = {ef}"]
    if mode in ("hnsw_iterative", "halfvec_iterative", "planner_iterative"):
        out.append("SET LOCAL hnsw.iterative_scan = relaxed_order")
    return out


def _run_mode(
    conn: psycopg.Connection[Any], mode: str, org_id: int, qs: np.ndarray, truth: list[set[int]]
) -> dict[str, Any]:
    times, recalls = [], []
    for q, want in zip(qs, truth, strict=True):
        with conn.transaction():
            for stmt in _settings(mode, 40):
                conn.execute(stmt)
            t = time.perf_counter()
            got = [r[0] for r in conn.execute(_SQL[mode], {"org": org_id, "q": q}).fetchall()]
            times.append(time.perf_counter() - t)
        recalls.append(len(want & set(got)) / max(len(want), 1))
    return {**summarize_ms(times), "recall@10": round(float(np.mean(recalls)), 4)}


def run(rows: int, queries: int, server: str) -> dict[str, Any]:
    rng = np.random.default_rng(7)
    out: dict[str, Any] = {"rows": rows, "queries_per_org": queries, "server": server}
    with fresh_runtime(embedded_pg=server) as rt:
        url = rt.stack.database_url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(url, autocommit=True) as conn:
            version = conn.execute(
                "SELECT extversion FROM pg_extension WHERE extname = 'vector'"
            ).fetchone()
            out["postgres"] = conn.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]
            out["pgvector"] = version[0] if version else None
            register_vector(conn)
            # halfvec came in pgvector 0.7, iterative scans in 0.8 (pgserver has 0.6.2).
            new = tuple(int(x) for x in str(out["pgvector"]).split(".")[:2]) >= (0, 8)
            modes = [m for m in _SQL if new or m in ("exact", "hnsw_post_filter")]
            (data, org, qpool), out["index_build"] = _load(conn, rows, rng, new)
            out["index_mb"] = {
                name: round(
                    conn.execute("SELECT pg_relation_size(%s)", (name,)).fetchone()[0] / 2**20,  # type: ignore[index]
                    1,
                )
                for name in ("bench_vec_hnsw", "bench_vec_hnsw_half")[: 2 if new else 1]
            }
            conn.autocommit = False
            for name, org_id, _ in ORGS:
                members = np.flatnonzero(org == org_id)
                qs = qpool[:queries]
                sims = qs @ data[members].T
                truth = [set(members[np.argsort(-s)[:K]].tolist()) for s in sims]
                out[name] = {"org_rows": len(members)}
                for mode in modes:
                    out[name][mode] = _run_mode(conn, mode, org_id, qs, truth)
                conn.rollback()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=40)
    parser.add_argument("--server", choices=["pixeltable", "pgserver"], default="pixeltable")
    args = parser.parse_args()
    write_result(f"vector_{args.server}", run(args.rows, args.queries, args.server))


if __name__ == "__main__":
    main()
