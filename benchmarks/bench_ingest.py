"""Import end to end, the way a recruiter's files travel: HTTP upload → rows committed and
searchable by full text → every chunk embedded by a real Celery worker.

    python -m benchmarks.bench_ingest [--count 300] [--per-request 50] [--old TREE]
                                      [--backends local,onnx-int8,wordllama]

What runs, as `scout up` runs it: the API in its own process (uvicorn, `dispatch="celery"`,
PDF/DOCX read in its capped parse pool), a `scout worker` process consuming the short queue
(it embeds), and the embedded Postgres and Redis of a fresh data dir, started here. The
files are the public CSV's distinct resumes plus synthetic ones, rendered as TXT, DOCX and
PDF (`benchmarks.ingest_files`; the mix is in the JSON). They are POSTed to
`/v1/candidates/import`, `--per-request` files a request, one request after another.

Measured:
- *lexical*: files / seconds from the first request to the last response (each response
  comes after its commit: those profiles are found by full text from then on);
- *semantic lag*: for each profile, seconds from its request's response to the moment all
  its chunks have a vector (polled every 0.2 s): p50/p95; the worker's chunks/s;
- *end to end*: files / seconds from the first request to the last vector written;
- CPU seconds of the API process (with its parse pool), Postgres, the worker, and this
  client, over the whole window (psutil), so a loaded box still gives fair ratios;
- *re-import*: the same files again: rows written, and texts the worker embedded (new rows
  in `embeddings`; each is one text sent to the model) — both must be 0.

With `--old TREE` (e.g. `git archive <commit> | tar -x -C /tmp/old`) the API and worker of
that tree run too, alternating old/new then new/old, each on its own fresh stack. With
`--backends` each tree runs once per embedding backend (`SCOUT_EMBEDDING_BACKEND` of the API
and the worker), so the embedders' end-to-end figures come from one run on one box.
Writes `benchmarks/results/ingest.json`.
"""

from __future__ import annotations

import argparse
import faulthandler
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import psutil
from sqlalchemy import text

from app.config import Settings
from app.db import transaction
from app.orgs.service import create_token, ensure_org, ensure_recruiter
from app.runtime import Runtime
from benchmarks.bench_scale import postgres_processes
from benchmarks.common import percentile, write_result
from benchmarks.ingest_files import build_files, file_list

HERE = Path(__file__).resolve().parents[1]
PORT = 8771
_SERVE = (
    "import sys, uvicorn; from pathlib import Path; from app.config import Settings; "
    "from app.runtime import Runtime; from app.main import create_app; "
    "rt = Runtime.start(Settings(data_dir=Path(sys.argv[1])), upgrade=False); "
    "uvicorn.run(create_app(runtime=rt, dispatch='celery'), host='127.0.0.1', "
    "port=int(sys.argv[2]), log_level='warning')"
)
_DONE = """
    SELECT c.id FROM unnest(CAST(:ids AS uuid[])) AS c(id)
    WHERE NOT EXISTS (
        SELECT 1 FROM candidate_chunks ch WHERE ch.candidate_id = c.id AND ch.embedding_id IS NULL
    )
"""


def _extra_paths() -> list[str]:
    here = str(HERE)
    paths = os.environ.get("PYTHONPATH", "").split(os.pathsep)
    return [p for p in paths if p and str(Path(p).resolve()) != here]


def _tree_cpu(procs: list[psutil.Process], *, children: bool = True) -> float:
    """CPU seconds of these processes and (with `children`) all their children, as now."""
    seen: dict[int, float] = {}
    for proc in procs:
        try:
            family = [proc, *(proc.children(recursive=True) if children else [])]
        except psutil.Error:
            continue
        for p in family:
            try:
                t = p.cpu_times()
                seen[p.pid] = t.user + t.system
            except psutil.Error:
                continue
    return sum(seen.values())


