from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Timestamps, UUIDPk


class Signal(UUIDPk, Timestamps, Base):
    """What a recruiter did, as it happened: the evidence the learning agent counts.

    add | archive (with the reason) | rate | stage | message_sent | reply | screen. Only
    the recruiter's own actions, never text from a resume or a candidate's reply.
    """

    __tablename__ = "signals"
    __table_args__ = (
        Index("ix_signals_project_created", "project_id", "created_at"),
        Index("ix_signals_recruiter_kind", "recruiter_id", "kind"),
    )

    org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    recruiter_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("recruiters.id", ondelete="CASCADE"))
    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    candidate_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), default=None
    )
    kind: Mapped[str] = mapped_column(String(16))
    role_family: Mapped[str | None] = mapped_column(String(16), default=None)
    data: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
