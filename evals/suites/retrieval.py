"""Retrieval and ranking: the product's hybrid search against BM25 and vector-only, side by
side on the same stored texts, in one run.

Systems (one ranking each per query):
- hybrid: `app.search.service.search` as the product runs it (full text + vectors, RRF);
- fts: its full-text leg alone (Postgres ts_rank_cd), read from the same response;
- vector: its vector leg alone (pgvector, exact for a pool this small), same response;
- bm25: `rank_bm25.BM25Okapi` over the very texts stored for the candidates.

The fused list is asked for at the pool's size, so both legs come back whole and the per-leg
ranks in the response are the legs' own orderings.

Run-to-run noise: the product breaks exact score ties (identical chunks embed identically,
RRF sums collide) by candidate id, a random UUID per import, so its rankings, and these
metrics, move slightly between runs (about 0.01 nDCG in smoke runs). The gate's tolerance is
set above that. The natural-language full-text leg drops the commonest terms first by the
planner's statistics, so every import is followed by an ANALYZE and a fresh read of them
(`evals.context.settle_search_stats`): left to autovacuum, its ranking moved between runs.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rank_bm25 import BM25Okapi
from sqlalchemy import text as sql

from app.db import transaction
from app.runtime import Runtime
from app.search.service import search
from app.synth import generate_profiles
from app.taxonomy import get_taxonomy
from evals import data
from evals.context import SuiteContext, SuiteResult, import_texts, new_org
from evals.metrics import mean, ndcg_at_k, recall_at_k, reciprocal_rank

SYSTEMS = ("hybrid", "bm25", "vector", "fts")
SMOKE_PER_CATEGORY = 2
SMOKE_CATEGORIES = 12
_TOKEN = re.compile(r"[a-z0-9][a-z0-9+#]*")
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "their",
        "this",
        "to",
        "was",
        "were",
        "will",
        "with",
        "you",
        "your",
        "our",
        "we",
        "they",
        "who",
        "which",
    ]
)


@dataclass
class Query:
    id: str
    # "jd" (a pasted job description), "short" (the spec's typed keywords) or "typed" (more
    # typed queries per corpus category, `retrieval_typed_queries.json`)
    kind: str
    text: str
    relevance: dict[uuid.UUID, int]


def tokens(text: str) -> list[str]:
    return [t for t in _TOKEN.findall(text.lower()) if t not in _STOPWORDS]


def _stored_texts(rt: Runtime, org_id: uuid.UUID) -> dict[uuid.UUID, str]:
    with rt.sessions() as session:
        rows = session.execute(
            sql("SELECT id, raw_text FROM candidates WHERE org_id = :o ORDER BY id"), {"o": org_id}
        ).tuples()
        return {cid: raw for cid, raw in rows}


class _Bm25:
    def __init__(self, texts: dict[uuid.UUID, str]) -> None:
        self.ids = list(texts)
        self.model = BM25Okapi([tokens(texts[i]) for i in self.ids])
        # Ties broken by the text, not by the random candidate id, so the baseline's own
        # numbers do not move between runs.
        self.tiebreak = [hashlib.sha256(texts[i].encode()).hexdigest() for i in self.ids]

    def rank(self, query: str) -> list[uuid.UUID]:
        scores = self.model.get_scores(tokens(query))
        order = sorted(range(len(self.ids)), key=lambda i: (-scores[i], self.tiebreak[i]))
        return [self.ids[i] for i in order]


def _rankings(
    rt: Runtime, org_id: uuid.UUID, bm25: _Bm25, query: str, pool: int
) -> tuple[dict[str, list[uuid.UUID]], dict[str, float]]:
    rankings: dict[str, list[uuid.UUID]] = {}
    seconds: dict[str, float] = {}
    with transaction(rt.sessions) as session:
        started = time.perf_counter()
        response = search(
            session, rt.embedder, rt.settings, org_id, query, limit=pool, mode="natural"
        )
        seconds["hybrid"] = time.perf_counter() - started
    hits = response.results
    rankings["hybrid"] = [h.candidate_id for h in hits]
    rankings["fts"] = [
        h.candidate_id for h in sorted(hits, key=lambda h: h.lexical_rank or 0) if h.lexical_rank
    ]
    rankings["vector"] = [
        h.candidate_id for h in sorted(hits, key=lambda h: h.semantic_rank or 0) if h.semantic_rank
    ]
    started = time.perf_counter()
    rankings["bm25"] = bm25.rank(query)
    seconds["bm25"] = time.perf_counter() - started
    return rankings, seconds


def _score(
    rt: Runtime, org_id: uuid.UUID, queries: Sequence[Query], pool: int
) -> tuple[dict[str, float], list[dict[str, Any]], dict[str, list[float]]]:
    bm25 = _Bm25(_stored_texts(rt, org_id))
    per_query: list[dict[str, Any]] = []
    latency: dict[str, list[float]] = {"hybrid": [], "bm25": []}
    for q in queries:
        rankings, seconds = _rankings(rt, org_id, bm25, q.text, pool)
        for system, took in seconds.items():
            latency[system].append(took)
        for system in SYSTEMS:
            ranking = rankings[system]
            per_query.append(
                {
                    "query": q.id,
                    "kind": q.kind,
                    "system": system,
                    "ndcg@10": ndcg_at_k(ranking, q.relevance, 10),
                    "recall@50": recall_at_k(ranking, q.relevance, 50, min_grade=2),
                    "mrr": reciprocal_rank(ranking, q.relevance, min_grade=2),
                }
            )
    metrics: dict[str, float] = {}
    for kind in sorted({q.kind for q in queries}):
        for system in SYSTEMS:
            rows = [r for r in per_query if r["kind"] == kind and r["system"] == system]
            for name in ("ndcg@10", "recall@50", "mrr"):
                metrics[f"{kind}.{system}.{name}"] = round(mean(r[name] for r in rows), 4)
    return metrics, per_query, latency


# -- the public corpus --------------------------------------------------------------------------


def _corpus_subset(size: str) -> list[data.CorpusResume]:
    """All of it, or for smoke runs the first two resumes (file order) of the first
    `SMOKE_CATEGORIES` categories by name: deterministic, and quick to embed."""
    corpus = list(data.resume_corpus())
    if size == "full":
        return corpus
    categories = sorted({doc.category for doc in corpus})[:SMOKE_CATEGORIES]
    taken: Counter[str] = Counter()
    subset = []
    for doc in corpus:
        if doc.category in categories and taken[doc.category] < SMOKE_PER_CATEGORY:
            taken[doc.category] += 1
            subset.append(doc)
    return subset


def corpus_queries(docs: Sequence[data.CorpusResume], ids: dict[str, Any]) -> list[Query]:
    queries = []
    for spec in data.retrieval_specs():
        relevance: dict[uuid.UUID, int] = {}
        for doc in docs:
            cid = ids.get(doc.doc_id)
            if cid is None:
                continue
            grade = (
                2
                if doc.category == spec.category
                else 1
                if doc.category in spec.related_categories
                else 0
            )
            relevance[cid] = max(relevance.get(cid, 0), grade)
        if not any(g == 2 for g in relevance.values()):
            continue
        slug = spec.category.lower().replace(" ", "-")
        queries.append(Query(f"{slug}/jd", "jd", spec.job_spec, relevance))
        queries.append(Query(f"{slug}/short", "short", spec.short_query, relevance))
        for typed in data.retrieval_typed_queries().get(spec.category, ()):
            # The id carries the text: the train/test split hashes it (retrieval_replay).
            queries.append(Query(f"typed:{typed}", "typed", typed, relevance))
    return queries


# -- the synthetic pool -------------------------------------------------------------------------


def pool_fingerprint(profiles: Sequence[dict[str, Any]]) -> str:
    keyed = [(p["id"], p["onet_code"], p["skills"]) for p in profiles]
    return hashlib.sha256(json.dumps(keyed, sort_keys=True).encode()).hexdigest()[:16]


def synthetic_pool(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The pool the dataset describes: the most frequent occupations of a generated stream,
    `per_query` profiles each, plus `background` profiles of other occupations."""
    stream = list(generate_profiles(spec["stream"], spec["seed"]))
    counts = Counter(str(p["onet_code"]) for p in stream)
    chosen = sorted(counts, key=lambda code: (-counts[code], code))[: spec["queries"]]
    pool: list[dict[str, Any]] = []
    for code in chosen:
        pool += [p for p in stream if p["onet_code"] == code][: spec["per_query"]]
    pool += [p for p in stream if p["onet_code"] not in chosen][: spec["background"]]
    return pool


