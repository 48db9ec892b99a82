from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Timestamps, UUIDPk
from app.projects.states import CandidateStage


class Evaluation(UUIDPk, Timestamps, Base):
    """One candidate judged against one qualification-set version, for one content version.

    The unique key means an unchanged (candidate, qualification set) pair is never judged
    twice; a changed resume (new content hash) is.
    """

    __tablename__ = "evaluations"
    __table_args__ = (UniqueConstraint("candidate_id", "qualification_set_id", "content_hash"),)

    org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    candidate_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"))
    qualification_set_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("qualification_sets.id", ondelete="CASCADE"), index=True
    )
    content_hash: Mapped[str] = mapped_column(String(64))
    result: Mapped[dict[str, Any]] = mapped_column(JSONB)
    score: Mapped[float] = mapped_column(Float)
    engine: Mapped[str] = mapped_column(String(16))
    degraded: Mapped[bool] = mapped_column(Boolean, default=False)


class ProjectCandidate(UUIDPk, Timestamps, Base):
    """A candidate in a project's pipeline, and how they got there."""

    __tablename__ = "project_candidates"
    __table_args__ = (
        UniqueConstraint("project_id", "candidate_id"),
        Index("ix_project_candidates_project_stage", "project_id", "stage"),
    )

    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    candidate_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"))
    stage: Mapped[str] = mapped_column(String(16), default=CandidateStage.CALIBRATION)
    added_by: Mapped[str] = mapped_column(String(16), default="assistant")
    search: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)  # matched terms, via
    reason: Mapped[str | None] = mapped_column(Text, default=None)  # why archived / rated
    rating: Mapped[int | None] = mapped_column(Integer, default=None)  # recruiter's 1-5
    # The recruiter took over this candidate: no drafts, auto-answers or follow-ups until
    # they hand it back. Who and when, so the candidate and the plan can say so.
    paused_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    paused_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("recruiters.id", ondelete="SET NULL"), default=None
    )
