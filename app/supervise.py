"""What `scout up` does besides serving: keep its worker, scheduler and embedded servers
alive, and stop them all, in order and within a bounded time, when it is told to stop.

A child that dies is started again after a backoff that doubles with each quick death
(1 s, 2 s, 4 s ... capped), and resets once the child has stayed up a while: a crash loop
costs little, a one-off crash is repaired at once. Children run in their own session so a
Ctrl-C in the terminal reaches `scout up` alone, which then stops them in order rather than
racing them.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

log = logging.getLogger(__name__)


class Server(Protocol):
    """An embedded server this process owns: asked whether it answers, restarted if not."""

    name: str

    def alive(self) -> bool: ...

    def restart(self) -> None: ...


@dataclass
class Child:
    name: str
    argv: list[str]
    proc: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    quick_deaths: int = 0
    restart_at: float | None = None
    restarts: int = 0


@dataclass
class Supervisor:
    children: list[Child]
    servers: Sequence[Server] = ()
    env: dict[str, str] | None = None
    backoff_base_s: float = 1.0
    backoff_max_s: float = 30.0
    stable_s: float = 60.0
    poll_s: float = 0.5
    on_restart: Callable[[str, int], None] | None = None
    _stopping: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> None:
        for child in self.children:
            self._spawn(child)
        self._thread = threading.Thread(target=self._watch, name="supervisor", daemon=True)
        self._thread.start()

    def _spawn(self, child: Child) -> None:
        child.proc = subprocess.Popen(child.argv, env=self.env, start_new_session=True)
        child.started_at = time.monotonic()
        child.restart_at = None

    def backoff(self, quick_deaths: int) -> float:
        return float(min(self.backoff_max_s, self.backoff_base_s * 2 ** max(0, quick_deaths - 1)))

    def _watch(self) -> None:
        while not self._stopping.wait(self.poll_s):
            try:
                self.tick()
            except Exception:  # the watcher must outlive any one failed restart
                log.exception("supervisor tick failed")

    def tick(self) -> None:
        now = time.monotonic()
        for server in self.servers:
            if self._stopping.is_set():
                return
            if not server.alive():
                log.warning("%s is not answering; restarting it", server.name)
                server.restart()
        with self._lock:
            for child in self.children:
                if self._stopping.is_set() or child.proc is None or child.proc.poll() is None:
                    continue
                if child.restart_at is None:
                    lived = now - child.started_at
                    child.quick_deaths = 0 if lived >= self.stable_s else child.quick_deaths + 1
                    delay = self.backoff(child.quick_deaths)
                    child.restart_at = now + delay
                    log.warning(
                        "%s exited with %s after %.0f s; restarting in %.0f s",
                        child.name,
                        child.proc.returncode,
                        lived,
                        delay,
                    )
                elif now >= child.restart_at:
                    self._spawn(child)
                    child.restarts += 1
                    if self.on_restart is not None:
                        self.on_restart(child.name, child.restarts)

    def stop(self, timeout_s: float = 20.0) -> None:
        """SIGTERM every child, wait for all up to `timeout_s` together, SIGKILL the rest."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        with self._lock:
            running = [c.proc for c in self.children if c.proc is not None]
            for proc in running:
                if proc.poll() is None:
                    _signal(proc, signal.SIGTERM)
            deadline = time.monotonic() + timeout_s
            for proc in running:
                try:
                    proc.wait(timeout=max(0.0, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    log.warning("pid %s did not stop in %.0f s; killing it", proc.pid, timeout_s)
                    _signal(proc, signal.SIGKILL)
                    proc.wait()


def _signal(proc: subprocess.Popen[bytes], sig: int) -> None:
    # The child leads its own process group: signal the group, so whatever it started
    # (a pool, a helper) goes with it.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, sig)