def synthetic_queries(
    profiles: Sequence[dict[str, Any]], ids: dict[str, Any], spec: dict[str, Any]
) -> list[Query]:
    taxonomy = get_taxonomy()
    counts = Counter(str(p["onet_code"]) for p in profiles)
    chosen = sorted(counts, key=lambda code: (-counts[code], code))[: spec["queries"]]
    queries = []
    for code in chosen:
        occupation = taxonomy.occupation(code)
        assert occupation is not None
        related = set(occupation.related)
        relevance: dict[uuid.UUID, int] = {}
        for p in profiles:
            other = str(p["onet_code"])
            other_occ = taxonomy.occupation(other)
            is_related = other in related or (other_occ is not None and code in other_occ.related)
            grade = 2 if other == code else 1 if is_related else 0
            cid = ids.get(str(p["id"]))
            if cid is not None:
                relevance[cid] = max(relevance.get(cid, 0), grade)
        skills = [s.name for s in occupation.skills[:4]]
        title = occupation.title
        short = f"{title} with {skills[0]} and {skills[1]}" if len(skills) >= 2 else title
        jd = f"{title}\n\n{occupation.description}\n\nRequirements: experience with " + ", ".join(
            skills
        )
        queries.append(Query(f"{code}/jd", "jd", jd, relevance))
        queries.append(Query(f"{code}/short", "short", short, relevance))
    return queries


