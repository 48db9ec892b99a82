from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Timestamps, UUIDPk, utcnow
from app.screening.states import ScreenStatus


class QuestionKit(UUIDPk, Timestamps, Base):
    """The screening questions for one candidate in one project: prepared by the assistant,
    edited by the recruiter. One kit per pair; preparing again replaces it."""

    __tablename__ = "question_kits"
    __table_args__ = (UniqueConstraint("project_id", "candidate_id"),)

    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    candidate_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"))
    qualification_set_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("qualification_sets.id", ondelete="SET NULL"), default=None
    )
    questions: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    refused: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    engine: Mapped[str] = mapped_column(String(16), default="offline")
    version: Mapped[int] = mapped_column(Integer, default=1)
    edited_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("recruiters.id", ondelete="SET NULL"), default=None
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), default=utcnow, onupdate=utcnow
    )


class Screen(UUIDPk, Timestamps, Base):
    """One screening conversation with a candidate: the transcript as speaker turns, which
    speaker is the candidate, and what the assistant made of it (summary, proposed changes).

    The transcript is untrusted text: it is only ever read as evidence, never as orders."""

    __tablename__ = "screens"
    __table_args__ = (Index("ix_screens_project_candidate", "project_id", "candidate_id"),)

    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    candidate_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"))
    uploaded_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("recruiters.id", ondelete="SET NULL"), default=None
    )
    filename: Mapped[str] = mapped_column(String(300), default="")
    format: Mapped[str] = mapped_column(String(16))  # vtt | srt | text
    turns: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    candidate_speaker: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(16), default=ScreenStatus.RECEIVED)
    summary: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    changes: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    engine: Mapped[str | None] = mapped_column(String(16), default=None)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    applied_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
