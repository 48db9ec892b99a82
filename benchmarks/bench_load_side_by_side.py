"""The bulk loader of two checkouts side by side, in the same minutes: profiles/s and
CPU-seconds (loader and workers; Postgres backends) of `scout synth-load` into a fresh pool
each.

    python -m benchmarks.bench_load_side_by_side --before /tmp/main-copy --after . \\
        --count 10000 --variants 10 --vocab-cache /tmp/million/vocab.npz --name load_10k

Both loads start at once, niced alike, so a busy box slows both the same; CPU-seconds are
the fairer figure. Each pool first gets one resume (migrations, the organization), then the
timed load, then the same command again, which adds nothing: its CPU is the start-up,
taken off the loader's. Postgres CPU is the postmaster's with its reaped children
(backends, parallel index workers), so it includes the index build and VACUUM. Without
`--vocab-cache` each load embeds the phrases it meets (the model's share of a load).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil

from benchmarks.common import write_result


def _postgres_cpu(pool: Path) -> float | None:
    try:
        postmaster = psutil.Process(int((pool / "pg" / "postmaster.pid").read_text().split()[0]))
        t = postmaster.cpu_times()
        total = t.user + t.system + t.children_user + t.children_system
        for child in postmaster.children():
            with_times = child.cpu_times()
            total += with_times.user + with_times.system
        return float(total)
    except (OSError, ValueError, psutil.Error):
        return None


def _load(code: Path, pool: Path, args: argparse.Namespace, count: int, workers: int) -> Any:
    env = dict(os.environ, PYTHONPATH=str(code), SCOUT_DATA_DIR=str(pool))
    cmd = ["nice", "-n", str(args.nice), "/usr/bin/time", "-f", "%U %S", sys.executable]
    cmd += ["-m", "app", "synth-load", "--count", str(count), "--variants", str(args.variants)]
    cmd += ["--workers", str(workers), "--writers", "2", "--vocab-cache", str(pool) + ".npz"]
    return subprocess.Popen(
        cmd, env=env, cwd=code, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _cpu(stderr: str) -> float:
    user, system = stderr.strip().splitlines()[-1].split()
    return float(user) + float(system)


def run_side(code: Path, pool: Path, args: argparse.Namespace, out: dict[str, Any]) -> None:
    if args.vocab_cache:
        shutil.copy(args.vocab_cache, str(pool) + ".npz")
    setup = _load(code, pool, args, args.variants, 0)
    if setup.wait() != 0:
        raise RuntimeError(f"setup load failed: {setup.stderr.read() if setup.stderr else ''}")
    started = time.perf_counter()
    proc = _load(code, pool, args, args.count, args.workers)
    postgres = None
    while proc.poll() is None:  # the last reading before the pool's server stops with it
        postgres = _postgres_cpu(pool) or postgres
        time.sleep(0.5)
    stdout, stderr = proc.communicate()
    wall = time.perf_counter() - started
    report = json.loads(stdout[stdout.index("{") :])
    again = _load(code, pool, args, args.count, args.workers)
    _, again_err = again.communicate()
    startup = _cpu(again_err)
    loader = _cpu(stderr) - startup
    cpu = loader + (postgres or 0.0)
    out.update(
        wall_s=round(wall, 1),
        loader_cpu_s=round(loader, 1),
        startup_cpu_s=round(startup, 1),
        postgres_cpu_s=round(postgres or 0.0, 1),
        cpu_s=round(cpu, 1),
        ms_cpu_per_profile=round(1000 * cpu / max(1, report["profiles_loaded"]), 3),
        profiles_per_cpu_s=round(report["profiles_loaded"] / cpu, 1),
        report=report,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", type=Path, required=True, help="checkout of the old code")
    parser.add_argument("--after", type=Path, default=Path("."))
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--variants", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--nice", type=int, default=10)
    parser.add_argument("--vocab-cache", type=Path, help="start both from a copy of this")
    parser.add_argument("--name", default="load_side_by_side")
    args = parser.parse_args()
    result: dict[str, Any] = {"count": args.count, "variants": args.variants}
    with tempfile.TemporaryDirectory(prefix="scout-load-") as tmp:
        sides = {"before": args.before.resolve(), "after": args.after.resolve()}
        outs: dict[str, dict[str, Any]] = {side: {} for side in sides}
        threads = [
            threading.Thread(target=run_side, args=(code, Path(tmp) / side, args, outs[side]))
            for side, code in sides.items()
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    result["load_average_end"] = [round(x, 1) for x in os.getloadavg()]
    for side, out in outs.items():
        report = out.get("report", {})
        print(
            f"{side:>6}: {report.get('profiles_per_second')} profiles/s, "
            f"{out.get('profiles_per_cpu_s')} per CPU-s ({out.get('ms_cpu_per_profile')} ms: "
            f"loader {out.get('loader_cpu_s')} + Postgres {out.get('postgres_cpu_s')} CPU-s), "
            f"phrases embedded {report.get('phrases_embedded')}"
        )
        result[side] = out
    write_result(args.name, result)


if __name__ == "__main__":
    main()
