"""The recruiter's pipeline: board and archived views, stage moves, notes, bulk actions,
undo of an archive, and the shortlist export."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from app.deps import CallerDep, SessionDep
from app.errors import AppError
from app.pipeline import export
from app.pipeline import service as pipeline
from app.pipeline.schemas import (
    BOARD_STAGES,
    BulkIn,
    BulkOut,
    HistoryOut,
    NoteIn,
    NoteOut,
    PipelineOut,
    StageIn,
)
from app.projects import service as projects
from app.projects.states import CandidateStage

router = APIRouter(prefix="/v1/projects/{project_id}", tags=["pipeline"])


@router.get("/pipeline", response_model=PipelineOut)
def get_pipeline(
    session: SessionDep,
    caller: CallerDep,
    project_id: uuid.UUID,
    view: Annotated[
        Literal["board", "archived"],
        Query(description="board: every stage from sourced to not a fit; archived: undoable"),
    ] = "board",
) -> PipelineOut:
    project = projects.get_owned(session, caller, project_id)
    return pipeline.board(session, project, view)


@router.post("/candidates/{candidate_id}/stage", response_model=HistoryOut)
def move_stage(
    session: SessionDep,
    caller: CallerDep,
    project_id: uuid.UUID,
    candidate_id: uuid.UUID,
    body: StageIn,
) -> HistoryOut:
    """Move one candidate (a reason is required for "not a fit"); answers the history."""
    project = projects.get_owned(session, caller, project_id)
    pipeline.move(
        session,
        project,
        candidate_id,
        body.stage,
        reason=body.reason,
        actor="recruiter",
        recruiter_id=caller.recruiter.id,
    )
    return pipeline.history(session, project, candidate_id)


@router.post("/candidates/{candidate_id}/restore", response_model=HistoryOut)
def restore(
    session: SessionDep, caller: CallerDep, project_id: uuid.UUID, candidate_id: uuid.UUID
) -> HistoryOut:
    """Undo an archive: the candidate goes back to the stage they had before."""
    project = projects.get_owned(session, caller, project_id)
    pipeline.restore(session, caller, project, [candidate_id])
    return pipeline.history(session, project, candidate_id)


@router.get("/candidates/{candidate_id}/history", response_model=HistoryOut)
def history(
    session: SessionDep, caller: CallerDep, project_id: uuid.UUID, candidate_id: uuid.UUID
) -> HistoryOut:
    project = projects.get_owned(session, caller, project_id)
    return pipeline.history(session, project, candidate_id)


@router.post("/candidates/{candidate_id}/notes", response_model=NoteOut, status_code=201)
def add_note(
    session: SessionDep,
    caller: CallerDep,
    project_id: uuid.UUID,
    candidate_id: uuid.UUID,
    body: NoteIn,
) -> NoteOut:
    project = projects.get_owned(session, caller, project_id)
    return pipeline.add_note(session, caller, project, candidate_id, body.text)


@router.post("/pipeline/bulk", response_model=BulkOut)
def bulk(session: SessionDep, caller: CallerDep, project_id: uuid.UUID, body: BulkIn) -> BulkOut:
    """Add, archive, restore or move many candidates at once: all of them or none (an
    unknown id fails the whole call)."""
    project = projects.get_owned(session, caller, project_id)
    return pipeline.bulk(session, caller, project, body)


@router.get("/export")
def export_shortlist(
    session: SessionDep,
    caller: CallerDep,
    project_id: uuid.UUID,
    format: Annotated[Literal["csv", "json"], Query()] = "json",
    stages: Annotated[
        str | None,
        Query(description="comma-separated stages; default: the pipeline but not a fit"),
    ] = None,
) -> Response:
    """The shortlist with the evidence behind every verdict, as CSV or JSON."""
    project = projects.get_owned(session, caller, project_id)
    chosen: list[str] = list(export.SHORTLIST)
    if stages:
        chosen = [s.strip() for s in stages.split(",") if s.strip()]
        allowed = {str(s) for s in BOARD_STAGES} | {CandidateStage.ARCHIVED}
        unknown = [s for s in chosen if s not in allowed]
        if unknown:
            raise AppError(
                f"unknown stage {unknown[0]!r}; use any of: {', '.join(sorted(allowed))}",
                status_code=422,
            )
    items = export.rows(session, project, chosen)
    name = f"shortlist-{project.id.hex[:8]}.{format}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    if format == "csv":
        return Response(export.to_csv(items), media_type="text/csv", headers=headers)
    return Response(export.to_json(items), media_type="application/json", headers=headers)
