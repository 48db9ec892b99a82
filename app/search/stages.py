"""Where one search spends its time, stage by stage, for benchmarks and profiling.

The service marks its stages with `stage(name)`; they cost nothing unless a caller is
`recording()` (`python -m benchmarks.bench_search_stages` prints the table). Work handed to
another thread keeps recording through `in_background`.
"""

from __future__ import annotations

import contextvars
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

T = TypeVar("T")

_TIMES: contextvars.ContextVar[dict[str, float] | None] = contextvars.ContextVar(
    "search_stage_times", default=None
)


@contextmanager
def stage(name: str) -> Iterator[None]:
    times = _TIMES.get()
    if times is None:
        yield
        return
    started = time.perf_counter()
    try:
        yield
    finally:
        times[name] = times.get(name, 0.0) + time.perf_counter() - started


@contextmanager
def recording() -> Iterator[dict[str, float]]:
    """Seconds per stage of the searches run inside (summed when a stage repeats)."""
    times: dict[str, float] = {}
    token = _TIMES.set(times)
    try:
        yield times
    finally:
        _TIMES.reset(token)


class Background(Generic[T]):
    """`fn()` on its own thread, started at once; `result()` waits and re-raises. For CPU work
    outside Postgres (the query embedding) while this thread waits on a statement."""

    def __init__(self, fn: Callable[[], T]) -> None:
        self._value: T | None = None
        self._error: BaseException | None = None
        context = contextvars.copy_context()
        self._thread = threading.Thread(target=context.run, args=(self._run, fn), daemon=True)
        self._thread.start()

    def _run(self, fn: Callable[[], T]) -> None:
        try:
            self._value = fn()
        except BaseException as exc:  # handed to the caller by result()
            self._error = exc

    def wait(self) -> None:
        self._thread.join()

    def result(self) -> T:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]
