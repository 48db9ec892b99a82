from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Timestamps, UUIDPk


class MemoryItem(UUIDPk, Timestamps, Base):
    """One thing the assistant remembers about one recruiter: a preference, a decision or a
    compressed project history. Never shared: every read filters on `recruiter_id`.

    `key` makes remembering idempotent (the same approved qualification of the same project
    is one item however often a step re-runs); `role_family` is the O*NET occupation the
    item came from, so suggestions only reach projects of the same kind of role.
    """

    __tablename__ = "memory_items"
    __table_args__ = (
        UniqueConstraint("recruiter_id", "key"),
        Index("ix_memory_items_recruiter_created", "recruiter_id", "created_at", "id"),
    )

    org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    recruiter_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("recruiters.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))  # preference | decision | history
    topic: Mapped[str] = mapped_column(String(32))  # qualification | search | tone | ...
    key: Mapped[str] = mapped_column(String(300))
    role_family: Mapped[str | None] = mapped_column(String(16), default=None)
    text: Mapped[str] = mapped_column(Text)
    source: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    data: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
