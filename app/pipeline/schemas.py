"""Pipeline I/O: stage moves, history, notes, bulk actions, the board and the export."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from app.projects.schemas import VerdictOut
from app.projects.states import CandidateStage

# The board's columns, in order: "pipeline" is the recruiter's "sourced" column (someone
# they added); the assistant's calibration and sourced suggestions live in the ranked list.
BOARD_STAGES: tuple[CandidateStage, ...] = (
    CandidateStage.PIPELINE,
    CandidateStage.CONTACTED,
    CandidateStage.REPLIED,
    CandidateStage.SCREEN_SCHEDULED,
    CandidateStage.SCREENED,
    CandidateStage.SUBMITTED,
    CandidateStage.HIRED,
    CandidateStage.NOT_A_FIT,
)
BoardStage = Literal[
    "pipeline",
    "contacted",
    "replied",
    "screen_scheduled",
    "screened",
    "submitted",
    "hired",
    "not_a_fit",
]
# Stages that end with a decision about a person: a reason is part of the record.
NEEDS_REASON = {CandidateStage.NOT_A_FIT, CandidateStage.ARCHIVED}


class StageIn(BaseModel):
    stage: BoardStage
    reason: str | None = Field(default=None, max_length=2000)

    @model_validator(mode="after")
    def _reason(self) -> StageIn:
        if self.stage in NEEDS_REASON and not (self.reason and self.reason.strip()):
            raise ValueError(f"moving someone to {self.stage} needs a reason")
        return self


class NoteIn(BaseModel):
    text: str = Field(min_length=1, max_length=10_000)


class NoteOut(BaseModel):
    id: uuid.UUID
    candidate_id: uuid.UUID
    text: str
    author: str
    created_at: datetime


class StageChangeOut(BaseModel):
    from_stage: str | None
    to_stage: str
    reason: str | None
    actor: str  # recruiter | assistant | candidate
    by: str | None  # the recruiter's email when a recruiter did it
    created_at: datetime


class HistoryOut(BaseModel):
    candidate_id: uuid.UUID
    stage: str
    rating: int | None
    reason: str | None
    changes: list[StageChangeOut]  # oldest first
    notes: list[NoteOut]  # oldest first


class BulkIn(BaseModel):
    action: Literal["add", "archive", "restore", "stage"]
    candidate_ids: list[uuid.UUID] = Field(min_length=1, max_length=500)
    stage: BoardStage | None = None
    reason: str | None = Field(default=None, max_length=2000)

    @model_validator(mode="after")
    def _consistent(self) -> BulkIn:
        if self.action == "stage" and self.stage is None:
            raise ValueError("a bulk stage change needs the stage to move everyone to")
        needs = self.action == "archive" or (self.action == "stage" and self.stage in NEEDS_REASON)
        if needs and not (self.reason and self.reason.strip()):
            raise ValueError(f"{self.action} needs a reason")
        return self


class BulkOut(BaseModel):
    changed: list[uuid.UUID]  # moved by this call
    unchanged: list[uuid.UUID]  # already there (a retry changes nothing)


class BookingSummary(BaseModel):
    id: uuid.UUID
    status: str
    starts_at: datetime
    ends_at: datetime
    candidate_time_zone: str
    calendar_status: str


class PipelineItem(BaseModel):
    candidate_id: uuid.UUID
    stage: str
    rating: int | None
    reason: str | None
    added_by: str
    headline: str | None
    location: str | None
    score: float | None
    recap: str | None
    notes: int
    booking: BookingSummary | None
    moved_at: datetime | None  # the last stage change


class PipelineOut(BaseModel):
    view: Literal["board", "archived"]
    stages: list[str]
    items: list[PipelineItem]


class ExportRow(BaseModel):
    """One shortlisted candidate with the evidence behind each verdict. No name or contact
    data: a shortlist travels to hiring managers, who judge the evidence, not the person."""

    candidate_id: uuid.UUID
    stage: str
    rating: int | None
    headline: str | None
    location: str | None
    score: float | None
    recap: str | None
    qualifications: list[VerdictOut]
