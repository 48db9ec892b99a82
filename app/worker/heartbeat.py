"""Liveness of workers and schedulers, told through Redis keys that expire.

Each process writes `scout:heartbeat:<kind>:<name>` every `interval` seconds with a TTL a few
intervals long: a process that dies (even by SIGKILL) stops renewing, and its key is gone
within the TTL. Readiness counts the keys; nothing has to clean up after the dead. A key
written from this very host names its pid, so a reader here sees a killed process at once
rather than when its key expires.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
import threading

import psutil
import redis

log = logging.getLogger(__name__)

PREFIX = "scout:heartbeat"
INTERVAL_S = 2.0
TTL_S = 6


def key(kind: str, name: str) -> str:
    return f"{PREFIX}:{kind}:{name}"


def default_name() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


class Heartbeat:
    """A daemon thread that renews this process's key until stopped."""

    def __init__(
        self,
        client: redis.Redis,
        kind: str,
        *,
        name: str | None = None,
        interval_s: float = INTERVAL_S,
        ttl_s: int = TTL_S,
    ) -> None:
        self.client = client
        self.key = key(kind, name or default_name())
        self.value = json.dumps({"host": socket.gethostname(), "pid": os.getpid()})
        self.interval_s = interval_s
        self.ttl_s = ttl_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"heartbeat-{kind}", daemon=True)

    def beat(self) -> bool:
        try:
            self.client.set(self.key, self.value, ex=self.ttl_s)
        except redis.RedisError as exc:
            # Redis down: the key expires and readiness says so; keep trying, it may return.
            log.debug("heartbeat %s not written: %s", self.key, exc)
            return False
        return True

    def _run(self) -> None:
        while not self._stop.is_set():
            self.beat()
            self._stop.wait(self.interval_s)

    def start(self) -> Heartbeat:
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop renewing and drop the key: a clean exit is not-ready at once, not in 15 s."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=self.interval_s + 1)
        # Redis gone too: the TTL does the same job.
        with contextlib.suppress(redis.RedisError):
            self.client.delete(self.key)


def _dead_here(raw: bytes | str | None) -> bool:
    """True when the key was written on this host by a pid that no longer runs."""
    if raw is None:
        return True
    try:
        origin = json.loads(raw)
        host, pid = str(origin["host"]), int(origin["pid"])
    except (ValueError, KeyError, TypeError):
        return False  # another writer's format: trust the TTL alone
    if host != socket.gethostname():
        return False
    try:
        return bool(psutil.Process(pid).status() == psutil.STATUS_ZOMBIE)
    except psutil.NoSuchProcess:
        return True


def live(client: redis.Redis, kind: str) -> list[str]:
    """Names of the processes of `kind` whose heartbeat has not expired."""
    prefix = f"{PREFIX}:{kind}:"
    keys = [k for k in client.scan_iter(match=prefix + "*", count=100)]
    values = client.mget(keys) if keys else []
    names = [
        (k.decode() if isinstance(k, bytes) else str(k))[len(prefix) :]
        for k, v in zip(keys, values, strict=True)
        if not _dead_here(v)
    ]
    return sorted(names)
