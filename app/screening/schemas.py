"""What the screening endpoints take and return."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field


class QuestionOut(BaseModel):
    id: str
    qualification_id: str | None
    text: str
    purpose: str  # settle | depth | custom
    why: str


class QuestionKitOut(BaseModel):
    project_id: uuid.UUID
    candidate_id: uuid.UUID
    status: Literal["ready", "preparing"]
    questions: list[QuestionOut]
    # Questions a brain (or the recruiter) wrote that were left out, with why.
    refused: list[dict[str, Any]]
    engine: str | None
    version: int
    edited: bool
    updated_at: datetime | None


class QuestionIn(BaseModel):
    text: str = Field(min_length=1, max_length=500)
    qualification_id: str | None = Field(default=None, max_length=20)
    purpose: Literal["settle", "depth", "custom"] = "custom"
    why: str = Field(default="", max_length=500)


class QuestionKitIn(BaseModel):
    questions: list[QuestionIn] = Field(min_length=1, max_length=50)


class TurnOut(BaseModel):
    speaker: str
    text: str
    start: str


class TranscriptDraftOut(BaseModel):
    """Speech-to-text of a call: every cue says "Speaker" until you name who spoke; then
    upload it to /screens like any transcript."""

    vtt: str
    duration_s: float
    cues: int
    engine: str
    note: str


class ScreenOut(BaseModel):
    id: uuid.UUID
    project_id: uuid.UUID
    candidate_id: uuid.UUID
    filename: str
    format: str
    status: str  # received | analysed | applied | rejected
    candidate_speaker: str
    turns: list[TurnOut]
    summary: dict[str, Any]  # {"text": ..., "quotes": [{"qualification_id", "quote"}]}
    changes: list[dict[str, Any]]  # verdict changes: before, after, quotes
    approval_id: uuid.UUID | None
    engine: str | None
    created_at: datetime
    applied_at: datetime | None


class ScreenPage(BaseModel):
    items: list[ScreenOut]
    next_cursor: str | None = None


class TakeOverOut(BaseModel):
    candidate_id: uuid.UUID
    paused: bool
    paused_by: uuid.UUID | None
    paused_at: datetime | None