class _Poller(threading.Thread):
    """Notes when each committed profile has all its chunks embedded."""

    def __init__(self, rt: Runtime) -> None:
        super().__init__(daemon=True)
        self.rt = rt
        self.pending: dict[str, float] = {}  # candidate id -> commit time
        self.lags: list[float] = []
        self.last_done = 0.0
        self.lock = threading.Lock()
        self.stop = threading.Event()

    def add(self, ids: list[str], committed: float) -> None:
        with self.lock:
            self.pending.update(dict.fromkeys(ids, committed))

    def run(self) -> None:
        while not self.stop.wait(0.2):
            with self.lock:
                ids = list(self.pending)
            if not ids:
                continue
            with self.rt.sessions() as session:
                done = [str(r[0]) for r in session.execute(text(_DONE), {"ids": ids})]
            now = time.perf_counter()
            with self.lock:
                for cid in done:
                    self.lags.append(now - self.pending.pop(cid))
                if done:
                    self.last_done = now

    def wait_empty(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if not self.pending:
                    return True
            time.sleep(0.2)
        return False


def _count(rt: Runtime, sql: str, org: Any) -> int:
    with rt.sessions() as session:
        return int(session.execute(text(sql), {"o": org}).scalar_one())


def _upload(
    client: httpx.Client, files: list[Path], per_request: int, poller: _Poller | None
) -> dict[str, Any]:
    totals = {"imported": 0, "duplicates": 0, "failed": 0, "embedding_calls": 0}
    errors: list[str] = []
    for i in range(0, len(files), per_request):
        parts = [("files", (f.name, f.read_bytes())) for f in files[i : i + per_request]]
        response = client.post("/v1/candidates/import", files=parts)
        committed = time.perf_counter()
        response.raise_for_status()
        body = response.json()
        totals["imported"] += body["imported"]
        totals["duplicates"] += body["duplicates"]
        totals["failed"] += len(body["failed"])
        totals["embedding_calls"] += body["embedding_calls"]
        errors += [f["error"] for f in body["failed"]][:3]
        if poller is not None:
            poller.add([str(c) for c in body["candidate_ids"]], committed)
    return {**totals, "errors_sample": errors[:5]}


def one_tree(
    tree: Path, folder: Path, per_request: int, worker_threads: int, backend: str = "local"
) -> dict[str, Any]:
    """A fresh stack; this tree's API and worker; the files in; the same files again."""
    files = file_list(folder)
    with tempfile.TemporaryDirectory(prefix="scout-ingest-") as tmp:
        data = Path(tmp)
        rt = Runtime.start(Settings(data_dir=data), upgrade=True)
        env = {
            **os.environ,
            # This tree first; other entries kept (an optional package installed aside),
            # never the benchmark's own tree when another one runs.
            "PYTHONPATH": os.pathsep.join([str(tree), *_extra_paths()]),
            "SCOUT_DATA_DIR": str(data),
            "SCOUT_RATE_LIMIT_IMPORT": "0",
            "SCOUT_RATE_LIMIT_SEARCH": "0",
            "SCOUT_EMBEDDING_BACKEND": backend,
            # One export of the int8 model for every run (made during the warm-up).
            "SCOUT_EMBEDDING_CACHE_DIR": str(Path(tempfile.gettempdir()) / "scout-embed-cache"),
        }
        api = subprocess.Popen(
            [sys.executable, "-c", _SERVE, str(data), str(PORT)], env=env, cwd=tree
        )
        worker: subprocess.Popen[bytes] | None = None
        poller = _Poller(rt)
        try:
            with transaction(rt.sessions) as session:
                org = ensure_org(session, "ingest")
                person = ensure_recruiter(session, org, "ingest@example.com")
                token = create_token(session, person, label="bench_ingest")
                org_id = org.id
            client = httpx.Client(
                base_url=f"http://127.0.0.1:{PORT}",
                headers={"Authorization": f"Bearer {token}"},
                timeout=600,
            )
            deadline = time.monotonic() + 300
            while True:
                try:
                    if client.get("/healthz", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                assert time.monotonic() < deadline, "the API never came up"
                time.sleep(0.5)
            # Started once the API is up: both set up the checkpointer tables on a fresh
            # database, and two doing it at once collide.
            command = ["-m", "app", "worker", "--queues", "short"]
            worker = subprocess.Popen(
                [sys.executable, *command, "--concurrency", str(worker_threads)],
                env=env,
                cwd=tree,
                stdout=subprocess.DEVNULL,
            )
            poller.start()
            # Start-up, not throughput: the API's parse pool, gazetteer and taxonomy, and the
            # worker's model, on one file of each layout (then left in the pool).
            warm = _upload(client, files[:7], 7, poller)
            assert poller.wait_empty(600), "the worker never embedded the warm-up files"
            files = files[7:]
            watched = {
                "api": [psutil.Process(api.pid)],
                "worker": [psutil.Process(worker.pid)],
                "postgres": postgres_processes(data),
            }
            chunks0 = _count(rt, "SELECT count(*) FROM candidate_chunks WHERE org_id=:o", org_id)
            cpu0 = {k: _tree_cpu(v) for k, v in watched.items()}
            # This process alone: Postgres, the API and the worker are its children.
            me = psutil.Process()
            client0 = _tree_cpu([me], children=False)
            t0 = time.perf_counter()
            first = _upload(client, files, per_request, poller)
            t_lexical = time.perf_counter()
            cpu_lexical = {k: round(_tree_cpu(v) - cpu0[k], 2) for k, v in watched.items()}
            embedded_all = poller.wait_empty(1800)
            t_semantic = poller.last_done if embedded_all else time.perf_counter()
            cpu = {k: round(_tree_cpu(v) - cpu0[k], 2) for k, v in watched.items()}
            cpu["client"] = round(_tree_cpu([me], children=False) - client0, 2)
            chunks = (
                _count(rt, "SELECT count(*) FROM candidate_chunks WHERE org_id=:o", org_id)
                - chunks0
            )
            vectors0 = _count(rt, "SELECT count(*) FROM embeddings WHERE org_id=:o", org_id)
            t1 = time.perf_counter()
            again = _upload(client, files, per_request, None)
            reimport_s = time.perf_counter() - t1
            time.sleep(3)  # a task the re-import published, if any, has time to run
            vectors1 = _count(rt, "SELECT count(*) FROM embeddings WHERE org_id=:o", org_id)
            client.close()
        finally:
            poller.stop.set()
            # Joined before the servers stop: a poll left in flight on a stopped Postgres
            # is how the run used to write its JSON and then never exit.
            poller.join(10)
            procs = [p for p in (api, worker) if p is not None]
            for proc in procs:
                proc.terminate()
            for proc in procs:
                try:
                    proc.wait(30)
                except subprocess.TimeoutExpired:
                    proc.kill()
            rt.close()
    n = len(files)
    lexical_s, e2e_s = t_lexical - t0, t_semantic - t0
    lags = poller.lags[-first["imported"] :] if first["imported"] else []
    machine_cpu = cpu["api"] + cpu["postgres"] + cpu["worker"]
    return {
        "files": n,
        "warm_up": {k: warm[k] for k in ("imported", "failed")},
        "import": first,
        "lexical": {
            "seconds": round(lexical_s, 2),
            "files_per_s": round(n / lexical_s, 1),
            "cpu_s": cpu_lexical,
            "files_per_api_cpu_s": round(n / max(cpu_lexical["api"], 1e-9), 1),
        },
        "semantic": {
            "all_embedded": embedded_all,
            "lag_p50_s": round(percentile(lags, 50), 2),
            "lag_p95_s": round(percentile(lags, 95), 2),
            "chunks": chunks,
            "chunks_per_s": round(chunks / max(e2e_s, 1e-9), 1),
            "chunks_per_worker_cpu_s": round(chunks / max(cpu["worker"], 1e-9), 1),
        },
        "end_to_end": {
            "seconds": round(e2e_s, 2),
            "files_per_s": round(n / e2e_s, 1),
            "cpu_s": cpu,
            # Load-independent: files per CPU-second of API + Postgres + worker together.
            "files_per_cpu_s": round(n / max(machine_cpu, 1e-9), 1),
        },
        "reimport": {
            **{k: again[k] for k in ("imported", "duplicates", "failed", "embedding_calls")},
            "worker_texts_embedded": vectors1 - vectors0,
            "files_per_s": round(n / reimport_s, 1),
        },
        "load_average_1m": round(os.getloadavg()[0], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=300, help="files measured (+7 warm-up)")
    parser.add_argument("--per-request", type=int, default=50)
    parser.add_argument("--worker-threads", type=int, default=4)
    parser.add_argument("--files-dir", type=Path, default=Path("/tmp/scout-ingest-files"))
    parser.add_argument("--old", type=Path, help="also run this checkout of the old code")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--name", default="ingest")
    parser.add_argument(
        "--backends", default="local", help="SCOUT_EMBEDDING_BACKEND values, one run each"
    )
    args = parser.parse_args()
    manifest = build_files(args.files_dir, args.count + 7)
    trees = [("new", HERE)] if args.old is None else [("old", args.old), ("new", HERE)]
    cases = [(t, b) for b in args.backends.split(",") for t in trees]
    runs = []
    for i in range(args.rounds):
        for (label, tree), backend in cases if i % 2 == 0 else cases[::-1]:
            result = one_tree(
                tree.resolve(), args.files_dir, args.per_request, args.worker_threads, backend
            )
            runs.append({"tree": label, "backend": backend, **result})
            print(label, backend, result["end_to_end"], result["semantic"], flush=True)
    write_result(
        args.name,
        {"mix": manifest, "per_request": args.per_request, "worker_threads": args.worker_threads}
        | {"runs": runs},
    )
    # If leaving still hangs, say where (every thread's stack) and go, rather than wait.
    faulthandler.dump_traceback_later(120, exit=True)


if __name__ == "__main__":
    main()
