"""`scout up` as a real subprocess on its own data dir and port: it supervises its worker
(a SIGKILLed worker is back, and readiness said 503 meanwhile) and SIGTERM leaves nothing
of that data dir running."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import psutil
import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _of_data_dir(data_dir: Path) -> list[psutil.Process]:
    found = []
    for proc in psutil.process_iter(["cmdline"]):
        try:
            if any(str(data_dir) in part for part in proc.info["cmdline"] or []):
                found.append(proc)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return found


def _readyz(base: str) -> tuple[int, dict[str, object]]:
    try:
        r = httpx.get(f"{base}/readyz", timeout=5)
    except httpx.HTTPError:
        return 0, {}
    return r.status_code, r.json()


def _child(up: psutil.Process, command: str) -> psutil.Process | None:
    for proc in up.children():
        try:
            if proc.cmdline()[-1:] == [command]:
                return proc
        except psutil.NoSuchProcess:
            continue
    return None


@pytest.fixture
def scout_up(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], str, Path]]:
    data_dir = tmp_path / "d"
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "up", "--port", str(port), "--no-sample"],
        env={**os.environ, "SCOUT_DATA_DIR": str(data_dir)},
    )
    try:
        yield proc, f"http://127.0.0.1:{port}", data_dir
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for leftover in _of_data_dir(data_dir):  # never leak into other tests
            leftover.kill()


def _wait_ready(base: str, timeout: float) -> float:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if _readyz(base)[0] == 200:
            return time.monotonic() - start
        time.sleep(0.5)
    raise AssertionError(f"not ready within {timeout} s: {_readyz(base)}")


def test_up_restarts_what_dies_and_sigterm_leaves_nothing(
    scout_up: tuple[subprocess.Popen[bytes], str, Path],
) -> None:
    proc, base, data_dir = scout_up
    _wait_ready(base, 240)
    assert httpx.get(f"{base}/healthz", timeout=5).json() == {"status": "ok"}
    code, body = _readyz(base)
    components = body["components"]
    assert isinstance(components, dict)
    assert set(components) == {"postgres", "redis", "worker", "scheduler"}

    up = psutil.Process(proc.pid)
    worker = _child(up, "worker")
    assert worker is not None
    worker.send_signal(signal.SIGKILL)
    killed_at = time.monotonic()
    saw_503 = False
    while time.monotonic() - killed_at < 30:
        code, body = _readyz(base)
        if code == 503:
            saw_503 = True
            assert body["components"]["worker"]["ok"] is False  # type: ignore[index]
        elif code == 200 and saw_503:
            break
        time.sleep(0.2)
    recovered = time.monotonic() - killed_at
    assert saw_503, "readiness never reported the dead worker"
    assert code == 200, f"worker not back within 30 s: {body}"
    again = _child(up, "worker")
    assert again is not None and again.pid != worker.pid
    print(f"worker recovered in {recovered:.1f} s")

    # The embedded servers it owns: Redis killed outright, Postgres shut down under it.
    redis_server = next(p for p in _of_data_dir(data_dir) if "redis" in p.name())
    redis_server.send_signal(signal.SIGKILL)
    down_at = time.monotonic()
    wait_ready_again = _wait_ready(base, 30)
    print(f"redis back and ready in {time.monotonic() - down_at:.1f} s")
    assert wait_ready_again < 30
    fresh = next(p for p in _of_data_dir(data_dir) if "redis" in p.name())
    assert fresh.pid != redis_server.pid

    postmaster = next(p for p in _of_data_dir(data_dir) if "postgres" in p.name())
    postmaster.send_signal(signal.SIGINT)  # a fast shutdown, as an operator's pg_ctl would
    down_at = time.monotonic()
    wait_for_new = time.monotonic() + 60
    while time.monotonic() < wait_for_new:
        current = [p for p in _of_data_dir(data_dir) if "postgres" in p.name()]
        if current and current[0].pid != postmaster.pid and _readyz(base)[0] == 200:
            break
        time.sleep(0.5)
    else:
        raise AssertionError(f"postgres not back within 60 s: {_readyz(base)}")
    print(f"postgres back and ready in {time.monotonic() - down_at:.1f} s")

    postmaster = next(p for p in _of_data_dir(data_dir) if "postgres" in p.name())
    stopped_at = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 0
    print(f"scout up stopped in {time.monotonic() - stopped_at:.1f} s")
    deadline = time.monotonic() + 10
    while (_of_data_dir(data_dir) or postmaster.is_running()) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert [p.cmdline() for p in _of_data_dir(data_dir)] == []
    assert not postmaster.is_running()
