"""Run a sourcing query: the Boolean query first, topped up by meaning when it runs dry.

Boolean hits come first and are marked "boolean"; the top-up from the natural-language
query is marked "semantic", so the recruiter (and the review step) can tell a candidate who
matched every required term from one who only reads like the job.
"""

from __future__ import annotations

import uuid
from typing import Literal

from pydantic import BaseModel

from agents.sourcing import boolean
from agents.sourcing.queries import SourcingQuery
from app.config import Settings
from app.embeddings.metrics import CountingEmbedder
from app.search.query_language import natural_language_terms
from app.search.schemas import SearchFilters, SearchHit
from app.search.service import search
from app.unit_of_work import UnitOfWork

# The search ranks before we drop candidates already in the pipeline, so ask for that many
# more; capped because a long-running project must not turn one batch into a table scan.
MAX_FETCH = 500
# How many candidates matching an exclusion are looked up to keep them out of the top-up.
EXCLUSION_SCAN = 500


class SourcedCandidate(BaseModel):
    candidate_id: uuid.UUID
    score: float
    matched_terms: list[str]
    snippets: list[str]
    via: Literal["boolean", "semantic"]


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
    filters = SearchFilters(location=q.location, min_years=q.min_years)
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
