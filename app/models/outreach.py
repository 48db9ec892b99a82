"""Outreach: per-recruiter style, per-project settings, threads and their messages.

A thread is one conversation with one candidate about one project; every message to the
candidate (first, follow-ups, answers) belongs to it, so a reply matched by its
`In-Reply-To` header finds the whole history.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Timestamps, UUIDPk, utcnow
from app.outreach.states import OutreachStatus, ThreadStatus


class OutreachStyle(Timestamps, Base):
    """How one recruiter writes: their tone, signature and preferred length; their cap."""

    __tablename__ = "outreach_styles"

    recruiter_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("recruiters.id", ondelete="CASCADE"), primary_key=True
    )
    org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    tone: Mapped[str] = mapped_column(String(16), default="warm")  # warm | direct | formal
    length: Mapped[str] = mapped_column(String(16), default="medium")  # short | medium | long
    signature: Mapped[str] = mapped_column(Text, default="")
    daily_cap: Mapped[int] = mapped_column(Integer, default=50)


class OutreachProject(Timestamps, Base):
    """A project's outreach settings: follow-up delay and whether the FAQ may answer alone."""

    __tablename__ = "outreach_projects"

    project_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )
    org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    auto_answer: Mapped[bool] = mapped_column(Boolean, default=False)
    followup_days: Mapped[int] = mapped_column(Integer, default=7)
    max_followups: Mapped[int] = mapped_column(Integer, default=1)


class OutreachThread(UUIDPk, Timestamps, Base):
    __tablename__ = "outreach_threads"
    __table_args__ = (UniqueConstraint("project_id", "candidate_id"),)

    org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    recruiter_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("recruiters.id", ondelete="CASCADE"))
    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    candidate_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"))
    email: Mapped[str | None] = mapped_column(String(320), default=None)
    status: Mapped[str] = mapped_column(String(16), default=ThreadStatus.ACTIVE)
    stop_reason: Mapped[str | None] = mapped_column(Text, default=None)


class OutreachMessage(UUIDPk, Timestamps, Base):
    """One message to a candidate. `send_key` is unique: a message is sent at most once,
    whoever retries; `status` moves under a row lock (see app.outreach.sending)."""

    __tablename__ = "outreach_messages"
    __table_args__ = (
        Index("ix_outreach_messages_thread", "thread_id", "created_at"),
        Index(
            "ix_outreach_messages_due",
            "due_at",
            postgresql_where=text("status IN ('approved', 'failed')"),
        ),
        Index("ix_outreach_messages_approval", "approval_id"),
    )

    org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    recruiter_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("recruiters.id", ondelete="CASCADE"))
    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    thread_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("outreach_threads.id", ondelete="CASCADE")
    )
    approval_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("approvals.id", ondelete="SET NULL"), default=None
    )
    kind: Mapped[str] = mapped_column(String(16))  # a MessageKind
    step: Mapped[int] = mapped_column(Integer, default=0)  # 0 first, 1.. follow-ups
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    # The candidate's own evidence the draft cites, and the checks it passed.
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    engine: Mapped[str] = mapped_column(String(16), default="offline")
    status: Mapped[str] = mapped_column(String(16), default=OutreachStatus.DRAFT)
    send_key: Mapped[str] = mapped_column(String(200), unique=True)
    header_message_id: Mapped[str] = mapped_column(String(300), unique=True)
    in_reply_to: Mapped[str | None] = mapped_column(String(300), default=None)
    references: Mapped[str | None] = mapped_column(Text, default=None)
    faq_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("faq_entries.id", ondelete="SET NULL"), default=None
    )
    due_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), default=utcnow, onupdate=utcnow
    )
