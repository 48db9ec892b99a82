"""GET /v1/candidates/search."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from app.deps import CallerDep, RuntimeDep, SessionDep
from app.hygiene import CleanStr, StrictQueryBool
from app.openapi_errors import COMMON, error_responses
from app.ratelimit import RATE_LIMITED, limited
from app.search.schemas import SearchFilters, SearchMode, SearchResponse
from app.search.service import search

router = APIRouter(
    prefix="/v1/candidates", tags=["search"], responses=error_responses(*COMMON, 400)
)


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
    q: Annotated[CleanStr, Query(description="Boolean query, plain words, or a job description")],
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    location: Annotated[CleanStr | None, Query(max_length=200)] = None,
    min_years: Annotated[float | None, Query(ge=0, le=100, allow_inf_nan=False)] = None,
    max_years: Annotated[float | None, Query(ge=0, le=100, allow_inf_nan=False)] = None,
    mode: Annotated[SearchMode | None, Query(description="force boolean or natural")] = None,
    include_unknown: Annotated[
        StrictQueryBool,
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
