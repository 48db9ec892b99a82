from __future__ import annotations

import uuid

from pydantic import BaseModel, Field


class DismissIn(BaseModel):
    message_ids: list[uuid.UUID] = Field(min_length=1, max_length=500)


class DismissedOut(BaseModel):
    message_ids: list[uuid.UUID]  # newest first
