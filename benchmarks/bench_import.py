"""Import throughput end to end (read, extract, dedupe, embed, write) and embedding calls.

    python -m benchmarks.bench_import [--count 1000] [--skip-inline-embed]

Runs the real Importer on a fresh embedded stack: first import of a synthetic pool, then
the same files again (must make zero embedding calls), then the same pool stored inline
and embedded by the worker's batch task (side by side), then the public resume CSV.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

from app.candidates.service import Importer, read_paths
from app.candidates.tasks import embed_candidates
from app.db import transaction
from app.synth import write_jsonl
from benchmarks.common import fresh_runtime, new_org, write_result

SHARED_CSV = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "resumes" / "UpdatedResumeDataSet.csv"
)


class TimedEmbedder:
    """Measure the share of import time the model takes."""

    def __init__(self, inner: object) -> None:
        self.inner = inner
        self.seconds = 0.0

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)

    def embed(self, texts: list[str]) -> list[list[float]]:
        t = time.perf_counter()
        try:
            return self.inner.embed(texts)  # type: ignore[attr-defined, no-any-return]
        finally:
            self.seconds += time.perf_counter() - t


def _db_cpu_s(rt: Any) -> float:
    """CPU seconds the embedded Postgres (postmaster and backends) has used so far."""
    handle = next((h for h in rt.stack._handles if getattr(h, "pgdata", None)), None)
    if handle is None:
        return 0.0
    try:
        root = psutil.Process(handle.get_pid())
        total = 0.0
        for proc in [root, *root.children(recursive=True)]:
            times = proc.cpu_times()
            total += times.user + times.system
        return total
    except psutil.Error:
        return 0.0


def _store_phase(rt: Any, pool: Path, slug: str) -> tuple[Any, dict[str, object]]:
    """Parse and store inline (no model): what an API import with workers does in-request."""
    org = new_org(rt, slug)
    cpu, db, t = time.process_time(), _db_cpu_s(rt), time.perf_counter()
    with transaction(rt.sessions) as session:
        stored = Importer(session, rt.embedder, org, embed=False).run(read_paths([pool]))
    elapsed = time.perf_counter() - t
    api_cpu, db_cpu = time.process_time() - cpu, _db_cpu_s(rt) - db
    return org, {
        "imported": stored.imported,
        "store_seconds": round(elapsed, 2),
        "resumes_per_s_searchable_lexically": round(stored.imported / elapsed, 1),
        "api_cpu_s": round(api_cpu, 2),
        "db_cpu_s": round(db_cpu, 2),
        # Load-independent: resumes per CPU-second of API + database together.
        "resumes_per_cpu_s": round(stored.imported / max(api_cpu + db_cpu, 1e-9), 1),
        "load_average_1m": round(os.getloadavg()[0], 1),
    }


def run(count: int, inline_embed: bool = True) -> dict[str, object]:
    results: dict[str, object] = {"profiles": count}
    with tempfile.TemporaryDirectory() as tmp, fresh_runtime() as rt:
        pool = Path(tmp) / "pool.jsonl"
        write_jsonl(pool, count, 11)
        # Start-up, not throughput: the model, and the parser's gazetteer and taxonomy.
        rt.embedder.embed(["warm up the model"])
        warm = Path(tmp) / "warm.jsonl"
        write_jsonl(warm, 3, 99)
        with transaction(rt.sessions) as session:
            Importer(session, rt.embedder, new_org(rt, "warm"), embed=False).run(read_paths([warm]))
        org_w, results["store_inline"] = _store_phase(rt, pool, "bench-worker")
        t = time.perf_counter()
        with transaction(rt.sessions) as session:
            again = Importer(session, rt.embedder, org_w, embed=False).run(read_paths([pool]))
        results["store_inline_reimport"] = {
            "imported": again.imported,
            "duplicates": again.duplicates,
            "texts_embedded": again.embedding_calls,
            "resumes_per_s": round(count / (time.perf_counter() - t), 1),
        }
        t = time.perf_counter()
        chunks = embed_candidates(rt.sessions, rt.embedder, org_w, None, batch=256)
        worker_s = time.perf_counter() - t
        store_s = float(results["store_inline"]["store_seconds"])  # type: ignore[index]
        results["worker_embedding"] = {
            "chunks_embedded": chunks,
            "seconds": round(worker_s, 2),
            "chunks_per_s": round(chunks / max(worker_s, 1e-9), 1),
            "resumes_per_s": round(count / max(worker_s, 1e-9), 1),
            "resumes_per_s_searchable_semantically": round(count / (store_s + worker_s), 1),
        }
        if not inline_embed:
            return results
        org = new_org(rt, "bench")
        timed = TimedEmbedder(rt.embedder)

        t = time.perf_counter()
        with transaction(rt.sessions) as session:
            first = Importer(session, timed, org, batch_size=200).run(read_paths([pool]))  # type: ignore[arg-type]
        elapsed = time.perf_counter() - t
        results["first_import"] = {
            "imported": first.imported,
            "seconds": round(elapsed, 2),
            "resumes_per_s": round(first.imported / elapsed, 1),
            "texts_embedded": first.embedding_calls,
            "embedding_seconds": round(timed.seconds, 2),
            "resumes_per_s_excluding_model": round(
                first.imported / max(elapsed - timed.seconds, 1e-9), 1
            ),
        }

        t = time.perf_counter()
        with transaction(rt.sessions) as session:
            again = Importer(session, rt.embedder, org).run(read_paths([pool]))
        elapsed = time.perf_counter() - t
        results["reimport"] = {
            "imported": again.imported,
            "duplicates": again.duplicates,
            "texts_embedded": again.embedding_calls,
            "resumes_per_s": round(count / elapsed, 1),
        }

        if SHARED_CSV.exists():
            org2 = new_org(rt, "bench-csv")
            t = time.perf_counter()
            with transaction(rt.sessions) as session:
                csv = Importer(session, rt.embedder, org2).run(read_paths([SHARED_CSV]))
            elapsed = time.perf_counter() - t
            results["public_resume_csv"] = {
                "rows": csv.imported + csv.duplicates + len(csv.failed),
                "imported": csv.imported,
                "duplicates": csv.duplicates,
                "texts_embedded": csv.embedding_calls,
                "rows_per_s": round((csv.imported + csv.duplicates) / elapsed, 1),
                "seconds": round(elapsed, 2),
            }
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument(
        "--skip-inline-embed", action="store_true", help="only the store-inline + worker phases"
    )
    args = parser.parse_args()
    write_result("import", run(args.count, inline_embed=not args.skip_inline_embed))


if __name__ == "__main__":
    main()
