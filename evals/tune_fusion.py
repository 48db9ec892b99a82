"""Tune the hybrid search's fusion per query type on a train split of the retrieval queries,
and report it on the held-out test split beside each leg alone and BM25.

    python -m evals.tune_fusion [--size smoke|full] [--out evals/reports/fusion.json]
                                [--cache /tmp/replay.pickle]

The pools and queries are the retrieval suite's own (the public corpus with its spec and typed
queries, the synthetic pool),
searched once each through the product's legs (`evals.retrieval_replay`); every fusion is
replayed with the product's own `app.search.fusion` code over those legs. Per query type
(`app.search.query_type`: a pasted description or a short query) the grid covers score
normalisation (rrf with k, minmax, z), the lexical leg's weight (the vector leg weighs 1)
and the rerank of the fused top 50 by blind skill overlap and title match. Train picks;
test only reports. The objective is the worst slice's train nDCG@10 margin over its floor
(its best single leg, and BM25 too on the corpus slices; for the rerank, also the fusion
without it), then the mean nDCG@10 over the type's slices (see `tune`).
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
from app.search.rerank import query_features
from evals.context import SuiteContext
from evals.engine import eval_settings, make_engine
from evals.metrics import mean, ndcg_at_k, recall_at_k
from evals.retrieval_replay import SLICES, Pool, Searched, collect, ranked_ids

LEXICAL_WEIGHTS = (0.0, 0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0)
RRF_KS = (5, 20, 60)
SKILL_WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.5, 1.0)
TITLE_WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.5, 1.0)
DEPTH = 50
LEGS = ("fts", "vector", "bm25")


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
        ranked, _ = rerank(ranked, scores, s.features, pool.feature_map, params)
    return ranked


def leg_ranking(s: Searched, system: str) -> list[uuid.UUID]:
    if system == "fts":
        return ranked_ids(s.legs.lexical)
    if system == "vector":
        return ranked_ids(s.legs.similarity)
    return s.bm25


def floor_systems(slice_name: str) -> tuple[str, ...]:
    """What hybrid must beat on a slice: its best single leg everywhere, and BM25 as well on
    the real resume texts (issue 15), where BM25 is the plain baseline a recruiter knows."""
    return ("fts", "vector", "bm25") if slice_name.startswith("corpus.") else ("fts", "vector")


def ndcg(rows: Sequence[tuple[Searched, list[uuid.UUID]]]) -> float:
    return mean(ndcg_at_k(r, s.query.relevance, 10) for s, r in rows)


def recall(rows: Sequence[tuple[Searched, list[uuid.UUID]]]) -> float:
    return mean(recall_at_k(r, s.query.relevance, 50, min_grade=2) for s, r in rows)


Fused = dict[tuple[str, int], tuple[list[uuid.UUID], dict[uuid.UUID, float]]]


def _fused(pools: dict[str, Pool], members: list[Searched], params: FusionParams) -> Fused:
    """Each query's fused ranking and scores under `params` (before any rerank)."""
    out: Fused = {}
    for i, s in enumerate(members):
        scores = fuse(s.legs.lexical, s.legs.similarity, params)
        out[(s.name, i)] = (order(scores), scores)
    return out


def _by_slice(
    pools: dict[str, Pool], members: list[Searched], fused: Fused, params: FusionParams
) -> dict[str, float]:
    rows: dict[str, list[tuple[Searched, list[uuid.UUID]]]] = {}
    for i, s in enumerate(members):
        ranked, scores = fused[(s.name, i)]
        if params.reranks:
            ranked, _ = rerank(ranked, scores, s.features, pools[s.slice].feature_map, params)
        rows.setdefault(s.name, []).append((s, ranked))
    return {name: ndcg(r) for name, r in rows.items()}


def _objective(values: dict[str, float], floor: dict[str, float]) -> tuple[float, float]:
    """The worst slice's margin over its floor first (the goal is every slice), then the
    mean; margins are compared to 0.001 so that noise does not decide."""
    worst = min(values[n] - floor[n] for n in values)
    return round(worst, 3), round(mean(values.values()), 6)


