from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Timestamps, UUIDPk


class StageChange(UUIDPk, Timestamps, Base):
    """One move of a candidate in a project's pipeline: who, when, from where to where, why.

    Append-only: the history a recruiter reads, and what "undo archive" goes back to.
    """

    __tablename__ = "stage_changes"
    __table_args__ = (
        Index("ix_stage_changes_project_candidate", "project_id", "candidate_id", "created_at"),
    )

    org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    candidate_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"))
    from_stage: Mapped[str | None] = mapped_column(String(16), default=None)
    to_stage: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text, default=None)
    # "recruiter", "assistant" or "candidate" (a booking); recruiter_id says which recruiter.
    actor: Mapped[str] = mapped_column(String(16))
    recruiter_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("recruiters.id", ondelete="SET NULL"), default=None
    )
