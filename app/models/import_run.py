from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.candidates.states import ImportRunStatus
from app.models.base import Base, Timestamps, UUIDPk


class ImportRun(UUIDPk, Timestamps, Base):
    """One `scout import` or upload: what it took in, what it made, and what failed."""

    __tablename__ = "import_runs"

    org_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    recruiter_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("recruiters.id", ondelete="SET NULL"), default=None
    )
    status: Mapped[str] = mapped_column(String(16), default=ImportRunStatus.RUNNING)
    imported: Mapped[int] = mapped_column(Integer, default=0)
    duplicates: Mapped[int] = mapped_column(Integer, default=0)
    near_duplicates: Mapped[int] = mapped_column(Integer, default=0)
    embedding_calls: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
