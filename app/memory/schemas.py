from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

MemoryKind = Literal["preference", "decision", "history"]


class MemoryItemOut(BaseModel):
    id: uuid.UUID
    kind: str  # preference | decision | history
    topic: str  # qualification | search | archive | tone | company | project
    text: str  # what the assistant remembers, in the recruiter's words
    role_family: str | None  # the O*NET occupation it applies to, when it is role-specific
    # Where it came from: {"type": "approved_qualifications", "project_id", "project_title",
    # "label"}, {"type": "message", "project_id", "message"}, ...
    source: dict[str, Any]
    created_at: datetime


class MemoryPage(BaseModel):
    items: list[MemoryItemOut]
    next_cursor: str | None


class ForgotOut(BaseModel):
    forgotten: int = Field(description="how many items were deleted")


class Remembered(BaseModel):
    """One item as agents read it back (an id to cite as "from memory")."""

    id: uuid.UUID
    kind: str
    topic: str
    text: str
    role_family: str | None
    source: dict[str, Any]
    data: dict[str, Any]
    created_at: datetime


class Style(BaseModel):
    """How this recruiter wants outreach written, from what they told the assistant; each
    line names the memory item it came from so a draft can say "from memory"."""

    lines: list[str] = Field(default_factory=list)
    memory_ids: list[uuid.UUID] = Field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.lines
