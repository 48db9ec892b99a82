"""Fusing the two legs into one ranking, then a cheap rerank of the fused top.

1. Each leg's scores are normalised: by reciprocal rank (`rrf`: weight / (k + rank), ties
   share a rank), or by the scores themselves (`minmax` to [0, 1], or `z`, standard scores),
   so a leg that is sure of its first hit counts for more than one that is not.
2. The legs are summed with a weight per query type (`FusionParams`, from `Settings`).
3. The fused top `rerank_depth` are re-scored with the evaluator's own blind features
   (`app.search.rerank`): their fused score min-maxed to [0, 1], plus `skill_weight` x the
   share of the query's skills the profile lists, plus `title_weight` x the title match.

The weights are tuned on the retrieval evals' train split (`python -m evals.tune_fusion`).
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from app.config import Settings
from app.search.query_type import QueryType
from app.search.rerank import CandidateFeatures, QueryFeatures, feature_score

Normalisation = Literal["rrf", "minmax", "z"]
NORMALISATIONS: tuple[Normalisation, ...] = ("rrf", "minmax", "z")


@dataclass(frozen=True)
class FusionParams:
    lexical_weight: float = 1.0
    semantic_weight: float = 1.0
    normalisation: Normalisation = "rrf"
    k: int = 60  # RRF constant (rrf only)
    rerank_depth: int = 50
    skill_weight: float = 0.0
    title_weight: float = 0.0

    @property
    def reranks(self) -> bool:
        return self.rerank_depth > 0 and (self.skill_weight > 0 or self.title_weight > 0)


def tied_ranks(keys: Sequence[float]) -> list[int]:
    """Competition ranks ("1224") of keys already in ascending order: ties share a rank."""
    ranks: list[int] = []
    for i, key in enumerate(keys):
        ranks.append(ranks[-1] if i and key == keys[i - 1] else i + 1)
    return ranks


def normalise(
    scored: Sequence[tuple[uuid.UUID, float]], method: Normalisation, k: int = 60
) -> dict[uuid.UUID, float]:
    """Higher-is-better scores, best first, as comparable values (see the module doc).
    A row the leg did not return contributes nothing (minmax's floor, 0)."""
    if not scored:
        return {}
    values = [s for _, s in scored]
    if method == "rrf":
        ranks = tied_ranks([-v for v in values])
        return {cid: 1.0 / (k + r) for (cid, _), r in zip(scored, ranks, strict=True)}
    if method == "minmax":
        low, high = min(values), max(values)
        span = high - low
        # One score for all (or one row): every row is equally good, and fully so.
        return {cid: (s - low) / span if span > 0 else 1.0 for cid, s in scored}
    mean = sum(values) / len(values)
    std = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))
    # Standard scores shifted so the leg's worst row sits at 0, like a row it did not return.
    floor = (min(values) - mean) / std if std > 0 else 0.0
    return {cid: ((s - mean) / std if std > 0 else 0.0) - floor for cid, s in scored}


def fuse(
    lexical: Sequence[tuple[uuid.UUID, float]],
    semantic: Sequence[tuple[uuid.UUID, float]],
    params: FusionParams,
) -> dict[uuid.UUID, float]:
    """Fused scores. `lexical` is (id, rank score), `semantic` is (id, similarity); both
    best first, as the legs return them."""
    scores: dict[uuid.UUID, float] = {}
    for leg, weight in ((lexical, params.lexical_weight), (semantic, params.semantic_weight)):
        if weight == 0:
            continue
        for cid, value in normalise(leg, params.normalisation, params.k).items():
            scores[cid] = scores.get(cid, 0.0) + weight * value
    return scores


def order(
    scores: Mapping[uuid.UUID, float], tie: Mapping[uuid.UUID, str] | None = None
) -> list[uuid.UUID]:
    # Ties by the resume's content hash (`tie`), then id: ids are random, so ordering equal
    # scores by id alone would rank the same resumes differently in every org and run.
    keys = tie or {}
    return sorted(scores, key=lambda c: (-scores[c], keys.get(c, ""), str(c)))


def rerank(
    ranked: list[uuid.UUID],
    scores: Mapping[uuid.UUID, float],
    query: QueryFeatures,
    features: Callable[[list[uuid.UUID]], Mapping[uuid.UUID, CandidateFeatures]],
    params: FusionParams,
) -> tuple[list[uuid.UUID], dict[uuid.UUID, float]]:
    """Re-score the top `rerank_depth` of `ranked`; the rest keep their order below them.
    `features` loads the blind features of the ids it is given (one query for the top)."""
    if not params.reranks or not ranked or query.empty:
        return ranked, dict(scores)
    depth = params.rerank_depth
    # Rows tied with the last one in come in too: a tie split by random ids at the cut-off
    # would boost one of two identical profiles and not the other.
    while depth < len(ranked) and scores[ranked[depth]] == scores[ranked[depth - 1]]:
        depth += 1
    top = ranked[:depth]
    found = features(top)
    low = min(scores[c] for c in top)
    span = max(scores[c] for c in top) - low
    rescored = dict(scores)
    for cid in top:
        base = (scores[cid] - low) / span if span > 0 else 1.0
        extra = feature_score(query, found.get(cid), params.skill_weight, params.title_weight)
        # Above every row below the top (their fused scores are <= low), so the rerank
        # reorders the top without letting anything in or out of it.
        rescored[cid] = low + base + extra + 1.0
    position = {cid: i for i, cid in enumerate(top)}
    head = sorted(top, key=lambda c: (-rescored[c], position[c]))
    return head + ranked[depth:], rescored


def fusion_params(settings: Settings, kind: QueryType) -> FusionParams:
    """The fusion the settings give a query type. Boolean queries keep plain RRF: the evals
    hold no Boolean queries to tune them on."""
    if kind == "boolean":
        return FusionParams(k=settings.search_rrf_k)
    if kind == "pasted":
        return FusionParams(
            lexical_weight=settings.search_fusion_lexical_long,
            normalisation=settings.search_fusion_norm_long,
            k=settings.search_fusion_k_long,
            rerank_depth=settings.search_rerank_depth,
            skill_weight=settings.search_rerank_skill_long,
            title_weight=settings.search_rerank_title_long,
        )
    return FusionParams(
        lexical_weight=settings.search_fusion_lexical_short,
        normalisation=settings.search_fusion_norm_short,
        k=settings.search_fusion_k_short,
        rerank_depth=settings.search_rerank_depth,
        skill_weight=settings.search_rerank_skill_short,
        title_weight=settings.search_rerank_title_short,
    )
