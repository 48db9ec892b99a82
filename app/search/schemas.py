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
    # The gazetteer's place columns (city, region, ISO-2 country). Each also matches a profile
    # whose free-text location names it, so rows imported before the columns existed count.
    # `location` and these are alternatives: a row matching any one of them is in.
    city: str | None = None
    region: str | None = None
    country_code: str | None = Field(default=None, min_length=2, max_length=2)
    country_name: str | None = None
    # A profile that does not say where it is or how long its owner has worked has not said
    # "no": sourcing keeps such rows (ranked after the known matches, and flagged); a search
    # a person typed with an explicit filter drops them unless asked.
    keep_unknown: bool = False

    @property
    def has_place(self) -> bool:
        return any((self.location, self.city, self.region, self.country_code))

    @property
    def active(self) -> bool:
        return any(
            v is not None
            for v in (
                self.location,
                self.city,
                self.region,
                self.country_code,
                self.min_years,
                self.max_years,
            )
        )


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
    # Filters this profile could not be checked against ("years", "location"): kept, not met.
    unknown_filters: list[str] = Field(default_factory=list)


class SearchResponse(BaseModel):
    query: str
    mode: SearchMode
    results: list[SearchHit]
