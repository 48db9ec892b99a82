from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

SignalKind = Literal[
    "add", "archive", "rate", "stage", "message_sent", "reply", "screen", "review"
]  # fmt: skip

# A mailbox message starting with this asks the supervisor for a learning review: it is
# posted by the app when reactions pile up, never by a candidate's text (which never
# reaches the mailbox). A recruiter typing it only gets a review, which still needs approval.
LEARNING_REVIEW = "[learning review]"


class SignalOut(BaseModel):
    id: uuid.UUID
    project_id: uuid.UUID
    candidate_id: uuid.UUID | None
    kind: str
    data: dict[str, Any]
    created_at: datetime


class Reaction(BaseModel):
    """A candidate with the recruiter's latest reaction and its verdicts under the approved
    set: the only features learning ever sees (no names, schools, dates or contact)."""

    candidate_id: uuid.UUID
    stage: str
    added_by: str
    rating: int | None
    reason: str | None
    score: float
    verdicts: list[dict[str, Any]]  # qualification_id, verdict, confidence, evidence count
    # Breaks ties stably (the resume content's hash; ids are random): not a feature.
    tie: str = ""

    @property
    def label(self) -> int | None:
        """1 liked (added, rated 4-5), 0 not (archived, rated 1-2), None no reaction."""
        if self.stage == "archived" or (self.rating is not None and self.rating <= 2):
            return 0
        if (self.rating is not None and self.rating >= 4) or (
            self.added_by == "recruiter" and self.stage == "pipeline"
        ):
            return 1
        return None


class LearnedWeight(BaseModel):
    qualification_id: str
    text: str
    prior: float
    learned: float


class LearnedItem(BaseModel):
    candidate_id: uuid.UUID
    score: float  # the evaluator's score
    learned_score: float  # the score under the weights learned from reactions
    rank: int
    learned_rank: int


class LearnedRanking(BaseModel):
    reactions: int
    weights: list[LearnedWeight] = Field(default_factory=list)
    items: list[LearnedItem] = Field(default_factory=list)
    note: str = ""
