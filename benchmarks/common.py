"""Shared set-up for benchmarks: a fresh embedded stack in a temporary data dir."""

from __future__ import annotations

import json
import platform
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from app.config import Settings
from app.db import transaction
from app.orgs.service import ensure_org
from app.runtime import Runtime

RESULTS = Path(__file__).resolve().parent / "results"


@contextmanager
def fresh_runtime(data_dir: Path | None = None, **overrides: Any) -> Iterator[Runtime]:
    """A temporary stack, or one kept in `data_dir` so a slow load can be reused."""
    with tempfile.TemporaryDirectory(prefix="scout-bench-") as tmp:
        rt = Runtime.start(Settings(data_dir=data_dir or Path(tmp), **overrides), upgrade=True)
        try:
            yield rt
        finally:
            rt.close()


def new_org(rt: Runtime, slug: str) -> Any:
    with transaction(rt.sessions) as session:
        return ensure_org(session, slug).id


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summarize_ms(samples_s: list[float]) -> dict[str, float]:
    ms = [s * 1000 for s in samples_s]
    return {
        "n": len(ms),
        "p50_ms": round(percentile(ms, 50), 2),
        "p95_ms": round(percentile(ms, 95), 2),
        "mean_ms": round(statistics.fmean(ms), 2),
    }


def write_result(name: str, data: dict[str, Any]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    data = {
        "benchmark": name,
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "machine": {"cpus": __import__("os").cpu_count(), "python": platform.python_version()},
        **data,
    }
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(data, indent=2) + "\n")
    print(json.dumps(data, indent=2))
    print(f"wrote {path}")
    return path
