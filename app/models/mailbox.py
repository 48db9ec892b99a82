from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, ForeignKey, Identity, Index, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.mailbox.states import MessageStatus
from app.models.base import Base, Timestamps, UUIDPk


class Assistant(UUIDPk, Timestamps, Base):
    """Each recruiter's own assistant instance: an identity that owns a mailbox."""

    __tablename__ = "assistants"

    recruiter_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("recruiters.id", ondelete="CASCADE"), unique=True
    )
    org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100), default="Scout")


class MailboxMessage(UUIDPk, Timestamps, Base):
    """One message in an assistant's mailbox, from the recruiter, the supervisor, a sub-agent
    or the system. `seq` orders a mailbox; the id doubles as the idempotency key."""

    __tablename__ = "mailbox_messages"
    __table_args__ = (
        Index("ix_mailbox_assistant_seq", "assistant_id", "seq"),
        Index("ix_mailbox_pending", "assistant_id", "status"),
    )

    seq: Mapped[int] = mapped_column(BigInteger, Identity(), unique=True)
    assistant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("assistants.id", ondelete="CASCADE"))
    org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    project_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), default=None
    )
    sender: Mapped[str] = mapped_column(String(64))  # recruiter|supervisor|agent:<name>|system
    kind: Mapped[str] = mapped_column(String(32))  # request|reply|question|plan|approval|...
    body: Mapped[str] = mapped_column(Text, default="")
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    # A MessageStatus: queued -> processing -> done | failed inbound; sent outbound.
    status: Mapped[str] = mapped_column(String(16), default=MessageStatus.SENT)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    processed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
