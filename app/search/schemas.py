"""Pydantic I/O for candidate search."""

from __future__ import annotations

import uuid
from typing import Literal

from pydantic import BaseModel, Field

SearchMode = Literal["boolean", "natural"]


class SearchFilters(BaseModel):
    location: str | None = None
    min_years: float | None = Field(default=None, ge=0)
    max_years: float | None = Field(default=None, ge=0)


class SearchHit(BaseModel):
    candidate_id: uuid.UUID
    name: str | None
    headline: str | None
    location: str | None
    source: str
    score: float
    matched_terms: list[str]
    snippets: list[str]
    lexical_rank: int | None = None
    semantic_rank: int | None = None


class SearchResponse(BaseModel):
    query: str
    mode: SearchMode
    results: list[SearchHit]
