"""Decompression bombs against the DOCX reader: peak memory and time per bomb.

`python -m benchmarks.bench_bombs` builds the bombs of issue 14 (a 1 GiB single-text-node
DOCX, a 128 MiB paragraph bomb) and one that passes the package limits (1.2 M numbered
paragraphs, what only the worker's memory cap stops), reads each as the API does (in a
capped worker) and in-process, and prints the wall time and the peak RSS of this process
and of the parse workers. Before the limits the attack measured +2 GB for the first and
128 s / +1.9 GB for the second, in the API process.
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil

from app.candidates.parsing.isolation import ParseLimits
from app.candidates.parsing.readers import read_path
from benchmarks.common import write_result
from tests.bombs import numbered_paragraphs_docx, paragraph_docx, single_node_docx

MB = 1024 * 1024


class _Peak:
    def __init__(self) -> None:
        self.me = psutil.Process()
        self.own = 0
        self.workers = 0
        self._stop = threading.Event()

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.own = max(self.own, self.me.memory_info().rss)
            kids = 0
            for child in self.me.children(recursive=True):
                try:
                    kids = max(kids, child.memory_info().rss)
                except psutil.Error:
                    continue
            self.workers = max(self.workers, kids)
            time.sleep(0.02)

    def __enter__(self) -> _Peak:
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self.thread.join()


def _measure(path: Path, isolate: ParseLimits | None) -> dict[str, Any]:
    baseline = psutil.Process().memory_info().rss
    started = time.perf_counter()
    with _Peak() as peak:
        result = list(read_path(path, isolate=isolate))
    outcome = getattr(result[0], "error", None) or "read"
    return {
        "seconds": round(time.perf_counter() - started, 2),
        "api_peak_delta_mb": round((peak.own - baseline) / MB, 1),
        "worker_peak_mb": round(peak.workers / MB, 1),
        "outcome": outcome[:120],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--memory-mb", type=int, default=768, help="the worker's cap")
    parser.add_argument("--skip-in-process-numbered", action="store_true")
    args = parser.parse_args()
    limits = ParseLimits(memory_mb=args.memory_mb)
    results: dict[str, Any] = {"worker_memory_cap_mb": args.memory_mb, "bombs": {}}
    with tempfile.TemporaryDirectory(prefix="scout-bombs-") as tmp:
        root = Path(tmp)
        built = time.perf_counter()
        bombs = {
            "single_node_1gib": single_node_docx(root / "single.docx"),
            "paragraphs_128mib": paragraph_docx(root / "paragraphs.docx"),
            "numbered_1_2m": numbered_paragraphs_docx(root / "numbered.docx", 1_200_000),
        }
        results["build_seconds"] = round(time.perf_counter() - built, 1)
        for name, path in bombs.items():
            row = {"size_on_disk_kb": path.stat().st_size // 1024}
            row["isolated"] = _measure(path, limits)
            if not (name == "numbered_1_2m" and args.skip_in_process_numbered):
                row["in_process"] = _measure(path, None)
            results["bombs"][name] = row
            print(name, row, flush=True)
    print("wrote", write_result("bombs", results))


if __name__ == "__main__":
    main()
