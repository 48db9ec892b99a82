"""Hybrid candidate search: a full-text leg and a vector leg, fused (`app.search.fusion`).

Both legs run inside the caller's organization. Boolean queries constrain both legs (a
NOT is a NOT everywhere); natural-language queries and pasted job descriptions run each
leg on the whole text.
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Callable, Mapping
from contextlib import nullcontext
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from app.config import Settings
from app.db import side_transaction
from app.embeddings.metrics import CountingEmbedder
from app.errors import AppError
from app.search import repository, vector_repository
from app.search.fusion import FusionParams, fuse, fusion_params, order, rerank, tied_ranks
from app.search.query_ast import Or, QuerySyntaxError, Term
from app.search.query_language import (
    compile_tsquery,
    is_boolean,
    natural_language_terms,
    parse_boolean,
)
from app.search.query_type import QueryType, query_type
from app.search.repository import Clause
from app.search.rerank import CandidateFeatures, load_features, query_features
from app.search.schemas import SearchFilters, SearchHit, SearchMode, SearchResponse
from app.search.stages import Background, stage

SNIPPET_CHARS = 240
_COLUMNS = {"search_column": "c.search_tsv", "location_column": "c.location_tsv"}


@dataclass
class _Plan:
    mode: SearchMode
    where: Clause  # the Boolean constraint (TRUE for natural language)
    rank_sql: str
    rank_params: dict[str, object]
    terms: list[str]  # positive terms, for matched_terms and snippets
    term_sql: list[str]  # one tsquery expression per term
    semantic_text: str


def _plan(query: str, mode: SearchMode | None) -> _Plan:
    chosen: SearchMode = mode or ("boolean" if is_boolean(query) else "natural")
    if chosen == "boolean":
        try:
            # title:/skill: leaves test the compact brief_tsv: same answer, no detoasting.
            compiled = compile_tsquery(parse_boolean(query), **_COLUMNS, brief_column="c.brief_tsv")
        except QuerySyntaxError as exc:
            raise AppError(
                f"query syntax error: {exc.message}",
                status_code=400,
                position=exc.position,
            ) from exc
        where = Clause(compiled.where_sql, dict(compiled.params))
        terms = list(compiled.positive_terms)
        semantic_text = " ".join(terms)
    else:
        terms = natural_language_terms(query)
        if not terms:
            raise AppError("the query has no searchable words", status_code=400)
        compiled = compile_tsquery(Or(tuple(Term(t) for t in terms)), **_COLUMNS)
        where = Clause()
        semantic_text = query
    term_params = {f"t{i}": t for i, t in enumerate(terms)}
    return _Plan(
        mode=chosen,
        where=where,
        # A location-only query has nothing to rank by text; every match ranks equal.
        rank_sql=compiled.rank_tsquery or "plainto_tsquery('english', '')",
        rank_params={**compiled.params, **term_params},
        terms=terms,
        term_sql=[f"plainto_tsquery('english', :t{i})" for i in range(len(terms))],
        semantic_text=semantic_text,
    )


def query_shape(query: str) -> str:
    """ "long" (a pasted job description) or "short" (a few typed words): the settings'
    names for `query_type`'s natural-language types."""
    return "long" if query_type(query, "natural") == "pasted" else "short"


def _snippet(raw: str, start: int, end: int) -> str:
    piece = " ".join(raw[start:end].split())
    return piece if len(piece) <= SNIPPET_CHARS else piece[: SNIPPET_CHARS - 1] + "…"


