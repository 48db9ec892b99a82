"""Replies from candidates (untrusted text), the FAQ that may answer them, and addresses
that asked never to be written to again."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Timestamps, UUIDPk
from app.outreach.states import FaqStatus, ReplyHandling


class InboundEmail(UUIDPk, Timestamps, Base):
    __tablename__ = "inbound_emails"
    # The same mail fetched by IMAP and posted to the API is stored once.
    __table_args__ = (UniqueConstraint("org_id", "header_message_id"),)

    org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    thread_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("outreach_threads.id", ondelete="CASCADE"), default=None, index=True
    )
    header_message_id: Mapped[str] = mapped_column(String(300))
    from_address: Mapped[str] = mapped_column(String(320), default="")
    subject: Mapped[str] = mapped_column(String(500), default="")
    body: Mapped[str] = mapped_column(Text, default="")  # the visible text only
    classification: Mapped[str | None] = mapped_column(String(24), default=None)
    confidence: Mapped[float | None] = mapped_column(Float, default=None)
    engine: Mapped[str | None] = mapped_column(String(16), default=None)
    handling: Mapped[str] = mapped_column(String(16), default=ReplyHandling.PENDING)
    suggested_answer: Mapped[str | None] = mapped_column(Text, default=None)
    faq_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("faq_entries.id", ondelete="SET NULL"), default=None
    )
    received_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)


class FaqEntry(UUIDPk, Timestamps, Base):
    __tablename__ = "faq_entries"

    org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    project_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    topic: Mapped[str] = mapped_column(String(16))  # one of FAQ_TOPICS
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=FaqStatus.ACCEPTED)
    source: Mapped[str] = mapped_column(String(16), default="recruiter")  # recruiter | ad


class Suppression(Timestamps, Base):
    """An address that unsubscribed: never written to again by anyone in the org."""

    __tablename__ = "suppressions"

    org_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True
    )
    email: Mapped[str] = mapped_column(String(320), primary_key=True)  # lower-cased
    reason: Mapped[str] = mapped_column(String(32), default="unsubscribe")
