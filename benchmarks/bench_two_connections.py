"""The two search legs on two connections (`app.db.side_transaction`) against the same
code with `search_parallel_legs` off (the legs take turns on one connection), interleaved
in one process on one pool, so a noisy box moves both arms alike.

    python -m benchmarks.bench_two_connections --data-dir /tmp/scale/pool100k [--cold]

Every natural-language and Boolean query of `bench_scale.queries` runs in both arms, in
alternating order, `--rounds` times. `--cold` drops the cached query vectors before each
search (the model embeds every time); otherwise they stay cached and the embedding is out
of the picture. Prints and writes wall time and API-process CPU per arm, and the share of
queries whose top 10 is the same in both.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import text

import app.search.service as service
from app.config import Settings
from app.db import transaction
from app.runtime import Runtime
from benchmarks.bench_scale import queries
from benchmarks.common import summarize_ms, write_result


def _one(rt: Runtime, org: uuid.UUID, query: str, cold: bool) -> tuple[float, float, list[str]]:
    if cold:
        for key in rt.redis.scan_iter("scout:qvec:*"):
            rt.redis.delete(key)
    with transaction(rt.sessions, org_id=org) as session:
        cpu, wall = time.process_time(), time.perf_counter()
        hits = service.search(session, rt.embedder, rt.settings, org, query, limit=10).results
        took, used = time.perf_counter() - wall, time.process_time() - cpu
    return took, used, [str(h.candidate_id) for h in hits]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--queries", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--cold", action="store_true")
    parser.add_argument("--name", default="search_two_connections")
    args = parser.parse_args()
    arms = {"two": True, "one": False}
    rt = Runtime.start(Settings(data_dir=args.data_dir), upgrade=False)
    try:
        with rt.engine.connect() as conn:
            org: uuid.UUID = conn.execute(
                text("SELECT id FROM organizations WHERE slug = 'bench'")
            ).scalar_one()
        texts = [q for _, n, b in queries(args.queries) for q in (n, b)]
        for q in texts[:4]:  # the model, the taxonomy and the pages in, outside the timing
            _one(rt, org, q, True)
        wall: dict[str, list[float]] = {a: [] for a in arms}
        cpu: dict[str, list[float]] = {a: [] for a in arms}
        same: list[bool] = []
        for n in range(args.rounds):
            for q in texts:
                tops = {}
                for arm in list(arms) if n % 2 == 0 else list(arms)[::-1]:
                    rt.settings.search_parallel_legs = arms[arm]
                    w, c, tops[arm] = _one(rt, org, q, args.cold)
                    wall[arm].append(w)
                    cpu[arm].append(c)
                same.append(tops["two"] == tops["one"])
    finally:
        rt.settings.search_parallel_legs = True
        rt.close()
    result: dict[str, Any] = {"cold_query_vectors": args.cold, "rounds": args.rounds}
    for arm in arms:
        result[arm] = {
            "wall": summarize_ms(wall[arm]),
            "api_process_cpu": summarize_ms(cpu[arm]),
            "api_process_cpu_median_ms": round(1000 * statistics.median(cpu[arm]), 2),
        }
    result["same_top10"] = round(sum(same) / len(same), 3)
    result["load_average"] = os.getloadavg()
    write_result(args.name, result)


if __name__ == "__main__":
    main()
