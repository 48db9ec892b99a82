"""Read an upload's documents ahead, so the parse pool works while this process stores.

Read one file at a time, the API waits for each PDF or DOCX in the capped worker and the
worker waits while the API extracts and writes: one core busy out of two. Here the next
documents (up to `ahead` of them) are already in the pool while the earlier records are
extracted and stored, and results still come out in file order.

The per-file contract holds: a file that breaks the pool (its memory or CPU cap) takes the
other in-flight files down with it, and which of them did it is not known. So every file
that lost its result that way is read again alone, after the pool is rebuilt: the one that
breaks it alone gets the error, the others read normally. Nothing new is submitted while
those run alone.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from app.candidates.parsing.isolation import (
    ParseLimits,
    PoolLost,
    Submitted,
    discard_pool,
    killed,
    pool_alive,
    read_isolated,
    resolve,
    submit_isolated,
)
from app.candidates.profile import RawRecord, ReadError

ReadResult = RawRecord | ReadError


@dataclass
class _Alone:
    """A document to read alone (its pool was lost while it waited)."""

    file: Path
    label: str


# What a planned file becomes: documents in the pool, errors known at once, and readers run
# here in order (text files, CSV/JSONL streams).
_Planned = Submitted | _Alone | ReadError | Callable[[], Iterator[ReadResult]]


def read_ahead(
    plans: Iterable[tuple[Path, str] | ReadError | Callable[[], Iterator[ReadResult]]],
    limits: ParseLimits,
    max_chars: int,
    ahead: int | None = None,
) -> Iterator[ReadResult]:
    """Yield each plan's records in order; `(file, label)` plans go to the pool early."""
    window = ahead if ahead is not None else 2 * limits.workers
    source = iter(plans)
    queue: deque[_Planned] = deque()
    exhausted = False

    def in_flight() -> int:
        return sum(isinstance(p, Submitted) for p in queue)

    def fill() -> None:
        nonlocal exhausted
        if any(isinstance(p, _Alone) for p in queue):
            return  # those must run with nothing else in the pool
        # Bounded both ways: documents in the pool, and plans held (a folder of text files).
        while not exhausted and in_flight() < window and len(queue) < 4 * window:
            plan = next(source, None)
            if plan is None:
                exhausted = True
            elif isinstance(plan, tuple):
                queue.append(submit_isolated(plan[0], plan[1], max_chars, limits))
            else:
                queue.append(plan)

    fill()
    while queue:
        plan = queue.popleft()
        if isinstance(plan, ReadError):
            yield plan
        elif isinstance(plan, _Alone):
            yield read_isolated(plan.file, plan.label, max_chars, limits)
        elif isinstance(plan, Submitted):
            try:
                result = resolve(plan, limits)
            except PoolLost:
                if _read_rest_alone(queue):
                    result = read_isolated(plan.file, plan.label, max_chars, limits)
                else:  # nothing else was in the pool: this file broke it
                    result = killed(plan.label)
            else:
                if not pool_alive(plan.executor):  # it ran out of time: its pool was killed
                    _read_rest_alone(queue)
            yield result
        else:
            yield from plan()
        fill()


def _read_rest_alone(queue: deque[_Planned]) -> int:
    """Every file whose result went with a lost pool is read again, alone: any pool still
    holding one of them is stopped first, so nothing else runs beside those reads. Returns
    how many there were."""
    marked = 0
    for i, other in enumerate(queue):
        if isinstance(other, Submitted) and not other.succeeded():
            discard_pool(other.executor)
            queue[i] = _Alone(other.file, other.label)
            marked += 1
    return marked
