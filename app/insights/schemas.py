from __future__ import annotations

from pydantic import BaseModel, Field


class Count(BaseModel):
    value: str
    count: int


class SkillInfo(BaseModel):
    name: str
    hot: bool
    in_demand: bool


class Insights(BaseModel):
    title: str | None
    skill: str | None
    matching_candidates: int
    occupation: str | None = None  # the O*NET occupation the title maps to
    onet_code: str | None = None
    top_titles: list[Count] = Field(default_factory=list)
    top_skills: list[Count] = Field(default_factory=list)
    top_locations: list[Count] = Field(default_factory=list)
    top_companies: list[Count] = Field(default_factory=list)
    adjacent_titles: list[str] = Field(default_factory=list)
    usual_skills: list[SkillInfo] = Field(default_factory=list)
    attribution: str = "O*NET 29.2 Database, USDOL/ETA (CC BY 4.0)"
