"""Store-inline import, old code against this checkout, alternating in one run.

    git archive dc81a57 | tar -x -C /tmp/scout-old
    python -m benchmarks.import_side_by_side --old /tmp/scout-old [--count 500] [--rounds 2]

Each round runs the same steps in a fresh process per tree (old, new, then new, old: the box
load drifts, so neither side always goes first): a fresh embedded stack, the parser warmed
on 5 profiles, `--count` synthetic profiles imported with `embed=False` (what an API import
with workers does in the request), then re-imported. Wall clock, and the CPU seconds of the
importing process and of the Postgres backends, so a loaded box still gives a fair ratio.
Writes `benchmarks/results/import_side_by_side.json`.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parents[1]


def _db_cpu_s(rt: Any) -> float:
    import psutil

    handle = next(h for h in rt.stack._handles if getattr(h, "pgdata", None))
    root = psutil.Process(handle.get_pid())
    total = 0.0
    for proc in [root, *root.children(recursive=True)]:
        try:
            times = proc.cpu_times()
            total += times.user + times.system
        except psutil.Error:
            pass
    return total


def one(count: int) -> dict[str, Any]:
    """The measured steps, run inside the tree on PYTHONPATH (old or new)."""
    from app.candidates.service import Importer, read_paths
    from app.db import transaction
    from app.synth import write_jsonl
    from benchmarks.common import fresh_runtime, new_org

    with tempfile.TemporaryDirectory() as tmp, fresh_runtime() as rt:
        pool, warm = Path(tmp) / "pool.jsonl", Path(tmp) / "warm.jsonl"
        write_jsonl(pool, count, 11)
        write_jsonl(warm, 5, 99)
        with transaction(rt.sessions) as s:  # gazetteer, taxonomy: start-up, not throughput
            Importer(s, rt.embedder, new_org(rt, "warm"), embed=False).run(read_paths([warm]))
        org = new_org(rt, "bench")
        cpu, db, t = time.process_time(), _db_cpu_s(rt), time.perf_counter()
        with transaction(rt.sessions) as s:
            first = Importer(s, rt.embedder, org, embed=False).run(read_paths([pool]))
        wall = time.perf_counter() - t
        api_cpu, db_cpu = time.process_time() - cpu, _db_cpu_s(rt) - db
        t = time.perf_counter()
        with transaction(rt.sessions) as s:
            again = Importer(s, rt.embedder, org, embed=False).run(read_paths([pool]))
        return {
            "imported": first.imported,
            "resumes_per_s": round(first.imported / wall, 1),
            "api_cpu_s": round(api_cpu, 2),
            "db_cpu_s": round(db_cpu, 2),
            "resumes_per_cpu_s": round(first.imported / max(api_cpu + db_cpu, 1e-9), 1),
            "reimport_imported": again.imported,
            "reimport_embedding_calls": again.embedding_calls,
            "reimport_resumes_per_s": round(count / (time.perf_counter() - t), 1),
            "load_average_1m": round(os.getloadavg()[0], 1),
        }


def _in_tree(tree: Path, count: int) -> dict[str, Any]:
    # Run this file by path with only `tree` on the path: the old tree has no copy of it,
    # and its `app` (and `benchmarks.common`) must be the ones imported.
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--one", str(count)],
        env=env,
        cwd=tree,
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a child run
    parser.add_argument("--old", type=Path, help="a checkout of the old code")
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one)))
        return
    if args.old is None:
        parser.error("--old: a checkout of the code to compare against")
    runs: list[dict[str, Any]] = []
    for i in range(args.rounds):
        order = [("old", args.old), ("new", HERE)]
        for label, tree in order if i % 2 == 0 else order[::-1]:
            runs.append({"tree": label, **_in_tree(tree.resolve(), args.count)})
    from benchmarks.common import write_result

    write_result("import_side_by_side", {"count": args.count, "runs": runs})


if __name__ == "__main__":
    main()
