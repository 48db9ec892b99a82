"""All SQL of the pipeline: rows, their history, notes, and the board's joined read."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import (
    Candidate,
    CandidateNote,
    Evaluation,
    ProjectCandidate,
    Recruiter,
    ScreenBooking,
    StageChange,
)
from app.projects.states import CandidateStage


def rows_for(
    session: Session, project_id: uuid.UUID, candidate_ids: Iterable[uuid.UUID], *, lock: bool
) -> dict[uuid.UUID, ProjectCandidate]:
    """The pipeline rows of these candidates; locked when they are about to change, so two
    recruiters' tabs moving the same person serialize and both histories stay true."""
    query = select(ProjectCandidate).where(
        ProjectCandidate.project_id == project_id,
        ProjectCandidate.candidate_id.in_(list(candidate_ids)),
    )
    if lock:
        query = query.with_for_update()
    return {row.candidate_id: row for row in session.scalars(query)}


def org_candidate_ids(
    session: Session, org_id: uuid.UUID, candidate_ids: Iterable[uuid.UUID]
) -> set[uuid.UUID]:
    return set(
        session.scalars(
            select(Candidate.id).where(
                Candidate.org_id == org_id, Candidate.id.in_(list(candidate_ids))
            )
        )
    )


def record_change(
    session: Session,
    row: ProjectCandidate,
    *,
    from_stage: str | None,
    reason: str | None,
    actor: str,
    recruiter_id: uuid.UUID | None,
) -> StageChange:
    change = StageChange(
        org_id=row.org_id,
        project_id=row.project_id,
        candidate_id=row.candidate_id,
        from_stage=from_stage,
        to_stage=row.stage,
        reason=reason,
        actor=actor,
        recruiter_id=recruiter_id,
    )
    session.add(change)
    return change


def changes(
    session: Session, project_id: uuid.UUID, candidate_id: uuid.UUID
) -> list[tuple[StageChange, str | None]]:
    rows = session.execute(
        select(StageChange, Recruiter.email)
        .outerjoin(Recruiter, Recruiter.id == StageChange.recruiter_id)
        .where(StageChange.project_id == project_id, StageChange.candidate_id == candidate_id)
        .order_by(StageChange.created_at, StageChange.id)
    ).tuples()
    return list(rows)


def stage_before_archive(
    session: Session, project_id: uuid.UUID, candidate_id: uuid.UUID
) -> str | None:
    """Where the candidate stood before their latest archiving (None: no record of it)."""
    return session.scalar(
        select(StageChange.from_stage)
        .where(
            StageChange.project_id == project_id,
            StageChange.candidate_id == candidate_id,
            StageChange.to_stage == CandidateStage.ARCHIVED,
        )
        .order_by(StageChange.created_at.desc(), StageChange.id.desc())
        .limit(1)
    )


def add_note(
    session: Session, row: ProjectCandidate, recruiter_id: uuid.UUID, body: str
) -> CandidateNote:
    note = CandidateNote(
        org_id=row.org_id,
        project_id=row.project_id,
        candidate_id=row.candidate_id,
        recruiter_id=recruiter_id,
        body=body,
    )
    session.add(note)
    session.flush()
    return note


def notes(
    session: Session, project_id: uuid.UUID, candidate_id: uuid.UUID
) -> list[tuple[CandidateNote, str]]:
    rows = session.execute(
        select(CandidateNote, Recruiter.email)
        .join(Recruiter, Recruiter.id == CandidateNote.recruiter_id)
        .where(CandidateNote.project_id == project_id, CandidateNote.candidate_id == candidate_id)
        .order_by(CandidateNote.created_at, CandidateNote.id)
    ).tuples()
    return list(rows)


def board_rows(
    session: Session,
    project_id: uuid.UUID,
    org_id: uuid.UUID,
    qset_id: uuid.UUID | None,
    stages: Sequence[str],
) -> list[tuple[ProjectCandidate, Candidate, Evaluation | None]]:
    """Pipeline rows in these stages with their candidate and (when scored under the
    approved set, for the current content) their evaluation; best score first."""
    query = (
        select(ProjectCandidate, Candidate, Evaluation)
        .join(Candidate, Candidate.id == ProjectCandidate.candidate_id)
        .outerjoin(
            Evaluation,
            (Evaluation.candidate_id == Candidate.id)
            & (Evaluation.qualification_set_id == qset_id)
            & (Evaluation.content_hash == Candidate.content_hash),
        )
        .where(
            ProjectCandidate.project_id == project_id,
            Candidate.org_id == org_id,
            ProjectCandidate.stage.in_(list(stages)),
        )
        .order_by(
            Evaluation.score.desc().nulls_last(),
            ProjectCandidate.created_at,
            Candidate.content_hash,
            Candidate.id,
        )
    )
    return list(session.execute(query).tuples())


def note_counts(session: Session, project_id: uuid.UUID) -> dict[uuid.UUID, int]:
    rows = session.execute(
        select(CandidateNote.candidate_id, func.count())
        .where(CandidateNote.project_id == project_id)
        .group_by(CandidateNote.candidate_id)
    ).tuples()
    return {key: value for key, value in rows}


def last_moves(session: Session, project_id: uuid.UUID) -> dict[uuid.UUID, datetime]:
    rows = session.execute(
        select(StageChange.candidate_id, func.max(StageChange.created_at))
        .where(StageChange.project_id == project_id)
        .group_by(StageChange.candidate_id)
    ).tuples()
    return {key: value for key, value in rows}


def latest_bookings(session: Session, project_id: uuid.UUID) -> dict[uuid.UUID, ScreenBooking]:
    """Each candidate's most recent booking in this project (live or cancelled)."""
    out: dict[uuid.UUID, ScreenBooking] = {}
    for booking in session.scalars(
        select(ScreenBooking)
        .where(ScreenBooking.project_id == project_id)
        .order_by(ScreenBooking.created_at)
    ):
        out[booking.candidate_id] = booking
    return out


def result_of(evaluation: Evaluation | None) -> dict[str, Any] | None:
    return evaluation.result if evaluation is not None else None
