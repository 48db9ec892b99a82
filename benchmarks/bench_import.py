"""Import throughput end to end (read, extract, dedupe, embed, write) and embedding calls.

    python -m benchmarks.bench_import [--count 1000]

Runs the real Importer on a fresh embedded stack: first import of a synthetic pool, then
the same files again (must make zero embedding calls), then the same pool stored inline
and embedded by the worker's batch task (side by side), then the public resume CSV.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

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


def run(count: int) -> dict[str, object]:
    results: dict[str, object] = {"profiles": count}
    with tempfile.TemporaryDirectory() as tmp, fresh_runtime() as rt:
        pool = Path(tmp) / "pool.jsonl"
        write_jsonl(pool, count, 11)
        org = new_org(rt, "bench")
        rt.embedder.embed(["warm up the model"])  # model load is start-up, not throughput
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

        # The same pool into a second org, as an API import with workers runs it: parse and
        # store in the request (lexically searchable at commit), embed on the worker after.
        org_w = new_org(rt, "bench-worker")
        t = time.perf_counter()
        with transaction(rt.sessions) as session:
            stored = Importer(session, rt.embedder, org_w, embed=False).run(read_paths([pool]))
        store_s = time.perf_counter() - t
        t = time.perf_counter()
        chunks = embed_candidates(rt.sessions, rt.embedder, org_w, None, batch=256)
        worker_s = time.perf_counter() - t
        results["store_inline_embed_on_worker"] = {
            "imported": stored.imported,
            "store_seconds": round(store_s, 2),
            "resumes_per_s_searchable_lexically": round(stored.imported / store_s, 1),
            "worker_embed_seconds": round(worker_s, 2),
            "chunks_embedded": chunks,
            "resumes_per_s_searchable_semantically": round(
                stored.imported / (store_s + worker_s), 1
            ),
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
    args = parser.parse_args()
    write_result("import", run(args.count))


if __name__ == "__main__":
    main()
