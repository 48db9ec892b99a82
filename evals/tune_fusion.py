"""Tune the hybrid search's fusion per query type on a train split of the retrieval queries,
and report it on the held-out test split beside each leg alone and BM25.

    python -m evals.tune_fusion [--size smoke|full] [--out evals/reports/fusion.json]
                                [--cache /tmp/replay.pickle]

The pools and queries are the retrieval suite's own (the public corpus, the synthetic pool),
searched once each through the product's legs (`evals.retrieval_replay`); every fusion is
replayed with the product's own `app.search.fusion` code over those legs. Per query type
(`app.search.query_type`: a pasted description or a short query) the grid covers score
normalisation (rrf with k, minmax, z), the lexical leg's weight (the vector leg weighs 1)
and the rerank of the fused top 50 by blind skill overlap and title match. Train picks;
test only reports. The objective is the train nDCG@10 averaged over the type's slices, less
twice any shortfall against the best single leg on a slice (the goal: never below it).
"""

from __future__ import annotations

import argparse
import itertools
import json
import pickle
import sys
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from app.search.fusion import FusionParams, fuse, order, rerank
from evals.context import SuiteContext
from evals.engine import eval_settings, make_engine
from evals.metrics import mean, ndcg_at_k
from evals.retrieval_replay import SLICES, Pool, Searched, collect, ranked_ids

LEXICAL_WEIGHTS = (0.0, 0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0)
RRF_KS = (5, 20, 60)
SKILL_WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.5, 1.0)
TITLE_WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.5, 1.0)
SHORTFALL_PENALTY = 2.0
DEPTH = 50


def fusion_grid() -> list[FusionParams]:
    grid = [
        FusionParams(lexical_weight=w, normalisation="rrf", k=k)
        for w, k in itertools.product(LEXICAL_WEIGHTS, RRF_KS)
    ]
    grid += [FusionParams(lexical_weight=w, normalisation="minmax") for w in LEXICAL_WEIGHTS]
    grid += [FusionParams(lexical_weight=w, normalisation="z") for w in LEXICAL_WEIGHTS]
    return grid


def replay(pool: Pool, s: Searched, params: FusionParams) -> list[uuid.UUID]:
    """The product's fusion and rerank over the stored legs."""
    scores = fuse(s.legs.lexical, s.legs.similarity, params)
    ranked = order(scores)
    if params.reranks:
        ranked, _ = rerank(ranked, scores, s.features, lambda ids: pool.features, params)
    return ranked


def leg_ranking(s: Searched, system: str) -> list[uuid.UUID]:
    if system == "fts":
        return ranked_ids(s.legs.lexical)
    if system == "vector":
        return ranked_ids(s.legs.similarity)
    return s.bm25


def ndcg(rows: Sequence[tuple[Searched, list[uuid.UUID]]]) -> float:
    return mean(ndcg_at_k(r, s.query.relevance, 10) for s, r in rows)


def _objective(
    pools: dict[str, Pool], members: list[Searched], params: FusionParams, best: dict[str, float]
) -> float:
    by_slice: dict[str, list[tuple[Searched, list[uuid.UUID]]]] = {}
    for s in members:
        by_slice.setdefault(s.name, []).append((s, replay(pools[s.slice], s, params)))
    values = {name: ndcg(rows) for name, rows in by_slice.items()}
    shortfall = sum(min(0.0, values[n] - best[n]) for n in values)
    return mean(values.values()) + SHORTFALL_PENALTY * shortfall


def tune(pools: dict[str, Pool], members: list[Searched]) -> FusionParams:
    train = [s for s in members if s.split == "train"]
    best_leg = {
        name: max(
            ndcg([(s, leg_ranking(s, leg)) for s in train if s.name == name])
            for leg in ("fts", "vector")
        )
        for name in {s.name for s in train}
    }

    def key(p: FusionParams) -> tuple[float, float]:
        # Ties go to the plainer fusion: lexical weight nearest 1, no rerank.
        return (round(_objective(pools, train, p, best_leg), 6), -abs(p.lexical_weight - 1))

    fused = max(fusion_grid(), key=key)
    reranked = [
        FusionParams(
            lexical_weight=fused.lexical_weight,
            normalisation=fused.normalisation,
            k=fused.k,
            rerank_depth=DEPTH,
            skill_weight=sw,
            title_weight=tw,
        )
        for sw, tw in itertools.product(SKILL_WEIGHTS, TITLE_WEIGHTS)
    ]
    return max(reranked, key=lambda p: (key(p)[0], -(p.skill_weight + p.title_weight)))


def load_pools(size: Literal["smoke", "full"], cache: Path | None) -> dict[str, Pool]:
    if cache is not None and cache.exists():
        pools: dict[str, Pool] = pickle.loads(cache.read_bytes())
        return pools
    ctx = SuiteContext(make_engine("offline", eval_settings(engine="offline")), size)
    try:
        pools = {name: collect(ctx, name) for name in SLICES}
    finally:
        ctx.close()
    if cache is not None:
        cache.write_bytes(pickle.dumps(pools))
    return pools


def report(pools: dict[str, Pool], chosen: Mapping[str, FusionParams]) -> dict[str, Any]:
    out: dict[str, Any] = {"chosen": {kind: vars(p) for kind, p in chosen.items()}}
    rows = [s for pool in pools.values() for s in pool.searched]
    for split in ("train", "test"):
        for name in sorted({s.name for s in rows}):
            subset = [s for s in rows if s.name == name and s.split == split]
            kind = subset[0].legs.kind
            params = chosen[kind]
            plain = FusionParams(normalisation=params.normalisation, k=params.k)
            fused_only = FusionParams(
                lexical_weight=params.lexical_weight, normalisation=params.normalisation, k=params.k
            )
            out.setdefault(split, {})[name] = {
                "queries": len(subset),
                "query_type": kind,
                "hybrid_tuned": round(
                    ndcg([(s, replay(pools[s.slice], s, params)) for s in subset]), 4
                ),
                "hybrid_no_rerank": round(
                    ndcg([(s, replay(pools[s.slice], s, fused_only)) for s in subset]), 4
                ),
                "hybrid_rrf_1_1_k60": round(
                    ndcg([(s, replay(pools[s.slice], s, FusionParams())) for s in subset]), 4
                ),
                "hybrid_plain_same_norm": round(
                    ndcg([(s, replay(pools[s.slice], s, plain)) for s in subset]), 4
                ),
                **{
                    leg: round(ndcg([(s, leg_ranking(s, leg)) for s in subset]), 4)
                    for leg in ("fts", "vector", "bm25")
                },
            }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--size", choices=("smoke", "full"), default="full")
    parser.add_argument("--out", type=Path, default=Path("evals/reports/fusion.json"))
    parser.add_argument("--cache", type=Path, default=None, help="keep the searched legs here")
    args = parser.parse_args(argv)
    pools = load_pools(args.size, args.cache)
    rows = [s for pool in pools.values() for s in pool.searched]
    chosen: dict[str, FusionParams] = {
        kind: tune(pools, [s for s in rows if s.legs.kind == kind])
        for kind in sorted({s.legs.kind for s in rows})
    }
    result = report(pools, chosen)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    json.dump(result, sys.stdout, indent=2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
