"""A deadline for one step of a journey, across all the LLM calls inside it.

A supervisor step sets it (`with step_deadline(120): ...`); every gateway call in the same
thread or task then sizes its timeouts and retries to what is left, so a slow model cannot
stretch a step past its budget. Context variables follow threads started with
`contextvars.copy_context()` (the gateway's concurrent map does that).
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Iterator
from contextlib import contextmanager

_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "scout_llm_deadline", default=None
)


@contextmanager
def step_deadline(seconds: float | None) -> Iterator[None]:
    """Bound every LLM call inside the block to `seconds` from now (None: no bound)."""
    if seconds is None:
        yield
        return
    ends = time.monotonic() + seconds
    current = _DEADLINE.get()
    token = _DEADLINE.set(ends if current is None else min(current, ends))
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def remaining_s(extra_deadline: float | None = None) -> float | None:
    """Seconds left before the nearer of the step deadline and `extra_deadline` (monotonic)."""
    candidates = [d for d in (_DEADLINE.get(), extra_deadline) if d is not None]
    if not candidates:
        return None
    return min(candidates) - time.monotonic()
