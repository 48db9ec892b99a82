from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Identity, Index, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Timestamps


class Event(Timestamps, Base):
    """One thing a recruiter's screens should learn about, in the order it happened.

    The id is the server-sent-event id: clients resume with `Last-Event-ID`, so it must only
    grow. CACHE 1 (the default, spelled out) keeps ids in allocation order across connections;
    a per-connection cache would hand out ids out of order and break resumption.
    """

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_recruiter_id_id", "recruiter_id", "id"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(cache=1), primary_key=True)
    org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    recruiter_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("recruiters.id", ondelete="CASCADE"))
    # mailbox.message | plan.step | progress | reply.delta | candidates.ready | ...
    kind: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
