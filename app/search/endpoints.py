"""GET /v1/candidates/search."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from app.deps import CallerDep, RuntimeDep, SessionDep
from app.ratelimit import RATE_LIMITED, limited
from app.search.schemas import SearchFilters, SearchMode, SearchResponse
from app.search.service import search

router = APIRouter(prefix="/v1/candidates", tags=["search"])


@router.get(
    "/search",
    response_model=SearchResponse,
    dependencies=[Depends(limited("search"))],
    responses=RATE_LIMITED,
)
def search_candidates(
    runtime: RuntimeDep,
    session: SessionDep,
    caller: CallerDep,
    q: Annotated[str, Query(description="Boolean query, plain words, or a job description")],
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    location: Annotated[str | None, Query()] = None,
    min_years: Annotated[float | None, Query(ge=0)] = None,
    max_years: Annotated[float | None, Query(ge=0)] = None,
    mode: Annotated[SearchMode | None, Query(description="force boolean or natural")] = None,
    include_unknown: Annotated[
        bool,
        Query(description="keep profiles that do not state their location or years"),
    ] = False,
) -> SearchResponse:
    return search(
        session,
        runtime.embedder,
        runtime.settings,
        caller.org.id,
        q,
        limit=limit,
        filters=SearchFilters(
            location=location,
            min_years=min_years,
            max_years=max_years,
            keep_unknown=include_unknown,
        ),
        mode=mode,
    )