def _term_snippet(raw: str, terms: list[str]) -> str | None:
    for term in terms:
        # Whole words: a snippet for "Java" must not show someone's "JavaScript".
        word = re.escape(term.split()[0])
        m = re.search(rf"(?<![\w+#]){word}(?![\w+#])", raw, flags=re.IGNORECASE)
        if m:
            a = max(0, m.start() - SNIPPET_CHARS // 3)
            return _snippet(raw, a, a + SNIPPET_CHARS)
    return None


def vector_plan(
    settings: Settings, org_count: int, total: int, leg_limit: int, iterative: bool
) -> tuple[bool, int, int | None]:
    """(exact?, hnsw.ef_search, hnsw.max_scan_tuples or None) for one org's vector leg."""
    share = org_count / total if total else 1.0
    if iterative:
        # pgvector 0.8: the HNSW scan keeps going past other orgs' vectors, so share alone
        # no longer starves an org. Exact stays for an org whose own rows are few (cheaper
        # than any graph walk) or so thin in the table that the walk would hit its cap
        # (`python -m benchmarks.bench_vector` measures both sides).
        walk = leg_limit * 4 / max(share, 1e-6)
        exact = (
            org_count <= settings.search_iterative_exact_max_rows
            or walk > settings.search_hnsw_max_scan_tuples
        )
        return exact, min(1000, leg_limit * 4), settings.search_hnsw_max_scan_tuples
    # pgvector 0.6 filters after the index scan: a small share would get too few hits.
    exact = org_count <= settings.search_exact_max_rows or share < settings.search_exact_share
    return exact, min(1000, max(40, math.ceil(leg_limit * 2 / max(share, 1e-3)))), None


def vector_count_enough(
    settings: Settings, leg_limit: int, iterative: bool
) -> Callable[[int], int] | None:
    """How far an org's embeddings must be counted for `vector_plan` to decide, given the
    table's total: past both of its thresholds the plan is the same whatever the count.
    None (count them all) for pgvector < 0.8, whose ef_search follows the org's share."""
    if not iterative:
        return None

    def enough(total: int) -> int:
        # exact <=> count <= the small-org rows, or the walk (leg_limit * 4 * total / count)
        # would pass the tuple cap <=> count < leg_limit * 4 * total / cap.
        cap = max(1, settings.search_hnsw_max_scan_tuples)
        walk_floor = math.ceil(leg_limit * 4 * total / cap)
        return max(settings.search_iterative_exact_max_rows, walk_floor) + 1

    return enough


Semantic = list[tuple[uuid.UUID, float, int, int]]  # (id, distance, chunk start, end)


@dataclass
class Legs:
    """What both legs returned for one query, before fusion (best first in each)."""

    plan: _Plan
    kind: QueryType
    lexical: list[tuple[uuid.UUID, float]]  # (id, rank score)
    semantic: Semantic
    # Tie keys (`repository.tie_keys`) the legs read with their rows.
    ties: dict[uuid.UUID, str] = field(default_factory=dict)

    @property
    def similarity(self) -> list[tuple[uuid.UUID, float]]:
        return [(cid, 1.0 - d) for cid, d, _, _ in self.semantic]


def search_legs(
    session: Session,
    embedder: CountingEmbedder,
    settings: Settings,
    org_id: uuid.UUID,
    query: str,
    *,
    limit: int = 20,
    filters: SearchFilters | None = None,
    mode: SearchMode | None = None,
) -> Legs:
    """Run both legs of a search (the evals replay fusions over these without searching
    again)."""
    if not query or not query.strip():
        raise AppError("empty query: type some words, a Boolean query or a job description")
    filters = filters or SearchFilters()
    with stage("parse"):
        plan = _plan(query.strip(), mode)
        leg_limit = max(settings.search_leg_limit, limit)
        where = plan.where.and_(repository.filter_clause(filters))

    with stage("vector_plan"):
        iterative = vector_repository.has_iterative_scan(session)
        org_count, total = vector_repository.org_embedding_counts(
            session,
            org_id,
            embedder.model_name,
            vector_count_enough(settings, leg_limit, iterative),
        )
        exact, ef_search, max_scan = vector_plan(settings, org_count, total, leg_limit, iterative)

    def embed() -> list[float]:
        with stage("embed"):
            return embedder.embed_query(plan.semantic_text)

    lexical_ties: dict[uuid.UUID, str] = {}
    semantic_ties: dict[uuid.UUID, str] = {}  # apart: the legs may fill them at once

    def lexical_leg() -> list[tuple[uuid.UUID, float]]:
        with stage("lexical"):
            return _lexical_leg(session, org_id, plan, where, settings, leg_limit, lexical_ties)

    def vector_leg(on: Session, vector: list[float]) -> Semantic:
        with stage("vector"):
            return vector_repository.semantic_leg(
                on,
                org_id,
                embedder.model_name,
                vector,
                where,
                leg_limit,
                exact=exact,
                ef_search=ef_search,
                max_scan_tuples=max_scan,
                ties=semantic_ties,
            )

    semantic: Semantic = []
    if not org_count:
        lexical = lexical_leg()
    else:
        embedding = Background(embed)
        # Postgres works on both legs at once, on two connections (two backends, two
        # cores); the query's embedding (model CPU here) overlaps the side connection's
        # set-up.
        with side_transaction(session) if settings.search_parallel_legs else nullcontext() as side:
            if side is None:  # no second connection: the legs take turns on this one
                lexical = lexical_leg()
                semantic = vector_leg(session, embedding.result())
            else:
                other = side

                def on_side_leg() -> Semantic:
                    other.connection()  # checkout, BEGIN and the org scope while the model runs
                    return vector_leg(other, embedding.result())

                on_side = Background(on_side_leg)
                try:
                    lexical = lexical_leg()
                finally:
                    on_side.wait()  # the side session is closed only once its thread is done
                semantic = on_side.result()
    kind = query_type(query.strip(), plan.mode)
    return Legs(plan, kind, lexical, semantic, {**lexical_ties, **semantic_ties})


def _lexical_leg(
    session: Session,
    org_id: uuid.UUID,
    plan: _Plan,
    where: Clause,
    settings: Settings,
    leg_limit: int,
    ties: dict[uuid.UUID, str] | None = None,
) -> list[tuple[uuid.UUID, float]]:
    if plan.mode == "natural":
        # Natural language: every term first, then relaxed (see natural_lexical_leg).
        return repository.natural_lexical_leg(
            session,
            org_id,
            Clause(where.sql, {**where.params, **plan.rank_params}),
            plan.terms,
            plan.term_sql,
            leg_limit,
            max(settings.search_rank_cap, leg_limit),
            settings.search_rank_scan,
            ties,
        )
    return repository.lexical_leg(
        session,
        org_id,
        Clause(where.sql, {**where.params, **plan.rank_params}),
        plan.rank_sql,
        leg_limit,
        ties,
    )


def rank_legs(
    session: Session, org_id: uuid.UUID, query: str, legs: Legs, params: FusionParams
) -> tuple[list[uuid.UUID], dict[uuid.UUID, float]]:
    """Fuse the legs with `params` and rerank the fused top by its blind features."""
    with stage("fusion"):
        scores = fuse(legs.lexical, legs.similarity, params)
    with stage("tie_keys"):
        # The legs read them with their rows; a row they did not (none today) is looked up.
        missing = [cid for cid in scores if cid not in legs.ties]
        ties = {**legs.ties, **repository.tie_keys(session, org_id, missing)}
    with stage("fusion"):
        ordered = order(scores, ties)
    if not params.reranks:
        return ordered, scores

    def features(ids: list[uuid.UUID]) -> Mapping[uuid.UUID, CandidateFeatures]:
        with stage("rerank_fetch"):
            return load_features(session, org_id, ids)

    with stage("rerank_query"):
        wanted = query_features(query)
    with stage("rerank"):
        return rerank(ordered, scores, wanted, features, params)


def search(
    session: Session,
    embedder: CountingEmbedder,
    settings: Settings,
    org_id: uuid.UUID,
    query: str,
    *,
    limit: int = 20,
    filters: SearchFilters | None = None,
    mode: SearchMode | None = None,
) -> SearchResponse:
    filters = filters or SearchFilters()
    legs = search_legs(
        session, embedder, settings, org_id, query, limit=limit, filters=filters, mode=mode
    )
    # Weights per query type, tuned on the retrieval evals' train split (evals.tune_fusion).
    ordered, scores = rank_legs(session, org_id, query, legs, fusion_params(settings, legs.kind))
    with stage("hits"):
        return _response(session, org_id, query, legs, ordered, scores, limit, filters)


def _response(
    session: Session,
    org_id: uuid.UUID,
    query: str,
    legs: Legs,
    ordered: list[uuid.UUID],
    scores: dict[uuid.UUID, float],
    limit: int,
    filters: SearchFilters,
) -> SearchResponse:
    """The page: display fields, matched terms and snippets of the top `limit`."""
    plan = legs.plan
    # Equal evidence, equal rank: rows a leg scores the same share a rank (so two resumes
    # that index identically fuse identically, whatever their random ids).
    lexical_rank = dict(
        zip(
            (cid for cid, _ in legs.lexical),
            tied_ranks([-r for _, r in legs.lexical]),
            strict=True,
        )
    )
    semantic_rank: dict[uuid.UUID, int] = {}
    best_chunk: dict[uuid.UUID, tuple[int, int]] = {}
    for rank, (cid, _, a, b) in zip(
        tied_ranks([d for _, d, _, _ in legs.semantic]), legs.semantic, strict=True
    ):
        semantic_rank[cid] = rank
        best_chunk[cid] = (a, b)

    if filters.keep_unknown and filters.active:
        # Known matches first; rows kept only because they do not say come after them.
        known = repository.known_ids(
            session,
            org_id,
            ordered,
            repository.filter_clause(filters.model_copy(update={"keep_unknown": False})),
        )
        ordered.sort(key=lambda c: c not in known)
    top = ordered[:limit]
    with stage("details"):
        details = repository.hit_details(
            session, org_id, top, plan.term_sql, {f"t{i}": t for i, t in enumerate(plan.terms)}
        )
    results: list[SearchHit] = []
    for cid in top:
        row = details.get(cid)
        if row is None:
            continue
        raw: str = row["raw_text"]
        matched = [t for t, hit in zip(plan.terms, row["matched"] or [], strict=False) if hit]
        snippets: list[str] = []
        if cid in best_chunk:
            snippets.append(_snippet(raw, *best_chunk[cid]))
        lexical_snip = _term_snippet(raw, matched)
        if lexical_snip and lexical_snip not in snippets:
            snippets.append(lexical_snip)
        results.append(
            SearchHit(
                candidate_id=cid,
                name=row["name"],
                headline=row["headline"],
                location=row["location"],
                source=row["source"],
                score=round(scores[cid], 6),
                matched_terms=matched,
                snippets=snippets,
                lexical_rank=lexical_rank.get(cid),
                semantic_rank=semantic_rank.get(cid),
                unknown_filters=repository.unknown_filters(
                    filters, row["location"], row["years_experience"]
                ),
            )
        )
    return SearchResponse(query=query, mode=plan.mode, results=results)


def boolean_matches(
    session: Session,
    org_id: uuid.UUID,
    query: str,
    *,
    filters: SearchFilters,
    exclude: set[uuid.UUID],
    limit: int,
) -> list[uuid.UUID]:
    """Candidates a Boolean query matches under `filters`, leaving out `exclude`: the true
    count behind "N candidates found with <query>" (up to `limit`), without the vector leg."""
    plan = _plan(query.strip(), "boolean")
    where = plan.where.and_(repository.filter_clause(filters))
    if exclude:
        where = where.and_(Clause("NOT (c.id = ANY(:f_exclude))", {"f_exclude": list(exclude)}))
    rows = repository.lexical_leg(
        session,
        org_id,
        Clause(where.sql, {**where.params, **plan.rank_params}),
        plan.rank_sql,
        limit,
    )
    return [cid for cid, _ in rows]
