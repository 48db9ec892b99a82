from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel


class AuditOut(BaseModel):
    id: int
    actor: str
    recruiter_id: uuid.UUID | None
    action: str
    subject: str
    detail: dict[str, Any]
    created_at: datetime


class AuditPage(BaseModel):
    items: list[AuditOut]
    # Pass back as `before` for the next (older) page; None at the oldest record.
    next_before: int | None
