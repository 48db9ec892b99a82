"""The recruiter's pipeline: stage moves with reasons and history, notes, bulk actions, the
board, and undo of an archive.

Who may do what is decided here, once: the recruiter moves anyone anywhere; the assistant
and a candidate's booking only move someone forward through the engagement stages, and
never to "not a fit", "hired" or the archive — a person is never rejected by software.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Literal

from sqlalchemy.orm import Session

from app.audit import service as audit
from app.errors import AppError, NotFound
from app.events import service as events
from app.models import ProjectCandidate
from app.orgs.service import Caller
from app.pipeline import repository
from app.pipeline.schemas import (
    BOARD_STAGES,
    NEEDS_REASON,
    BookingSummary,
    BulkIn,
    BulkOut,
    HistoryOut,
    NoteOut,
    PipelineItem,
    PipelineOut,
    StageChangeOut,
)
from app.projects import service as projects
from app.projects.listing import recap_of
from app.projects.states import CandidateStage
from app.signals import service as signals

Actor = Literal["recruiter", "assistant", "candidate"]

# What software (the assistant, a booking) may set; everything else is the recruiter's call.
AUTOMATIC_STAGES = {
    CandidateStage.CONTACTED,
    CandidateStage.REPLIED,
    CandidateStage.SCREEN_SCHEDULED,
}
# Where "undo archive" goes when the history has no record of the stage before.
_RESTORE_DEFAULT = CandidateStage.PIPELINE


def _check_allowed(actor: Actor, to_stage: str, reason: str | None) -> None:
    if actor != "recruiter" and to_stage not in AUTOMATIC_STAGES:
        raise AppError(f"only the recruiter can move a candidate to {to_stage}", status_code=403)
    if to_stage in NEEDS_REASON and not (reason and reason.strip()):
        raise AppError(f"moving someone to {to_stage} needs a reason", status_code=422)
    if to_stage not in BOARD_STAGES and to_stage != CandidateStage.ARCHIVED:
        raise AppError(f"unknown stage {to_stage!r}", status_code=422)


def _require_candidates(
    session: Session, project: projects.Project, candidate_ids: Sequence[uuid.UUID]
) -> None:
    """All or nothing: an unknown id (or another organization's) fails the whole call."""
    known = repository.org_candidate_ids(session, project.org_id, candidate_ids)
    missing = [str(c) for c in candidate_ids if c not in known]
    if missing:
        raise AppError(
            f"candidate not found: {', '.join(missing[:5])}", status_code=404, missing=missing
        )


def _row(
    session: Session,
    project: projects.Project,
    rows: dict[uuid.UUID, ProjectCandidate],
    candidate_id: uuid.UUID,
    actor: Actor,
) -> tuple[ProjectCandidate, bool]:
    """The candidate's row, and whether it is new (a recruiter adding someone unlisted)."""
    row = rows.get(candidate_id)
    if row is not None:
        return row, False
    if actor != "recruiter":
        raise NotFound("candidate in this project")
    row = ProjectCandidate(
        project_id=project.id,
        org_id=project.org_id,
        candidate_id=candidate_id,
        stage=CandidateStage.SOURCED,
        added_by="recruiter",
    )
    session.add(row)
    rows[candidate_id] = row
    return row, True


def move_many(
    session: Session,
    project: projects.Project,
    candidate_ids: Sequence[uuid.UUID],
    to_stage: str,
    *,
    reason: str | None,
    actor: Actor,
    recruiter_id: uuid.UUID | None,
) -> BulkOut:
    """Move candidates to a stage, recording each move; one already there is left as it
    is, so a retried request changes nothing and writes no second history line."""
    _check_allowed(actor, to_stage, reason)
    _require_candidates(session, project, candidate_ids)
    rows = repository.rows_for(session, project.id, candidate_ids, lock=True)
    changed: list[uuid.UUID] = []
    unchanged: list[uuid.UUID] = []
    for cid in dict.fromkeys(candidate_ids):
        row, new = _row(session, project, rows, cid, actor)
        if row.stage == to_stage and not new:
            unchanged.append(cid)
            continue
        before = None if new else row.stage
        row.stage = to_stage
        if reason and to_stage in NEEDS_REASON:
            row.reason = reason
        session.flush()
        repository.record_change(
            session, row, from_stage=before, reason=reason, actor=actor, recruiter_id=recruiter_id
        )
        # Consequential, so audited; and a reaction the learning agent reads.
        audit.record(
            session,
            audit.Actor(org_id=project.org_id, name=actor, recruiter_id=recruiter_id),
            "candidate.stage_changed",
            f"candidate:{cid}",
            {"project_id": str(project.id), "from": before, "to": str(to_stage)},
        )
        signals.record(
            session, project, "stage", candidate_id=cid, data={"from": before, "to": str(to_stage)}
        )
        changed.append(cid)
    session.flush()
    if changed:
        _publish(session, project, f"stage:{to_stage}", changed)
    return BulkOut(changed=changed, unchanged=unchanged)


def move(
    session: Session,
    project: projects.Project,
    candidate_id: uuid.UUID,
    to_stage: str,
    *,
    reason: str | None,
    actor: Actor,
    recruiter_id: uuid.UUID | None = None,
) -> bool:
    out = move_many(
        session,
        project,
        [candidate_id],
        to_stage,
        reason=reason,
        actor=actor,
        recruiter_id=recruiter_id,
    )
    return bool(out.changed)


def restore(
    session: Session, caller: Caller, project: projects.Project, candidate_ids: Sequence[uuid.UUID]
) -> BulkOut:
    """Undo an archive: back to the stage each candidate had before it."""
    _require_candidates(session, project, candidate_ids)
    rows = repository.rows_for(session, project.id, candidate_ids, lock=True)
    changed: list[uuid.UUID] = []
    unchanged: list[uuid.UUID] = []
    for cid in dict.fromkeys(candidate_ids):
        row = rows.get(cid)
        if row is None or row.stage != CandidateStage.ARCHIVED:
            unchanged.append(cid)
            continue
        back = repository.stage_before_archive(session, project.id, cid) or _RESTORE_DEFAULT
        row.stage = back
        repository.record_change(
            session,
            row,
            from_stage=CandidateStage.ARCHIVED,
            reason="archive undone",
            actor="recruiter",
            recruiter_id=caller.recruiter.id,
        )
        changed.append(cid)
    session.flush()
    if changed:
        _publish(session, project, "restore", changed)
    return BulkOut(changed=changed, unchanged=unchanged)


def bulk(session: Session, caller: Caller, project: projects.Project, body: BulkIn) -> BulkOut:
    if body.action == "restore":
        return restore(session, caller, project, body.candidate_ids)
    target = {
        "add": CandidateStage.PIPELINE,
        "archive": CandidateStage.ARCHIVED,
        "stage": body.stage,
    }[body.action]
    assert target is not None  # BulkIn demands a stage for "stage"
    return move_many(
        session,
        project,
        body.candidate_ids,
        target,
        reason=body.reason,
        actor="recruiter",
        recruiter_id=caller.recruiter.id,
    )


def add_note(
    session: Session, caller: Caller, project: projects.Project, candidate_id: uuid.UUID, text: str
) -> NoteOut:
    _require_candidates(session, project, [candidate_id])
    rows = repository.rows_for(session, project.id, [candidate_id], lock=False)
    row = rows.get(candidate_id)
    if row is None:
        raise NotFound("candidate in this project")
    note = repository.add_note(session, row, caller.recruiter.id, text.strip())
    _publish(session, project, "note", [candidate_id])
    return NoteOut(
        id=note.id,
        candidate_id=candidate_id,
        text=note.body,
        author=caller.recruiter.email,
        created_at=note.created_at,
    )


def history(session: Session, project: projects.Project, candidate_id: uuid.UUID) -> HistoryOut:
    row = repository.rows_for(session, project.id, [candidate_id], lock=False).get(candidate_id)
    if row is None:
        raise NotFound("candidate in this project")
    return HistoryOut(
        candidate_id=candidate_id,
        stage=row.stage,
        rating=row.rating,
        reason=row.reason,
        changes=[
            StageChangeOut(
                from_stage=c.from_stage,
                to_stage=c.to_stage,
                reason=c.reason,
                actor=c.actor,
                by=email,
                created_at=c.created_at,
            )
            for c, email in repository.changes(session, project.id, candidate_id)
        ],
        notes=[
            NoteOut(
                id=n.id,
                candidate_id=candidate_id,
                text=n.body,
                author=email,
                created_at=n.created_at,
            )
            for n, email in repository.notes(session, project.id, candidate_id)
        ],
    )


def board(
    session: Session, project: projects.Project, view: Literal["board", "archived"]
) -> PipelineOut:
    stages: list[str] = (
        [str(s) for s in BOARD_STAGES] if view == "board" else [CandidateStage.ARCHIVED]
    )
    qset = projects.approved_qset(session, project.id)
    rows = repository.board_rows(
        session, project.id, project.org_id, qset.id if qset else None, stages
    )
    notes = repository.note_counts(session, project.id)
    moves = repository.last_moves(session, project.id)
    bookings = repository.latest_bookings(session, project.id)
    items = []
    for pc, cand, ev in rows:
        booking = bookings.get(cand.id)
        items.append(
            PipelineItem(
                candidate_id=cand.id,
                stage=pc.stage,
                rating=pc.rating,
                reason=pc.reason,
                added_by=pc.added_by,
                headline=cand.headline,
                location=cand.location,
                score=ev.score if ev else None,
                recap=recap_of(ev.result) if ev else None,
                notes=notes.get(cand.id, 0),
                booking=BookingSummary.model_validate(booking, from_attributes=True)
                if booking
                else None,
                moved_at=moves.get(cand.id),
            )
        )
    return PipelineOut(view=view, stages=stages, items=items)


def _publish(
    session: Session, project: projects.Project, what: str, candidate_ids: Sequence[uuid.UUID]
) -> None:
    """Every open tab and device of the recruiter redraws the board and the list."""
    events.publish(
        session,
        recruiter_id=project.recruiter_id,
        org_id=project.org_id,
        kind="pipeline.changed",
        data={
            "project_id": str(project.id),
            "what": what,
            # Bounded: a bulk of 500 ids stays far below the event size limit.
            "candidate_ids": [str(c) for c in candidate_ids[:500]],
        },
    )
