"""Run a sourcing query: the Boolean query first, topped up by meaning when it runs dry.

Boolean hits come first and are marked "boolean"; the top-up from the natural-language
query is marked "semantic", so the recruiter (and the review step) can tell a candidate who
matched every required term from one who only reads like the job.
"""

from __future__ import annotations

import uuid
from typing import Literal

from pydantic import BaseModel, Field

from agents.schemas import JobSpec
from agents.sourcing import boolean
from agents.sourcing.ladder import filters_of, relaxations
from agents.sourcing.queries import SourcingQuery, widen
from agents.sourcing.query_model import Adjustment
from app.config import Settings
from app.embeddings.metrics import CountingEmbedder
from app.search.query_language import natural_language_terms
from app.search.schemas import SearchFilters, SearchHit
from app.search.service import boolean_matches, search
from app.unit_of_work import UnitOfWork

# The search ranks before we drop candidates already in the pipeline, so ask for that many
# more; capped because a long-running project must not turn one batch into a table scan.
MAX_FETCH = 500
# How many candidates matching an exclusion are looked up to keep them out of the top-up.
EXCLUSION_SCAN = 500
# The ladder relaxes until the Boolean query finds this many people new to the project.
LADDER_TARGET = 3
# A bound on rungs walked in one sourcing step (the ladder itself is finite anyway).
MAX_RUNGS = 12


class SourcedCandidate(BaseModel):
    candidate_id: uuid.UUID
    score: float
    matched_terms: list[str]
    snippets: list[str]
    via: Literal["boolean", "semantic"]
    unknown_filters: list[str] = Field(default_factory=list)  # kept because it does not say


class Sourced(BaseModel):
    """One sourcing step: the query that ran, what it found, and how it got there."""

    query: SourcingQuery
    found: list[SourcedCandidate]
    matched: int  # new candidates the Boolean query matched (capped at MAX_FETCH)
    relaxed: list[Adjustment]  # ladder rungs taken in this step, each with its count
    exhausted: bool  # nothing was left to relax

    @property
    def by_meaning(self) -> int:
        return sum(1 for c in self.found if c.via == "semantic")

    @property
    def by_query(self) -> int:
        return sum(1 for c in self.found if c.via == "boolean")


def _hits(
    session: UnitOfWork,
    embedder: CountingEmbedder,
    settings: Settings,
    org_id: uuid.UUID,
    query: str,
    mode: Literal["boolean", "natural"],
    filters: SearchFilters,
    limit: int,
) -> list[SearchHit]:
    response = search(
        session, embedder, settings, org_id, query, limit=limit, filters=filters, mode=mode
    )
    return response.results


def source_batch(
    session: UnitOfWork,
    embedder: CountingEmbedder,
    settings: Settings,
    org_id: uuid.UUID,
    q: SourcingQuery,
    *,
    limit: int,
    exclude: set[uuid.UUID],
) -> list[SourcedCandidate]:
    """Up to `limit` candidates not in `exclude`: Boolean matches, then semantic ones."""
    if limit <= 0:
        return []
    filters = filters_of(q)
    fetch = min(MAX_FETCH, limit + len(exclude))
    taken = set(exclude)
    out: list[SourcedCandidate] = []

    def take(hits: list[SearchHit], via: Literal["boolean", "semantic"]) -> None:
        for hit in hits:
            if len(out) >= limit:
                return
            if hit.candidate_id in taken:
                continue
            taken.add(hit.candidate_id)
            out.append(
                SourcedCandidate(
                    candidate_id=hit.candidate_id,
                    score=hit.score,
                    matched_terms=hit.matched_terms,
                    snippets=hit.snippets,
                    via=via,
                    unknown_filters=hit.unknown_filters,
                )
            )

    take(
        _hits(session, embedder, settings, org_id, q.boolean, "boolean", filters, fetch), "boolean"
    )
    # natural_language_terms is the service's own test for "has searchable words".
    if len(out) < limit and natural_language_terms(q.semantic):
        if q.exclusions:
            # The natural-language search has no NOT; keep the recruiter's exclusions anyway.
            ruled_out = " OR ".join(boolean.exclusion_clause(e) for e in q.exclusions)
            scan = _hits(
                session, embedder, settings, org_id, ruled_out, "boolean", filters, EXCLUSION_SCAN
            )
            taken |= {hit.candidate_id for hit in scan}
        # Boolean hits rank high here too and are skipped, so ask for as many more.
        fetch = min(MAX_FETCH, limit + len(taken))
        semantic = _hits(session, embedder, settings, org_id, q.semantic, "natural", filters, fetch)
        take(semantic, "semantic")
    return out


def count_new(
    session: UnitOfWork, org_id: uuid.UUID, q: SourcingQuery, exclude: set[uuid.UUID]
) -> int:
    """How many candidates new to the project the query's Boolean matches, unknowns kept."""
    ids = boolean_matches(
        session, org_id, q.boolean, filters=filters_of(q), exclude=exclude, limit=MAX_FETCH
    )
    return len(ids)


def source_relaxed(
    session: UnitOfWork,
    embedder: CountingEmbedder,
    settings: Settings,
    org_id: uuid.UUID,
    q: SourcingQuery,
    spec: JobSpec,
    *,
    limit: int,
    exclude: set[uuid.UUID],
    target: int = LADDER_TARGET,
) -> Sourced:
    """Climb the relaxation ladder while the Boolean query finds fewer than `target` new
    people (counting each rung for real), then source a batch with the query reached.

    Place, years, nice-to-haves and alternatives relax until `target` is met; required
    skills are given up only while nobody at all matches."""
    want = max(1, min(target, limit))
    matched = count_new(session, org_id, q, exclude)
    relaxed: list[Adjustment] = []
    exhausted = False
    while matched < want and len(relaxed) < MAX_RUNGS:
        if matched > 0 and relaxations(q) is None:
            # Giving up a required skill is for an empty result; with a few matches the
            # evaluation of this batch decides (the review step widens with its reasons).
            break
        reason = (
            "nobody new matched the query"
            if matched == 0
            else f"only {matched} new candidate{'s' if matched != 1 else ''} matched the query"
        )
        nxt = widen(q, spec, reason=reason)
        if nxt is None:
            exhausted = True
            break
        matched = count_new(session, org_id, nxt, exclude)
        step = nxt.adjustments[-1].model_copy(update={"count": matched})
        q = nxt.model_copy(update={"adjustments": [*nxt.adjustments[:-1], step]})
        relaxed.append(step)
    found = source_batch(session, embedder, settings, org_id, q, limit=limit, exclude=exclude)
    return Sourced(query=q, found=found, matched=matched, relaxed=relaxed, exhausted=exhausted)
