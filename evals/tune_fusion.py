"""Tune the hybrid search's fusion weights on a train split of the retrieval queries and
report them on the held-out test split, beside each leg alone and BM25.

    python -m evals.tune_fusion [--size smoke|full] [--out evals/reports/fusion.json]

The pools and queries are the retrieval suite's own (the public corpus and the synthetic
pool). Each query is searched once for the whole pool; the response carries every hit's rank
in each leg, so any weighted reciprocal-rank fusion can be replayed without searching again.
Queries are split by a hash of their id (stable, not tuned): train picks the weights per
query shape (long pasted description vs a few typed words), test reports them.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import sys
import uuid
from pathlib import Path
from typing import Any

from app.db import transaction
from app.search.service import LONG_QUERY_TERMS, query_shape, search
from evals import data
from evals.context import SuiteContext, import_texts, new_org
from evals.engine import eval_settings, make_engine
from evals.metrics import mean, ndcg_at_k
from evals.suites.retrieval import (
    Query,
    _Bm25,
    _corpus_subset,
    _stored_texts,
    corpus_queries,
    synthetic_pool,
    synthetic_queries,
)

LEXICAL_WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5)
RRF_KS = (5, 20, 60)

Legs = dict[str, dict[uuid.UUID, int]]


def split_of(query_id: str) -> str:
    return "train" if hashlib.sha256(query_id.encode()).digest()[0] % 2 == 0 else "test"


def fuse(legs: Legs, lexical_weight: float, k: int) -> list[uuid.UUID]:
    scores: dict[uuid.UUID, float] = {}
    for cid, rank in legs["lexical"].items():
        scores[cid] = scores.get(cid, 0.0) + lexical_weight / (k + rank)
    for cid, rank in legs["semantic"].items():
        scores[cid] = scores.get(cid, 0.0) + 1.0 / (k + rank)
    return sorted(scores, key=lambda c: (-scores[c], str(c)))


def _collect(ctx: SuiteContext, slice_name: str) -> list[tuple[str, Query, Legs, list[Any]]]:
    rt = ctx.runtime()
    if slice_name == "corpus":
        docs = _corpus_subset(ctx.size)
        org = new_org(rt, "tune-corpus")
        ids = import_texts(rt, org, [(d.doc_id, d.text) for d in docs])
        queries = corpus_queries(docs, ids)
        pool = len(docs)
    else:
        spec = data.synthetic_pools()["pools"][ctx.size]
        profiles = synthetic_pool(spec)
        org = new_org(rt, "tune-synth")
        ids = import_texts(rt, org, [(str(p["id"]), str(p["text"])) for p in profiles])
        queries = synthetic_queries(profiles, ids, spec)
        pool = len(profiles)
    bm25 = _Bm25(_stored_texts(rt, org))
    out = []
    for q in queries:
        with transaction(rt.sessions) as session:
            hits = search(
                session, rt.embedder, rt.settings, org, q.text, limit=pool, mode="natural"
            ).results
        legs: Legs = {
            "lexical": {h.candidate_id: h.lexical_rank for h in hits if h.lexical_rank},
            "semantic": {h.candidate_id: h.semantic_rank for h in hits if h.semantic_rank},
        }
        out.append((slice_name, q, legs, bm25.rank(q.text)))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--size", choices=("smoke", "full"), default="full")
    parser.add_argument("--out", type=Path, default=Path("evals/reports/fusion.json"))
    args = parser.parse_args(argv)
    ctx = SuiteContext(make_engine("offline", eval_settings(engine="offline")), args.size)
    try:
        rows = _collect(ctx, "corpus") + _collect(ctx, "synthetic")
    finally:
        ctx.close()

    def ndcg(system: str, lexical_weight: float, k: int, subset: list[Any]) -> float:
        values = []
        for _, q, legs, bm25 in subset:
            if system == "hybrid":
                ranking = fuse(legs, lexical_weight, k)
            elif system == "bm25":
                ranking = bm25
            else:
                ranking = sorted(legs[system], key=lambda c: legs[system][c])
            values.append(ndcg_at_k(ranking, q.relevance, 10))
        return round(mean(values), 4)

    shapes: dict[str, list[Any]] = {"long": [], "short": []}
    for row in rows:
        shapes[query_shape(row[1].text)].append(row)
    chosen: dict[str, dict[str, float]] = {}
    for shape, members in shapes.items():
        train = [r for r in members if split_of(r[1].id) == "train"]
        grid = itertools.product(LEXICAL_WEIGHTS, RRF_KS)
        best = max(grid, key=lambda wk: (ndcg("hybrid", wk[0], wk[1], train), -abs(wk[0] - 1)))
        chosen[shape] = {"lexical_weight": best[0], "k": best[1]}
    report: dict[str, Any] = {"long_query_terms": LONG_QUERY_TERMS, "chosen": chosen}
    for (slice_name, kind), group in itertools.groupby(
        sorted(rows, key=lambda r: (r[0], r[1].kind)), key=lambda r: (r[0], r[1].kind)
    ):
        in_slice = list(group)
        for split in ("train", "test"):
            subset = [r for r in in_slice if split_of(r[1].id) == split]
            if not subset:
                continue
            shape = query_shape(subset[0][1].text)
            w, k = chosen[shape]["lexical_weight"], int(chosen[shape]["k"])
            report.setdefault(split, {})[f"{slice_name}.{kind}"] = {
                "queries": len(subset),
                "hybrid_tuned": ndcg("hybrid", w, k, subset),
                "hybrid_rrf_1_1_k60": ndcg("hybrid", 1.0, 60, subset),
                "fts": ndcg("lexical", 0, 0, subset),
                "vector": ndcg("semantic", 0, 0, subset),
                "bm25": ndcg("bm25", 0, 0, subset),
            }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))
    json.dump(report, sys.stdout, indent=2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
