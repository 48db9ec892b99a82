"""Concurrent clients against the real API over HTTP: throughput, p50/p95, and where the
CPU goes (the API process vs the Postgres processes vs the clients), from psutil.

    python -m benchmarks.bench_concurrency --data-dir /tmp/scale/pool100k --clients 20 \\
        --seconds 60

The API runs in its own process (uvicorn, one worker, as `scout up` serves it) on the pool
a `bench_scale` run left in --data-dir, with the search rate limit off; every client is a
thread with its own keep-alive connection sending natural-language and Boolean queries
from `bench_scale.queries` in turn.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import psutil

from app.config import Settings
from app.db import transaction
from app.orgs.service import create_token, ensure_org, ensure_recruiter
from app.runtime import Runtime
from benchmarks.bench_scale import postgres_processes, queries
from benchmarks.common import summarize_ms, write_result

PORT = 8765


def serve(data_dir: Path, port: int) -> None:
    import uvicorn

    from app.main import create_app

    rt = Runtime.start(Settings(data_dir=data_dir), upgrade=False)
    try:
        uvicorn.run(create_app(runtime=rt), host="127.0.0.1", port=port, log_level="warning")
    finally:
        rt.close()


def _cpu(procs: list[psutil.Process]) -> dict[int, float]:
    out: dict[int, float] = {}
    for proc in procs:
        try:
            times = proc.cpu_times()
            out[proc.pid] = times.user + times.system
        except psutil.Error:
            continue
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--queries", type=int, default=40)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--name", default="concurrency")
    args = parser.parse_args()
    if args.serve:
        serve(args.data_dir, PORT)
        return
    rt = Runtime.start(Settings(data_dir=args.data_dir), upgrade=False)
    with transaction(rt.sessions) as session:
        org = ensure_org(session, "bench")
        person = ensure_recruiter(session, org, "bench@example.com")
        token = create_token(session, person, label="bench_concurrency")
    env = {**os.environ, "SCOUT_RATE_LIMIT_SEARCH": "0", "SCOUT_DATA_DIR": str(args.data_dir)}
    api = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "benchmarks.bench_concurrency",
            "--serve",
            "--data-dir",
            str(args.data_dir),
        ],
        env=env,
    )
    base = f"http://127.0.0.1:{PORT}"
    headers = {"Authorization": f"Bearer {token}"}
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(1)
        mix = [q for _, natural, boolean in queries(args.queries) for q in (natural, boolean)]
        # The first request loads the model and the taxonomy: minutes on a busy box.
        with httpx.Client(base_url=base, headers=headers, timeout=600) as warm:
            for q in mix:  # warm: query vectors cached, pages in memory
                warm.get("/v1/candidates/search", params={"q": q, "limit": 10})
        api_proc = psutil.Process(api.pid)
        watched = {"api": [api_proc], "postgres": postgres_processes(args.data_dir)}
        me = psutil.Process()
        before = {k: _cpu(v) for k, v in watched.items()}
        me_before = sum(me.cpu_times()[:2])
        samples: list[float] = []
        errors: list[int] = []
        lock = threading.Lock()
        stop_at = time.monotonic() + args.seconds

        def client(n: int) -> None:
            with httpx.Client(base_url=base, headers=headers, timeout=60) as http:
                i = n
                while time.monotonic() < stop_at:
                    q = mix[i % len(mix)]
                    i += 1
                    started = time.perf_counter()
                    r = http.get("/v1/candidates/search", params={"q": q, "limit": 10})
                    took = time.perf_counter() - started
                    with lock:
                        (samples if r.status_code == 200 else errors).append(
                            took if r.status_code == 200 else r.status_code  # type: ignore[arg-type]
                        )

        started = time.monotonic()
        threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.monotonic() - started
        watched["postgres"] = postgres_processes(args.data_dir)  # backends opened during the run
        after = {k: _cpu(v) for k, v in watched.items()}
        cpu = {
            k: round(sum(after[k][p] - before[k].get(p, 0.0) for p in after[k]), 1) for k in watched
        }
        cpu["clients"] = round(sum(me.cpu_times()[:2]) - me_before, 1)
        total = sum(cpu.values()) or 1.0
        result: dict[str, Any] = {
            "clients": args.clients,
            "seconds": round(wall, 1),
            "requests_ok": len(samples),
            "errors": len(errors),
            "throughput_rps": round(len(samples) / wall, 1),
            "latency": summarize_ms(samples),
            "cpu_seconds": cpu,
            "cpu_share": {k: round(v / total, 3) for k, v in cpu.items()},
            # CPU a request costs each side: what the box's 2 cores bound throughput by.
            "cpu_ms_per_request": {
                k: round(1000 * v / max(1, len(samples)), 1) for k, v in cpu.items()
            },
            "load_average": os.getloadavg(),
        }
    finally:
        api.terminate()
        api.wait(timeout=30)
        rt.close()
    write_result(args.name, result)


if __name__ == "__main__":
    main()
