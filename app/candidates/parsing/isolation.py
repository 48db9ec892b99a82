"""PDF and DOCX parsed in a worker process with a memory and CPU cap, not in the API.

The package limits stop the known bombs before parsing; this stops the unknown ones. A
parser that needs more than `memory_mb` gets a MemoryError in the worker (RLIMIT_AS), one
that spins past `cpu_seconds` is killed (RLIMIT_CPU, raised per file so a long-lived worker
is not charged for earlier files); either way that file gets an error and the rest of the
import goes on, and the API process never holds the inflated document. The workers are
spawned (not forked: a fork of the API would start with its whole address space, model
included, counted against the cap) once per process, on first use.
"""

from __future__ import annotations

import atexit
import math
import multiprocessing
import resource
import threading
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from app.candidates.parsing.readers_documents import read_docx, read_pdf
from app.candidates.profile import RawRecord, ReadError

_READERS = {".pdf": read_pdf, ".docx": read_docx}
ISOLATED_SUFFIXES = frozenset(_READERS)


@dataclass(frozen=True)
class ParseLimits:
    memory_mb: int = 768
    cpu_seconds: int = 60
    workers: int = 2


def _cap_memory(limit_bytes: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))


def _parse(suffix: str, path: str, label: str, max_chars: int, cpu_seconds: int) -> object:
    """In the worker: one file, within a fresh CPU budget."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    spent = math.ceil(usage.ru_utime + usage.ru_stime)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    resource.setrlimit(resource.RLIMIT_CPU, (spent + cpu_seconds, hard))
    try:
        return _READERS[suffix](Path(path), label, max_chars)
    except MemoryError:
        return ReadError(file=label, error=_TOO_MUCH_MEMORY)


_MIN_WAIT_S = 20
_TOO_MUCH_MEMORY = (
    "not read: parsing this file needs more memory than one resume may (a decompression "
    "bomb or a damaged file?); export it again or send it as PDF/TXT"
)
_KILLED = (
    "not read: parsing this file went past the memory or time one resume may (a hostile "
    "or damaged file?); export it again or send it as TXT"
)
_TOO_LONG = (
    "not read: parsing this file took longer than one resume may (a hostile or damaged "
    "file?); export it again or send it as TXT"
)


class _Pool:
    """One executor per process, rebuilt when a worker dies (killed by its cap)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.executor: ProcessPoolExecutor | None = None
        self.limits: ParseLimits | None = None

    def get(self, limits: ParseLimits) -> ProcessPoolExecutor:
        with self.lock:
            if self.executor is None or self.limits != limits:
                self._close()
                self.executor = ProcessPoolExecutor(
                    max_workers=limits.workers,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_cap_memory,
                    initargs=(limits.memory_mb * 1024 * 1024,),
                )
                self.limits = limits
            return self.executor

    def is_current(self, executor: ProcessPoolExecutor) -> bool:
        with self.lock:
            return self.executor is executor

    def discard(self, executor: ProcessPoolExecutor) -> None:
        with self.lock:
            if self.executor is executor:
                self._close(kill=True)

    def _close(self, *, kill: bool = False) -> None:
        executor, self.executor = self.executor, None
        if executor is None:
            return
        if kill:
            # A worker stuck past its deadline would never return; the executor offers no
            # public way to stop a running task, so its processes are killed directly.
            for process in list(getattr(executor, "_processes", {}).values()):
                process.kill()
        executor.shutdown(wait=not kill, cancel_futures=True)

    def close(self) -> None:
        with self.lock:
            self._close()


_POOL = _Pool()
atexit.register(_POOL.close)


@dataclass
class Submitted:
    """A file handed to the pool; `resolve` waits for it (see `app.candidates.parsing.prefetch`)."""

    file: Path
    label: str
    executor: ProcessPoolExecutor
    future: Future[object]

    def succeeded(self) -> bool:
        """Done with a result of its own (not cancelled, not lost with a broken pool)."""
        return (
            self.future.done() and not self.future.cancelled() and self.future.exception() is None
        )


def submit_isolated(file: Path, label: str, max_chars: int, limits: ParseLimits) -> Submitted:
    executor = _POOL.get(limits)
    suffix = file.suffix.lower()
    future = executor.submit(_parse, suffix, str(file), label, max_chars, limits.cpu_seconds)
    return Submitted(file, label, executor, future)


def discard_pool(executor: ProcessPoolExecutor) -> None:
    """Kill this pool's workers, if it is still the live one (a new one starts on demand)."""
    _POOL.discard(executor)


def pool_alive(executor: ProcessPoolExecutor) -> bool:
    return _POOL.is_current(executor)


def killed(label: str) -> ReadError:
    return ReadError(file=label, error=_KILLED)


class PoolLost(Exception):
    """The pool broke or was discarded while this file waited: which file broke it is not
    known, so the caller reads this one again alone (`read_isolated`)."""


def resolve(job: Submitted, limits: ParseLimits) -> RawRecord | ReadError:
    """The result of a submitted file; `PoolLost` when its pool died under it."""
    try:
        # Wall-clock guard on top of the CPU cap: a worker blocked without spending CPU. It
        # also counts the start of a fresh worker (seconds on a loaded box), hence the floor.
        result = job.future.result(timeout=max(limits.cpu_seconds * 3, _MIN_WAIT_S))
    except (BrokenProcessPool, CancelledError) as exc:
        _POOL.discard(job.executor)
        raise PoolLost(job.label) from exc
    except TimeoutError:
        _POOL.discard(job.executor)
        return ReadError(file=job.label, error=_TOO_LONG)
    assert isinstance(result, RawRecord | ReadError)
    return result


def read_isolated(
    file: Path, label: str, max_chars: int, limits: ParseLimits
) -> RawRecord | ReadError:
    """`read_pdf`/`read_docx` for `file`, run alone in a capped worker; never raises."""
    try:
        return resolve(submit_isolated(file, label, max_chars, limits), limits)
    except PoolLost:  # alone in the pool, so this file killed it: its CPU cap, or memory in C
        return killed(label)
