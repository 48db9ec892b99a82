"""Freshness: a fitting profile is imported -> the recruiter's open event stream gets
"candidates.ready". Real processes: `scout up` (API + Celery worker + scheduler) on a fresh
embedded stack, an SSE client on loopback, offline engine.

    python -m benchmarks.bench_freshness [--rounds 20]

Goal: p95 <= 10 s on this box.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from benchmarks.common import summarize_ms, write_result

POOL = Path(__file__).resolve().parents[1] / "tests" / "pool.py"
REQUEST = "Senior data scientist in Berlin, hybrid. Python, pandas and SQL are a must."


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def profile(i: int) -> dict[str, Any]:
    return {
        "id": f"fresh-{i}",
        "name": f"Fresh Candidate {i}",
        "headline": "Data Scientist",
        "location": "Berlin, Germany",
        "years_experience": 4 + i % 5,
        "experience": [
            {
                "title": "Data Scientist",
                "company": f"Lab {i}",
                "start": "2019",
                "end": "present",
                "description": f"Built forecasting model number {i} in Python with "
                "pandas and SQL; machine learning in production.",
            }
        ],
        "skills": ["Python", "pandas", "SQL"],
    }


async def wait_status(client: httpx.AsyncClient, pid: str, status: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while (await client.get(f"/v1/projects/{pid}")).json()["status"] != status:
        if time.monotonic() > deadline:
            raise SystemExit(f"project never reached {status}")
        await asyncio.sleep(0.3)


async def run(base: str, token: str, rounds: int) -> list[float]:
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60) as client:
        sys.path.insert(0, str(POOL.parents[1]))
        from tests.pool import PROFILES

        body = "".join(json.dumps(p) + "\n" for p in PROFILES).encode()
        r = await client.post(
            "/v1/candidates/import", files=[("files", ("pool.jsonl", body, "text/plain"))]
        )
        r.raise_for_status()
        pid = (await client.post("/v1/projects", json={"text": REQUEST})).json()["id"]
        await wait_status(client, pid, "awaiting_approval", 120)
        approval = (await client.get("/v1/approvals")).json()["items"][0]
        await client.post(f"/v1/approvals/{approval['id']}", json={"decision": "approve"})
        await wait_status(client, pid, "calibration_ready", 180)
        r = await client.post(f"/v1/projects/{pid}/async", json={"enabled": True})
        r.raise_for_status()

        arrivals: dict[str, float] = {}
        got = asyncio.Event()

        async def listen() -> None:
            async with client.stream("GET", "/v1/events", timeout=None) as stream:
                kind = None
                async for line in stream.aiter_lines():
                    if line.startswith("event: "):
                        kind = line[7:]
                    elif line.startswith("data: ") and kind == "candidates.ready":
                        data = json.loads(line[6:])
                        arrivals[str(data.get("run_id"))] = time.perf_counter()
                        got.set()

        listener = asyncio.create_task(listen())
        await asyncio.sleep(1.0)
        latencies: list[float] = []
        for i in range(rounds):
            got.clear()
            payload = (json.dumps(profile(i)) + "\n").encode()
            t0 = time.perf_counter()
            r = await client.post(
                "/v1/candidates/import",
                files=[("files", (f"fresh-{i}.jsonl", payload, "text/plain"))],
            )
            r.raise_for_status()
            try:
                await asyncio.wait_for(got.wait(), 60)
            except TimeoutError:
                print(f"round {i}: no ready event within 60 s", flush=True)
                continue
            latencies.append(max(arrivals.values()) - t0)
            arrivals.clear()
        listener.cancel()
        return latencies


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="scout-fresh-") as tmp:
        port = free_port()
        env = {**os.environ, "SCOUT_DATA_DIR": tmp}
        proc = subprocess.Popen(
            [sys.executable, "-m", "app", "up", "--no-sample", "--port", str(port)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        token = None
        assert proc.stdout is not None
        for line in proc.stdout:
            m = re.search(r"(sct_[A-Za-z0-9_-]+)", line)
            if m:
                token = m.group(1)
            if "Scout is up" in line and token is None:
                continue
            if token:
                break
        assert token, "scout up never printed a token"
        time.sleep(5)  # let the worker come up
        try:
            latencies = asyncio.run(run(f"http://127.0.0.1:{port}", token, args.rounds))
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
    write_result(
        "freshness",
        {
            "rounds": args.rounds,
            "delivered": len(latencies),
            "import_to_ready_event": summarize_ms(latencies),
            "goal_p95_ms": 10_000,
            "setup": "scout up (API + 1 worker, 4 threads + scheduler), offline engine, "
            "one SSE client, one fitting profile imported per round",
        },
    )


if __name__ == "__main__":
    main()
