from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel


class EventOut(BaseModel):
    id: int
    kind: str
    data: dict[str, Any]
    created_at: datetime


class EventPage(BaseModel):
    items: list[EventOut]
    # Pass back as `after` for the next page; it only ever moves forward.
    next_after: int
    # False while a transaction publishing to this recruiter is still open: later events
    # are held back to keep the order, so ask again shortly.
    settled: bool
