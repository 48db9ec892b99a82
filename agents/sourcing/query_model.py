"""The sourcing query as it travels between steps: what it searches for and how it got there."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

LocationLevel = Literal["city", "region", "country", "anywhere"]


class Adjustment(BaseModel):
    action: Literal["widen", "narrow"]
    change: str  # what changed, e.g. 'dropped "React" from the required terms'
    reason: str  # why, in the recruiter's words
    # How many candidates new to the project the Boolean query matched after this change
    # (None where the step that made the change did not search).
    count: int | None = None


class SourcingQuery(BaseModel):
    boolean: str  # always accepted by app.search.query_language.parse_boolean
    semantic: str  # natural-language text for the vector leg
    titles: list[str] = Field(default_factory=list)
    required_terms: list[str] = Field(default_factory=list)  # strongest first
    optional_terms: list[str] = Field(default_factory=list)
    exclusions: list[str] = Field(default_factory=list)
    location: str | None = None  # the place searched now (city, region or country name)
    min_years: float | None = None
    level: int = 0  # 0 as specified, negative widened, positive narrowed
    adjustments: list[Adjustment] = Field(default_factory=list)
    # What widen/narrow need to choose well, and to avoid undoing each other.
    term_weights: dict[str, float] = Field(default_factory=dict)
    starred_terms: list[str] = Field(default_factory=list)
    dropped_terms: list[str] = Field(default_factory=list)  # a widening dropped these
    adjacent_titles: list[str] = Field(default_factory=list)  # a widening added these
    years_dropped: bool = False
    # The relaxation ladder: where the brief's place sits, and how far we have moved from it.
    location_level: LocationLevel | None = None  # None: the brief named no place
    place_city: str | None = None
    place_region: str | None = None
    place_country: str | None = None
    country_code: str | None = None  # ISO-2
    years_wanted: float | None = None  # the brief's minimum, before any relaxation
    promoted_terms: list[str] = Field(default_factory=list)  # a narrowing required these
    nice_dropped: bool = False  # nice-to-haves left out of the natural-language query
    # Required skills one qualification offers as alternatives ("Django or Flask").
    alternatives: list[list[str]] = Field(default_factory=list)
    alternatives_ored: bool = False
