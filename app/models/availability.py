from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Timestamps


class Availability(Timestamps, Base):
    """When a recruiter takes phone screens: weekly hours in their own time zone."""

    __tablename__ = "availabilities"

    recruiter_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("recruiters.id", ondelete="CASCADE"), primary_key=True
    )
    org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    time_zone: Mapped[str] = mapped_column(String(64))
    # {"mon": [["09:00", "12:00"], ["13:00", "17:00"]], ...}; a missing day is a day off.
    hours: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    slot_minutes: Mapped[int] = mapped_column(Integer, default=30)
    min_notice_hours: Mapped[int] = mapped_column(Integer, default=12)
    horizon_days: Mapped[int] = mapped_column(Integer, default=14)
