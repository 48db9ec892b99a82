from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Timestamps, UUIDPk


class IdempotencyKey(UUIDPk, Timestamps, Base):
    """One `Idempotency-Key` a recruiter sent with a POST, and the first answer to it.

    A retry with the same key gets this answer again instead of doing the work twice;
    `status` is `in_flight` until the first request has its answer, then `done`.
    """

    __tablename__ = "idempotency_keys"
    __table_args__ = (
        UniqueConstraint("org_id", "recruiter_id", "key"),
        Index("ix_idempotency_keys_created_at", "created_at"),  # old keys are deleted by age
    )

    org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    recruiter_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("recruiters.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(255))
    method: Mapped[str] = mapped_column(String(10))
    path: Mapped[str] = mapped_column(String(2000))
    request_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="in_flight")
    response_status: Mapped[int | None] = mapped_column(Integer, default=None)
    response_body: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    response_type: Mapped[str | None] = mapped_column(String(200), default=None)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
