"""Pydantic I/O for candidates and imports."""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import BaseModel, Field


class FailedItem(BaseModel):
    file: str
    error: str


class NearDuplicate(BaseModel):
    source: str
    similar_to: str  # candidate id or the source of an earlier record in the same run


class HiddenTextItem(BaseModel):
    """Text in one file that a reader of it cannot see, dropped before anything read it."""

    file: str
    chars: int  # non-space characters dropped
    kinds: dict[str, int]  # vanish, web_hidden, color, tiny, offpage, invisible_mode


class ImportSummary(BaseModel):
    import_run_id: uuid.UUID | None = None
    imported: int = 0
    duplicates: int = 0
    near_duplicates: list[NearDuplicate] = Field(default_factory=list)
    failed: list[FailedItem] = Field(default_factory=list)
    embedding_calls: int = 0  # texts sent to the embedding model
    candidate_ids: list[uuid.UUID] = Field(default_factory=list)
    hidden_text: list[HiddenTextItem] = Field(default_factory=list)


class SectionOut(BaseModel):
    kind: str
    heading: str
    text: str
    start: int
    end: int


class CandidateOut(BaseModel):
    candidate_id: uuid.UUID
    name: str | None
    headline: str | None
    location: str | None
    years_experience: float | None
    source: str
    skills: list[str]
    emails: list[str]
    phones: list[str]
    urls: list[str]
    profile: dict[str, Any]
    raw_text: str
    sections: list[SectionOut]


class CandidateSummary(BaseModel):
    candidate_id: uuid.UUID
    name: str | None
    headline: str | None
    location: str | None
    source: str


class CandidatePage(BaseModel):
    items: list[CandidateSummary]
    next_cursor: str | None
