from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Timestamps, UUIDPk


class ScreenBooking(UUIDPk, Timestamps, Base):
    """A phone screen a candidate booked through a link: one calendar event (one UID) that
    a reschedule moves and a cancel ends, each time with SEQUENCE + 1.

    The partial unique indexes make a double booking impossible: one live booking per
    recruiter and start time, and one live booking per candidate and project.
    """

    __tablename__ = "screen_bookings"
    __table_args__ = (
        Index(
            "uq_screen_bookings_recruiter_slot",
            "recruiter_id",
            "starts_at",
            unique=True,
            postgresql_where=text("status = 'booked'"),
        ),
        Index(
            "uq_screen_bookings_candidate",
            "project_id",
            "candidate_id",
            unique=True,
            postgresql_where=text("status = 'booked'"),
        ),
    )

    org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    recruiter_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("recruiters.id", ondelete="CASCADE"))
    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    candidate_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    candidate_time_zone: Mapped[str] = mapped_column(String(64))
    candidate_email: Mapped[str | None] = mapped_column(String(320), default=None)
    status: Mapped[str] = mapped_column(String(16), default="booked")  # booked | cancelled
    uid: Mapped[str] = mapped_column(String(200), unique=True)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    # Where the event lives in the recruiter's CalDAV calendar, and how the last write went.
    calendar_status: Mapped[str] = mapped_column(String(16), default="not_configured")
    calendar_error: Mapped[str | None] = mapped_column(Text, default=None)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)


class InviteOutbox(UUIDPk, Timestamps, Base):
    """Every calendar invite written for a booking. With SMTP configured it is sent and
    `sent_at` set; without, it stays here, clearly marked as not sent."""

    __tablename__ = "invite_outbox"

    org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    booking_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("screen_bookings.id", ondelete="CASCADE"), index=True
    )
    to_address: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(300))
    method: Mapped[str] = mapped_column(String(16))  # REQUEST | CANCEL
    sequence: Mapped[int] = mapped_column(Integer)
    ics: Mapped[str] = mapped_column(Text)
    # not_sent (no SMTP configured) | sent | failed
    status: Mapped[str] = mapped_column(String(16), default="not_sent")
    error: Mapped[str | None] = mapped_column(Text, default=None)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
