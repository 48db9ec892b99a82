"""GET /v1/insights."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.deps import CallerDep, SessionDep
from app.insights.schemas import Insights
from app.insights.service import insights

router = APIRouter(prefix="/v1/insights", tags=["insights"])


@router.get("", response_model=Insights)
def get_insights(
    session: SessionDep,
    caller: CallerDep,
    title: Annotated[str | None, Query()] = None,
    skill: Annotated[str | None, Query()] = None,
) -> Insights:
    return insights(session, caller.org.id, title=title, skill=skill)