def tune(pools: dict[str, Pool], members: list[Searched]) -> FusionParams:
    """Two steps, both on train. First the fusion alone, held to the best single leg of each
    slice. Then fusion and rerank together, held to the better of that leg and the fusion
    alone on each slice: a rerank may not buy one slice with another."""
    train = [s for s in members if s.split == "train"]
    floor = {
        name: max(
            ndcg([(s, leg_ranking(s, leg)) for s in train if s.name == name])
            for leg in floor_systems(name)
        )
        for name in {s.name for s in train}
    }
    fusions = {p: _fused(pools, train, p) for p in fusion_grid()}
    # Ties go to the plainer fusion: lexical weight nearest 1, then no rerank, lighter weights.
    first = max(
        fusions,
        key=lambda p: (
            _objective(_by_slice(pools, train, fusions[p], p), floor),
            -abs(p.lexical_weight - 1),
        ),
    )
    alone = _by_slice(pools, train, fusions[first], first)
    floor = {name: max(value, alone[name]) for name, value in floor.items()}
    candidates = [
        FusionParams(
            lexical_weight=p.lexical_weight,
            normalisation=p.normalisation,
            k=p.k,
            rerank_depth=DEPTH,
            skill_weight=sw,
            title_weight=tw,
        )
        for p in fusions
        for sw, tw in itertools.product(SKILL_WEIGHTS, TITLE_WEIGHTS)
    ]

    def key(p: FusionParams) -> tuple[tuple[float, float], float, float]:
        plain = FusionParams(lexical_weight=p.lexical_weight, normalisation=p.normalisation, k=p.k)
        values = _by_slice(pools, train, fusions[plain], p)
        return (
            _objective(values, floor),
            -(p.skill_weight + p.title_weight),
            -abs(p.lexical_weight - 1),
        )

    return max(candidates, key=key)


def load_pools(size: Literal["smoke", "full"], cache: Path | None) -> dict[str, Pool]:
    if cache is not None and cache.exists():
        pools: dict[str, Pool] = pickle.loads(cache.read_bytes())
        for pool in pools.values():
            for s in pool.searched:
                # Read the query afresh: the cache keeps legs, not this code's features.
                s.features = query_features(s.query.text)
        return pools
    ctx = SuiteContext(make_engine("offline", eval_settings(engine="offline")), size)
    try:
        pools = {name: collect(ctx, name) for name in SLICES}
    finally:
        ctx.close()
    if cache is not None:
        cache.write_bytes(pickle.dumps(pools))
    return pools


def _variants(params: FusionParams) -> dict[str, FusionParams]:
    """The chosen fusion of a query type, and the plainer ones it is reported beside."""
    return {
        "hybrid_tuned": params,
        "hybrid_no_rerank": FusionParams(
            lexical_weight=params.lexical_weight, normalisation=params.normalisation, k=params.k
        ),
        "hybrid_rrf_1_1_k60": FusionParams(),
        "hybrid_plain_same_norm": FusionParams(normalisation=params.normalisation, k=params.k),
    }


def report(pools: dict[str, Pool], chosen: Mapping[str, FusionParams]) -> dict[str, Any]:
    """Each slice's train and test figures, every query fused with its own type's choice as
    the product does (a slice may hold both types: a long synthetic "short" query is pasted)."""
    out: dict[str, Any] = {"chosen": {kind: vars(p) for kind, p in chosen.items()}}
    rows = [s for pool in pools.values() for s in pool.searched]
    for split in ("train", "test"):
        for name in sorted({s.name for s in rows}):
            subset = [s for s in rows if s.name == name and s.split == split]
            if not subset:
                continue
            fused = {
                label: [
                    (s, replay(pools[s.slice], s, _variants(chosen[s.legs.kind])[label]))
                    for s in subset
                ]
                for label in _variants(FusionParams())
            }
            legs = {leg: [(s, leg_ranking(s, leg)) for s in subset] for leg in LEGS}
            out.setdefault(split, {})[name] = {
                "queries": len(subset),
                "query_types": sorted({s.legs.kind for s in subset}),
                **{label: round(ndcg(r), 4) for label, r in fused.items()},
                **{leg: round(ndcg(r), 4) for leg, r in legs.items()},
                "recall@50": {
                    "hybrid_tuned": round(recall(fused["hybrid_tuned"]), 4),
                    **{leg: round(recall(r), 4) for leg, r in legs.items()},
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
