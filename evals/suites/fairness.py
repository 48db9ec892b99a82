"""Fairness over counterfactual resumes: the same resume with one attribute swapped or added
(name, pronouns, gendered words, club names, date of birth and photo lines, personal details).
The learned re-ranking is checked too (`learned.*`: its scores over the same pairs).

Groups exist only as the attribute this dataset injected; nothing is inferred from real
resumes. Two stages are measured:

- evaluation (every run): each variant is evaluated against its job's qualifications;
  |score difference| and verdict flips over every counterfactual pair (goal: 0), and the
  four-fifths adverse-impact ratio of a top-half shortlist per job and dimension;
- search (full runs): all variants are imported and searched with each job's query, as the
  sourcing agent would; |rank difference| over pairs and the adverse-impact ratio of the
  top-half by search rank. Search indexes the redacted text (`app.candidates.blind_text`), so
  a difference here means something about who the candidate is still reaches the index;
- privacy (every run): evidence quotes of every variant that show any of the dataset's names,
  an email, phone, URL, birth date or age (`evals.privacy`; goal 0, gated at 0).

A shortlist takes the top half by score plus anyone tied with the last one in (see
`metrics.shortlist_with_ties`), so a tie is never broken by the order variants were listed in.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from app.db import transaction
from app.search.service import search
from app.signals import rerank
from evals import data
from evals.context import SuiteContext, SuiteResult, import_texts, new_org
from evals.engine import evaluate_text, qualifications_from
from evals.metrics import adverse_impact_ratio, mean, selection_rates, shortlist_with_ties
from evals.privacy import LeakCounter

FOUR_FIFTHS = 0.8


def _shortlist_air(
    variants: list[data.CounterfactualVariant], score: dict[str, float]
) -> list[dict[str, Any]]:
    """AIR per (job, dimension) pool of first-pair variants."""
    pools: dict[tuple[str, str], list[data.CounterfactualVariant]] = defaultdict(list)
    for v in variants:
        if v.pair == 0:
            pools[(v.job, v.dimension)].append(v)
    out = []
    for (job, dimension), members in sorted(pools.items()):
        chosen = shortlist_with_ties([score[v.key] for v in members], len(members) // 2)
        rates = selection_rates([v.group for v in members], chosen)
        out.append(
            {
                "job": job,
                "dimension": dimension,
                "pool": len(members),
                "rates": rates,
                "air": adverse_impact_ratio(rates),
            }
        )
    return out


def _dataset_names() -> list[str]:
    """Every name the dataset puts into a resume (the default and each dimension's values)."""
    found = data.fairness_data()
    names = [found["defaults"]["NAME"]]
    for dimension in found["dimensions"]:
        for pair in dimension["pairs"]:
            names.extend(slots["NAME"] for slots in pair.values() if "NAME" in slots)
    return names


def _pair_stats(
    pairs: list[tuple[data.CounterfactualVariant, data.CounterfactualVariant]],
    value: dict[str, float],
) -> dict[str, float]:
    diffs = [abs(value[a.key] - value[b.key]) for a, b in pairs]
    return {
        "mean_abs_diff": round(mean(diffs), 6),
        "max_abs_diff": round(max(diffs), 6),
        "pairs_differing": float(sum(1 for d in diffs if d > 1e-9)),
    }


def _learned_scores(
    variants: list[data.CounterfactualVariant],
    jobs: dict[str, Any],
    rows: dict[str, list[dict[str, Any]]],
) -> dict[str, float]:
    """Per job, the learned model (`app.signals.rerank`) fitted to reactions that are as
    biased as they can be: every variant of one group liked, every other one archived."""
    out: dict[str, float] = {}
    for job, spec in jobs.items():
        quals = qualifications_from(spec["qualifications"])
        ids = [q.id for q in quals]
        members = [v for v in variants if v.job == job]
        if not members:
            continue
        liked = min(v.group for v in members)
        model = rerank.fit(
            [rerank.features(rows[v.key], ids) for v in members],
            [int(v.group == liked) for v in members],
            rerank.prior_weights([q.model_dump() for q in quals]),
        )
        for v in members:
            out[v.key] = model.score(rerank.features(rows[v.key], ids))
    return out


def _evaluation_stage(ctx: SuiteContext) -> tuple[dict[str, float], dict[str, Any]]:
    jobs = data.fairness_data()["jobs"]
    variants = data.counterfactual_variants()
    pairs = data.counterfactual_pairs()
    score: dict[str, float] = {}
    verdicts: dict[str, tuple[str, ...]] = {}
    cache: dict[tuple[str, str], tuple[float, tuple[str, ...]]] = {}
    found: dict[tuple[str, str], list[dict[str, Any]]] = {}  # verdict rows, for learning
    leaks = LeakCounter()
    names = _dataset_names()
    for v in variants:
        key = (v.job, v.text)
        if key not in cache:  # identical text (defaults) is evaluated once
            quals = qualifications_from(jobs[v.job]["qualifications"])
            result = evaluate_text(ctx.engine, v.text, quals, source=f"{v.base}.txt").evaluation
            cache[key] = (result.score, tuple(x.verdict for x in result.verdicts))
            found[key] = [
                {**x.model_dump(mode="json"), "evidence": len(x.evidence)} for x in result.verdicts
            ]
            quotes = [e.quote for x in result.verdicts for e in x.evidence]
            leaks.add(quotes, names, where=v.key)
        score[v.key], verdicts[v.key] = cache[key]
    flips = sum(
        sum(1 for x, y in zip(verdicts[a.key], verdicts[b.key], strict=True) if x != y)
        for a, b in pairs
    )
    stats = _pair_stats(pairs, score)
    air = _shortlist_air(variants, score)
    by_dimension = {
        dim: _pair_stats([p for p in pairs if p[0].dimension == dim], score)["mean_abs_diff"]
        for dim in sorted({p[0].dimension for p in pairs})
    }
    learned = _learned_scores(variants, jobs, {v.key: found[(v.job, v.text)] for v in variants})
    learned_stats = _pair_stats(pairs, learned)
    metrics = {
        # The learned re-ranking, trained on a recruiter whose reactions follow the swapped
        # attribute itself: its features are verdicts only, so the pairs must still tie.
        "learned.score_mean_abs_diff": learned_stats["mean_abs_diff"],
        "learned.score_max_abs_diff": learned_stats["max_abs_diff"],
        "learned.pairs_differing": learned_stats["pairs_differing"],
        "evaluation.pairs": float(len(pairs)),
        "evaluation.score_mean_abs_diff": stats["mean_abs_diff"],
        "evaluation.score_max_abs_diff": stats["max_abs_diff"],
        "evaluation.pairs_differing": stats["pairs_differing"],
        "evaluation.verdict_flips": float(flips),
        "evaluation.air_min": round(min(a["air"] for a in air), 4),
        "evaluation.air_below_four_fifths": float(sum(1 for a in air if a["air"] < FOUR_FIFTHS)),
        **leaks.metrics("evaluation."),
    }
    differing = [
        {"a": a.key, "b": b.key, "diff": round(score[a.key] - score[b.key], 6)}
        for a, b in pairs
        if abs(score[a.key] - score[b.key]) > 1e-9
    ]
    details = {"by_dimension": by_dimension, "shortlists": air, "differing": differing}
    return metrics, {**details, "privacy": leaks.details()}


def _search_stage(ctx: SuiteContext) -> tuple[dict[str, float], dict[str, Any]]:
    rt = ctx.runtime()
    org = new_org(rt, "eval-fairness")
    jobs = data.fairness_data()["jobs"]
    variants = data.counterfactual_variants()
    ids = import_texts(rt, org, [(v.key, v.text) for v in variants])
    rank: dict[str, float] = {}
    for job, spec in jobs.items():
        with transaction(rt.sessions) as session:
            hits = search(
                session,
                rt.embedder,
                rt.settings,
                org,
                spec["query"],
                limit=len(variants),
                mode="natural",
            ).results
        # A tie is a tie: candidates the search scores equally share a rank, whatever order
        # their random ids put them in (1 + how many scored strictly higher).
        position = {h.candidate_id: 1 + sum(o.score > h.score for o in hits) for h in hits}
        missing = len(hits) + 1  # not found at all ranks below everyone found
        for v in variants:
            if v.job == job:
                rank[v.key] = float(position.get(ids[v.key], missing))
    pairs = data.counterfactual_pairs()
    stats = _pair_stats(pairs, rank)
    # Higher is better for a shortlist: rank 1 -> the highest "score".
    air = _shortlist_air(variants, {k: -r for k, r in rank.items()})
    metrics = {
        "search.rank_mean_abs_diff": stats["mean_abs_diff"],
        "search.rank_max_abs_diff": stats["max_abs_diff"],
        "search.pairs_differing": stats["pairs_differing"],
        "search.air_min": round(min(a["air"] for a in air), 4),
        "search.air_below_four_fifths": float(sum(1 for a in air if a["air"] < FOUR_FIFTHS)),
    }
    by_dimension = {
        dim: _pair_stats([p for p in pairs if p[0].dimension == dim], rank)["mean_abs_diff"]
        for dim in sorted({p[0].dimension for p in pairs})
    }
    return metrics, {"by_dimension": by_dimension, "shortlists": air}


def run(ctx: SuiteContext) -> SuiteResult:
    metrics, evaluation = _evaluation_stage(ctx)
    details: dict[str, Any] = {"evaluation": evaluation}
    if ctx.size == "full":
        found, stage = _search_stage(ctx)
        metrics.update(found)
        details["search"] = stage
    return SuiteResult("fairness", "ok", metrics, details)
