"""The project's pipeline as re-ranked from the recruiter's reactions (an explanation of
the learned weights comes with it)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from app.deps import CallerDep, SessionDep
from app.projects import service as projects
from app.signals import service as signals
from app.signals.schemas import LearnedRanking

router = APIRouter(prefix="/v1", tags=["assistant"])


@router.get("/projects/{project_id}/learned-ranking", response_model=LearnedRanking)
def learned_ranking(
    session: SessionDep, caller: CallerDep, project_id: uuid.UUID
) -> LearnedRanking:
    return signals.learned_ranking(session, projects.get_owned(session, caller, project_id))
