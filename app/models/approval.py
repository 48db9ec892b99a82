from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Index, String, Text, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.approvals.states import ApprovalStatus
from app.models.base import Base, Timestamps, UUIDPk


class Approval(UUIDPk, Timestamps, Base):
    """A decision only a human makes; the supervisor's thread waits on it (an interrupt)."""

    __tablename__ = "approvals"
    __table_args__ = (
        Index("ix_approvals_recruiter_status", "recruiter_id", "status"),
        Index(
            "ix_approvals_unapplied",
            "recruiter_id",
            postgresql_where=text("status <> 'pending' AND applied_at IS NULL"),
        ),
    )

    org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    recruiter_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("recruiters.id", ondelete="CASCADE"))
    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))  # an ApprovalKind
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    status: Mapped[str] = mapped_column(String(16), default=ApprovalStatus.PENDING)
    decision: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    reason: Mapped[str | None] = mapped_column(Text, default=None)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    # Set once the waiting thread has taken the decision in: a decided, unapplied approval
    # is work the mailbox's processor (or the reconciler) still owes the recruiter.
    applied_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
