from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Timestamps


class NoticeDismissal(Timestamps, Base):
    """A recruiter dismissed the notice of one mailbox message ("3 new candidates ready"),
    so it stays dismissed on every device, not just in the browser that dismissed it."""

    __tablename__ = "notice_dismissals"

    recruiter_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("recruiters.id", ondelete="CASCADE"), primary_key=True
    )
    message_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("mailbox_messages.id", ondelete="CASCADE"), primary_key=True
    )
