"""Usage metering: every gateway call, answered or not, becomes one `LLMCall` record."""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal, Protocol

Tier = Literal["strong", "cheap"]


@dataclass(frozen=True, slots=True)
class LLMCall:
    """One `LLMGateway.structured` call; tokens and cost add up every HTTP attempt it made."""

    task: str
    model: str
    tier: Tier
    prompt_tokens: int
    completion_tokens: int
    cached_tokens: int
    latency_ms: float
    cost_usd: float
    attempts: int
    ok: bool
    error: str | None = None
    repairs: int = 0  # local fixes applied to the answer
    at: datetime = field(default_factory=lambda: datetime.now(UTC))


class UsageRecorder(Protocol):
    def record(self, call: LLMCall) -> None: ...


class InMemoryUsageRecorder:
    """Keeps the latest `maxlen` calls and running totals; thread-safe, for tests and dev."""

    def __init__(self, maxlen: int = 10_000) -> None:
        self._calls: deque[LLMCall] = deque(maxlen=maxlen)
        self._lock = threading.Lock()
        self._total_calls = 0
        self._total_cost_usd = 0.0

    def record(self, call: LLMCall) -> None:
        with self._lock:
            self._calls.append(call)
            self._total_calls += 1
            self._total_cost_usd += call.cost_usd

    @property
    def calls(self) -> list[LLMCall]:
        with self._lock:
            return list(self._calls)

    @property
    def total_calls(self) -> int:
        return self._total_calls

    @property
    def total_cost_usd(self) -> float:
        return self._total_cost_usd

    def clear(self) -> None:
        with self._lock:
            self._calls.clear()
            self._total_calls = 0
            self._total_cost_usd = 0.0