def run(ctx: SuiteContext) -> SuiteResult:
    rt = ctx.runtime()
    metrics: dict[str, float] = {}
    details: dict[str, Any] = {}
    latency: dict[str, list[float]] = {"hybrid": [], "bm25": []}

    docs = _corpus_subset(ctx.size)
    org = new_org(rt, "eval-corpus")
    started = time.perf_counter()
    ids = import_texts(rt, org, [(d.doc_id, d.text) for d in docs])
    import_s = time.perf_counter() - started
    queries = corpus_queries(docs, ids)
    found, per_query, took = _score(rt, org, queries, pool=len(docs))
    metrics.update({f"corpus.{k}": v for k, v in found.items()})
    for system, values in took.items():
        latency[system] += values
    details["corpus"] = {
        "documents": len(docs),
        "candidates": len({c for c in ids.values() if c is not None}),
        "categories": len({d.category for d in docs}),
        "queries": len(queries),
        "import_s": round(import_s, 1),
        "per_query": per_query,
    }

    spec = data.synthetic_pools()["pools"][ctx.size]
    profiles = synthetic_pool(spec)
    fingerprint = pool_fingerprint(profiles)
    expected = data.synthetic_pools()["fingerprints"].get(ctx.size)
    org = new_org(rt, "eval-synth")
    started = time.perf_counter()
    ids = import_texts(rt, org, [(str(p["id"]), str(p["text"])) for p in profiles])
    import_s = time.perf_counter() - started
    queries = synthetic_queries(profiles, ids, spec)
    found, per_query, took = _score(rt, org, queries, pool=len(profiles))
    metrics.update({f"synthetic.{k}": v for k, v in found.items()})
    for system, values in took.items():
        latency[system] += values
    details["synthetic"] = {
        "profiles": len(profiles),
        "seed": spec["seed"],
        "queries": len(queries),
        "fingerprint": fingerprint,
        "fingerprint_expected": expected,
        "import_s": round(import_s, 1),
        "per_query": per_query,
    }
    metrics["synthetic.pool_fingerprint_ok"] = float(expected is None or expected == fingerprint)
    for system, values in latency.items():
        ordered = sorted(values)
        metrics[f"latency.{system}.p50_ms"] = round(ordered[len(ordered) // 2] * 1000, 1)
    return SuiteResult("retrieval", "ok", metrics, details)
