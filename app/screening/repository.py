"""All SQL of the screening domain."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import ProjectCandidate, QuestionKit, Screen


def pipeline_row(
    session: Session, project_id: uuid.UUID, candidate_id: uuid.UUID
) -> ProjectCandidate | None:
    return session.scalar(
        select(ProjectCandidate).where(
            ProjectCandidate.project_id == project_id,
            ProjectCandidate.candidate_id == candidate_id,
        )
    )


def paused_rows(session: Session, project_id: uuid.UUID) -> list[ProjectCandidate]:
    return list(
        session.scalars(
            select(ProjectCandidate)
            .where(
                ProjectCandidate.project_id == project_id,
                ProjectCandidate.paused_at.is_not(None),
            )
            .order_by(ProjectCandidate.paused_at)
        )
    )


def kit(session: Session, project_id: uuid.UUID, candidate_id: uuid.UUID) -> QuestionKit | None:
    return session.scalar(
        select(QuestionKit).where(
            QuestionKit.project_id == project_id, QuestionKit.candidate_id == candidate_id
        )
    )


def screens(session: Session, project_id: uuid.UUID, candidate_id: uuid.UUID) -> list[Screen]:
    return list(
        session.scalars(
            select(Screen)
            .where(Screen.project_id == project_id, Screen.candidate_id == candidate_id)
            .order_by(Screen.created_at.desc(), Screen.id)
        )
    )


def pipeline_rows(session: Session, project_id: uuid.UUID) -> list[ProjectCandidate]:
    return list(
        session.scalars(
            select(ProjectCandidate)
            .where(ProjectCandidate.project_id == project_id)
            .order_by(ProjectCandidate.created_at)
        )
    )
