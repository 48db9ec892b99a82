from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from app.hygiene import CleanStr


class MessageIn(BaseModel):
    text: CleanStr = Field(min_length=1, max_length=50_000)
    # Optional client-chosen id: sending the same id twice is one message, processed once.
    id: uuid.UUID | None = None


class MessageOut(BaseModel):
    id: uuid.UUID
    seq: int
    project_id: uuid.UUID | None
    sender: str
    kind: str
    body: str
    payload: dict[str, Any]
    status: str
    created_at: datetime


class MessagePage(BaseModel):
    items: list[MessageOut]
    next_cursor: str | None
