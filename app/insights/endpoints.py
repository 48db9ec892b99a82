"""GET /v1/insights."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.deps import CallerDep, SessionDep
from app.hygiene import CleanStr
from app.insights.schemas import Insights
from app.insights.service import insights
from app.openapi_errors import COMMON, error_responses

router = APIRouter(
    prefix="/v1/insights", tags=["insights"], responses=error_responses(*COMMON, 400)
)


@router.get("", response_model=Insights)
def get_insights(
    session: SessionDep,
    caller: CallerDep,
    title: Annotated[CleanStr | None, Query(max_length=500)] = None,
    skill: Annotated[CleanStr | None, Query(max_length=200)] = None,
) -> Insights:
    return insights(session, caller.org.id, title=title, skill=skill)
