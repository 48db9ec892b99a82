from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field


class ProjectIn(BaseModel):
    text: str = Field(min_length=1, max_length=50_000, description="a request or a job description")


class ProjectOut(BaseModel):
    id: uuid.UUID
    title: str
    status: str
    request: str
    spec: dict[str, Any]
    qualifications: list[dict[str, Any]]
    refused_qualifications: list[dict[str, Any]]
    qualification_set_version: int | None
    qualifications_approved: bool
    plan: dict[str, Any]
    sourcing: dict[str, Any]
    created_at: datetime
    updated_at: datetime


class EvidenceOut(BaseModel):
    quote: str
    section: str


class VerdictOut(BaseModel):
    qualification_id: str
    qualification: str
    required: bool
    verdict: str
    confidence: float
    evidence: list[EvidenceOut]
    explanation: str


class RankedCandidate(BaseModel):
    candidate_id: uuid.UUID
    rank: int
    stage: str
    headline: str | None
    location: str | None
    recap: str
    score: float
    engine: str
    degraded: bool
    evaluations: list[VerdictOut]


class RankedPage(BaseModel):
    items: list[RankedCandidate]
    next_cursor: str | None
