"""SSE fan-out: N clients of one recruiter connected to one API process; one event -> all.

    python -m benchmarks.bench_sse [--clients 500] [--rounds 5]

The API runs as its own uvicorn process (one worker, uvloop + httptools as by default) on
127.0.0.1 over a fresh embedded stack; the clients are httpx streams in this process. Each
round publishes one event in its own transaction and times, per client, from the start of
the commit to the moment that client has parsed the frame (one host, one clock). The
clients share the box's two cores with the server, Postgres and Redis, so the figures
include client-side parsing of 500 streams.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
from fastapi import FastAPI

from app.config import Settings
from app.db import transaction
from app.events import bind_wakeups, publish
from app.events.endpoints import router as events_router
from app.events.hub import EventHub
from app.main import create_app
from app.orgs.service import create_token, ensure_org, ensure_recruiter
from app.runtime import Runtime
from benchmarks.common import fresh_runtime, summarize_ms, write_result

REPO_ROOT = Path(__file__).resolve().parent.parent
CONNECT_TIMEOUT_S = 120.0
ROUND_TIMEOUT_S = 30.0


def create_server_app() -> FastAPI:
    """`uvicorn --factory benchmarks.bench_sse:create_server_app` (SCOUT_DATA_DIR set)."""
    runtime = Runtime.start(Settings())
    bind_wakeups(runtime.sessions, runtime.redis)
    app = create_app(runtime=runtime)
    if not any(getattr(r, "path", None) == "/v1/events" for r in app.routes):
        app.include_router(events_router)
    app.state.events = EventHub.from_runtime(runtime)
    return app


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "uvicorn", "--factory", "benchmarks.bench_sse:create_server_app"]
    cmd += ["--host", "127.0.0.1", "--port", str(port), "--lifespan", "off"]
    cmd += ["--log-level", "warning", "--no-access-log", "--timeout-graceful-shutdown", "2"]
    env = {**os.environ, "SCOUT_DATA_DIR": str(data_dir)}
    proc = subprocess.Popen(cmd, cwd=REPO_ROOT, env=env)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("the API process exited during start-up")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the API process did not start in 120 s")


class Fleet:
    """N SSE clients; `arrivals[event_id][client]` is when that client parsed the event."""

    def __init__(self, url: str, token: str, last_id: int, n: int) -> None:
        self.url, self.token, self.last_id, self.n = url, token, last_id, n
        self.ready = 0
        self.all_ready = asyncio.Event()
        self.arrivals: dict[int, dict[int, float]] = {}
        self.waiters: dict[int, asyncio.Event] = {}
        self.errors: list[str] = []

    def expect(self, event_id: int) -> asyncio.Event:
        self.arrivals.setdefault(event_id, {})
        return self.waiters.setdefault(event_id, asyncio.Event())

    async def client(self, http: httpx.AsyncClient, index: int) -> None:
        headers = {"Authorization": f"Bearer {self.token}", "Last-Event-ID": str(self.last_id)}
        try:
            async with http.stream("GET", self.url, headers=headers) as response:
                response.raise_for_status()
                async for line in response.aiter_lines():
                    if line.startswith("retry:"):  # the stream is subscribed
                        self.ready += 1
                        if self.ready == self.n:
                            self.all_ready.set()
                    elif line.startswith("id: "):
                        now = time.perf_counter()
                        event_id = int(line[4:])
                        got = self.arrivals.setdefault(event_id, {})
                        got[index] = now
                        if len(got) == self.n and event_id in self.waiters:
                            self.waiters[event_id].set()
        except httpx.HTTPError as exc:
            self.errors.append(f"client {index}: {exc!r}")


def publish_one(
    rt: Runtime, recruiter_id: uuid.UUID, org_id: uuid.UUID, n: int
) -> tuple[int, float]:
    session = rt.sessions()
    try:
        event_id = publish(
            session,
            recruiter_id=recruiter_id,
            org_id=org_id,
            kind="progress",
            data={"round": n, "text": "evaluating 40 candidates..."},
        )
        started = time.perf_counter()
        session.commit()
        return event_id, started
    finally:
        session.close()


async def run(rt: Runtime, port: int, clients: int, rounds: int) -> dict[str, object]:
    with transaction(rt.sessions) as session:
        org = ensure_org(session, "bench-sse")
        recruiter = ensure_recruiter(session, org, "sse@bench.local")
        token = create_token(session, recruiter, "bench")
        org_id, recruiter_id = org.id, recruiter.id
    fleet = Fleet(f"http://127.0.0.1:{port}/v1/events", token, 0, clients)
    limits = httpx.Limits(max_connections=clients + 10, max_keepalive_connections=0)
    timeout = httpx.Timeout(60.0, read=None)
    async with httpx.AsyncClient(limits=limits, timeout=timeout) as http:
        t0 = time.perf_counter()
        tasks = [asyncio.create_task(fleet.client(http, i)) for i in range(clients)]
        try:
            await asyncio.wait_for(fleet.all_ready.wait(), CONNECT_TIMEOUT_S)
        except TimeoutError as exc:
            msg = f"only {fleet.ready}/{clients} connected; {fleet.errors[:3]}"
            raise SystemExit(msg) from exc
        connect_s = time.perf_counter() - t0
        await asyncio.sleep(1.0)  # let the initial replays settle
        samples: list[float] = []
        per_round: list[dict[str, float]] = []
        missing = 0
        for n in range(rounds):
            event_id, started = await asyncio.to_thread(publish_one, rt, recruiter_id, org_id, n)
            done = fleet.expect(event_id)
            if len(fleet.arrivals[event_id]) < clients:
                # A client that never gets it is counted below as a missing delivery.
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(done.wait(), ROUND_TIMEOUT_S)
            got = fleet.arrivals[event_id]
            missing += clients - len(got)
            lat = [t - started for t in got.values()]
            samples += lat
            per_round.append({**summarize_ms(lat), "max_ms": round(max(lat) * 1000, 2)})
            await asyncio.sleep(1.0)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return {
        "clients": clients,
        "rounds": rounds,
        "connect_all_s": round(connect_s, 2),
        "latency": {**summarize_ms(samples), "max_ms": round(max(samples) * 1000, 2)},
        "first_round": per_round[0],
        "per_round_p95_ms": [r["p95_ms"] for r in per_round],
        "worst_round_p95_ms": max(r["p95_ms"] for r in per_round),
        "missing_deliveries": missing,
        "client_errors": len(fleet.errors),
        "setup": "one uvicorn worker (uvloop, httptools), embedded Postgres 16 + Redis, "
        "all clients of one recruiter, clients in a separate process on the same 2 cores",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if not 1 <= args.clients <= 2000 or not 1 <= args.rounds <= 50:
        raise SystemExit("--clients must be 1..2000 and --rounds 1..50")
    with fresh_runtime() as rt:
        bind_wakeups(rt.sessions, rt.redis)
        port = _free_port()
        server = start_server(rt.settings.data_dir, port)
        try:
            result = asyncio.run(run(rt, port, args.clients, args.rounds))
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(5)
    write_result("sse", result)


if __name__ == "__main__":
    main()
