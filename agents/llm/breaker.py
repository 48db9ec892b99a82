"""A circuit breaker per endpoint and model, so a dead or slow LLM costs one timeout, not one
per call: after `failures` consecutive transport failures the breaker opens and calls degrade
at once; after `cooldown_s` one probe is let through (half-open) and its outcome decides."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Literal

BreakerState = Literal["closed", "open", "half_open"]
logger = logging.getLogger(__name__)

Listener = Callable[[str, BreakerState, BreakerState], None]  # (key, old, new)


class CircuitBreaker:
    def __init__(
        self,
        key: str,
        *,
        failures: int = 3,
        cooldown_s: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
        listener: Listener | None = None,
    ) -> None:
        self.key = key
        self.threshold = max(1, failures)
        self.cooldown_s = cooldown_s
        self._clock = clock
        self._listener = listener
        self._lock = threading.Lock()
        self._state: BreakerState = "closed"
        self._consecutive = 0
        self._opened_at = 0.0
        self._probe_out = False

    @property
    def state(self) -> BreakerState:
        with self._lock:
            if self._state == "open" and self._clock() - self._opened_at >= self.cooldown_s:
                return "half_open"
            return self._state

    def retry_in_s(self) -> float:
        """Seconds until the next probe may go; 0 when calls may go now."""
        with self._lock:
            if self._state != "open":
                return 0.0
            return max(0.0, self.cooldown_s - (self._clock() - self._opened_at))

    def allow(self) -> bool:
        """May a call go now? Half-open lets exactly one probe through at a time."""
        with self._lock:
            if self._state == "closed":
                return True
            if self._state == "open":
                if self._clock() - self._opened_at < self.cooldown_s:
                    return False
                self._move("half_open")
            if self._probe_out:
                return False
            self._probe_out = True
            return True

    def success(self) -> None:
        with self._lock:
            self._consecutive = 0
            self._probe_out = False
            if self._state != "closed":
                self._move("closed")

    def failure(self) -> None:
        with self._lock:
            self._consecutive += 1
            was_probe = self._state == "half_open"
            self._probe_out = False
            if was_probe or (self._state == "closed" and self._consecutive >= self.threshold):
                self._opened_at = self._clock()
                self._move("open")

    def release(self) -> None:
        """A call that neither proved nor disproved the endpoint (e.g. invalid output)."""
        with self._lock:
            self._probe_out = False

    def _move(self, new: BreakerState) -> None:
        old, self._state = self._state, new
        if self._listener is not None and old != new:
            try:
                self._listener(self.key, old, new)
            except Exception:  # a listener must never break the call path
                logger.exception("breaker listener failed for %s", self.key)
