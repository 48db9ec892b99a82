from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field, StrictBool, model_validator

from app.hygiene import CleanStr


class ProjectIn(BaseModel):
    text: CleanStr = Field(
        min_length=1, max_length=50_000, description="a request or a job description"
    )


class LLMUsageOut(BaseModel):
    """What the model cost this project so far, background runs included."""

    calls: int = 0
    tokens: int = 0
    cost_usd: float = 0.0
    degraded_calls: int = 0  # calls that failed and were answered offline
    # Which engine scored the current ranking: "llm", "offline", "mixed" (the list says which
    # engine scored each candidate), or None before anything is scored.
    engine: str | None = None


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
    # A newer set waiting for approval (a change of the approved one), else None.
    pending_qualifications: list[dict[str, Any]] | None = None
    # Qualifications from the recruiter's similar past projects, offered, not applied.
    suggestions: list[dict[str, Any]] = Field(default_factory=list)
    plan: dict[str, Any]
    sourcing: dict[str, Any]
    mode: str  # interactive | async ("source while you sleep")
    async_interval_minutes: int
    next_run_at: datetime | None
    created_at: datetime
    updated_at: datetime
    llm_usage: LLMUsageOut = Field(default_factory=LLMUsageOut)


class EvidenceOut(BaseModel):
    quote: str
    section: str
    # "screen" when the quote is the candidate's own words from an approved screening call.
    source: str = "profile"


class VerdictOut(BaseModel):
    qualification_id: str
    qualification: str
    required: bool
    # What the qualification is about ("legal": a clearance or the right to work, shown as
    # a legal requirement) and its alternatives ("one of A, B or C"), as in the set.
    kind: str | None = None
    any_of: list[str] = Field(default_factory=list)
    verdict: str
    confidence: float
    evidence: list[EvidenceOut]
    explanation: str


class RankedCandidate(BaseModel):
    candidate_id: uuid.UUID
    rank: int
    stage: str  # calibration | sourced | pipeline (added by the recruiter) | archived
    rating: int | None  # the recruiter's 1-5, kept across changes of the qualifications
    reason: str | None  # why the recruiter archived or rated them
    headline: str | None
    location: str | None
    recap: str
    score: float
    engine: str
    degraded: bool
    evaluations: list[VerdictOut]
    # The recruiter took this candidate over: the assistant drafts and answers nothing.
    paused: bool = False


class RankedPage(BaseModel):
    items: list[RankedCandidate]
    next_cursor: str | None
    # Candidates still in the project but left out of this list (`include=all` shows them).
    hidden: int = 0
    note: str = ""  # e.g. "3 more in the project meet none of the required qualifications"


CandidateListScope = Literal["qualified", "all"]


class ReadyCandidate(BaseModel):
    """One evaluated candidate for a "ready" notice: who, and what they meet, in words."""

    candidate_id: uuid.UUID
    headline: str | None
    location: str | None
    recap: str  # "3/4 required, 1/2 nice-to-have"
    score: float
    meets: list[str]  # short qualification names: ["Python", "Django", "AWS"]


class ReadySummary(BaseModel):
    shown: list[ReadyCandidate]  # best first
    hidden: int  # evaluated but meeting no required qualification: in the project, not listed


class AsyncModeIn(BaseModel):
    enabled: StrictBool
    interval_minutes: int = Field(default=60, ge=5, le=7 * 24 * 60)


class CandidateActionIn(BaseModel):
    action: Literal["add", "archive", "rate"]
    reason: CleanStr | None = Field(default=None, max_length=2000)
    rating: int | None = Field(default=None, ge=1, le=5)

    @model_validator(mode="after")
    def _consistent(self) -> CandidateActionIn:
        if self.action == "archive" and not (self.reason and self.reason.strip()):
            raise ValueError("archiving needs a reason (it teaches the next search)")
        if self.action == "rate" and self.rating is None:
            raise ValueError("rating needs a value from 1 to 5")
        return self


class ProjectSummary(BaseModel):
    id: uuid.UUID
    title: str
    status: str
    mode: str
    created_at: datetime
    updated_at: datetime


class ProjectPage(BaseModel):
    items: list[ProjectSummary]
    next_cursor: str | None
