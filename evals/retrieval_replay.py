"""The retrieval suite's pools and queries, searched once and kept for replay.

Each query is searched for the whole pool through `app.search.service.search_legs`, the
product's own legs; the legs' scores, the blind rerank features of every candidate and the
BM25 ranking are kept, so fusions (`evals.tune_fusion`) and other embedders
(`benchmarks.bench_embedders`) can be scored without importing or searching again.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text as sql

from app.candidates.blind_text import blind_text
from app.candidates.profile import Identifiers
from app.db import transaction
from app.search.rerank import CandidateFeatures, QueryFeatures, load_features, query_features
from app.search.service import Legs, search_legs
from evals import data
from evals.context import SuiteContext, import_texts, new_org
from evals.metrics import mean, ndcg_at_k, recall_at_k
from evals.suites.retrieval import (
    Query,
    _Bm25,
    _corpus_subset,
    _stored_texts,
    corpus_queries,
    synthetic_pool,
    synthetic_queries,
)

SLICES = ("corpus", "synthetic")


def split_of(query_id: str) -> str:
    """Train or test, by a hash of the query id: stable, and blind to how a query does."""
    return "train" if hashlib.sha256(query_id.encode()).digest()[0] % 2 == 0 else "test"


@dataclass
class Searched:
    slice: str  # "corpus" | "synthetic"
    query: Query
    legs: Legs
    features: QueryFeatures
    bm25: list[uuid.UUID]

    @property
    def name(self) -> str:
        return f"{self.slice}.{self.query.kind}"

    @property
    def split(self) -> str:
        return split_of(self.query.id)


@dataclass
class Pool:
    slice: str
    org_id: uuid.UUID
    searched: list[Searched]
    features: Mapping[uuid.UUID, CandidateFeatures]
    chunks: list[tuple[uuid.UUID, str]]  # (candidate, blind chunk text) of embedded chunks

    def feature_map(self, ids: list[uuid.UUID]) -> Mapping[uuid.UUID, CandidateFeatures]:
        """The rerank's feature loader, from memory (it reads every id it is given)."""
        return self.features


def collect(ctx: SuiteContext, slice_name: str) -> Pool:
    rt = ctx.runtime()
    if slice_name == "corpus":
        docs = _corpus_subset(ctx.size)
        org = new_org(rt, "replay-corpus")
        ids = import_texts(rt, org, [(d.doc_id, d.text) for d in docs])
        queries = corpus_queries(docs, ids)
        pool = len(docs)
    else:
        spec = data.synthetic_pools()["pools"][ctx.size]
        profiles = synthetic_pool(spec)
        org = new_org(rt, "replay-synth")
        ids = import_texts(rt, org, [(str(p["id"]), str(p["text"])) for p in profiles])
        queries = synthetic_queries(profiles, ids, spec)
        pool = len(profiles)
    bm25 = _Bm25(_stored_texts(rt, org))
    searched = []
    with transaction(rt.sessions) as session:
        features = load_features(session, org, list(bm25.ids))
        for q in queries:
            legs = search_legs(
                session, rt.embedder, rt.settings, org, q.text, limit=pool, mode="natural"
            )
            searched.append(
                Searched(slice_name, q, legs, query_features(q.text), bm25.rank(q.text))
            )
    return Pool(slice_name, org, searched, features, chunk_texts(ctx, org))


def chunk_texts(ctx: SuiteContext, org_id: uuid.UUID) -> list[tuple[uuid.UUID, str]]:
    """(candidate id, blind chunk text) of every embedded chunk: what the vector leg reads."""
    rt = ctx.runtime()
    with rt.sessions() as session:
        rows = session.execute(
            sql(
                "SELECT ch.candidate_id, ch.start_offset, ch.end_offset, c.raw_text, c.name, "
                "c.emails, c.phones, c.urls FROM candidate_chunks ch "
                "JOIN candidates c ON c.id = ch.candidate_id "
                "WHERE ch.org_id = :o AND ch.embedding_id IS NOT NULL ORDER BY ch.id"
            ),
            {"o": org_id},
        ).all()
    blinds: dict[uuid.UUID, Any] = {}
    out = []
    for row in rows:
        blind = blinds.get(row.candidate_id) or blinds.setdefault(
            row.candidate_id,
            blind_text(
                row.raw_text,
                Identifiers(emails=row.emails or [], phones=row.phones or [], urls=row.urls or []),
                row.name,
            ),
        )
        out.append((row.candidate_id, blind.piece(row.start_offset, row.end_offset)))
    return out


def ranked_ids(scored: Sequence[tuple[uuid.UUID, float]]) -> list[uuid.UUID]:
    return [cid for cid, _ in scored]


def quality(rankings: Sequence[tuple[Query, list[uuid.UUID]]]) -> dict[str, float]:
    return {
        "ndcg@10": round(mean(ndcg_at_k(r, q.relevance, 10) for q, r in rankings), 4),
        "recall@50": round(
            mean(recall_at_k(r, q.relevance, 50, min_grade=2) for q, r in rankings), 4
        ),
    }
