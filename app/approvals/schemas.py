from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field, StrictBool, model_validator

from app.hygiene import CleanStr


class QualificationEdit(BaseModel):
    id: CleanStr | None = Field(default=None, max_length=200)
    text: CleanStr = Field(min_length=1, max_length=500)
    required: StrictBool = True
    weight: float | None = Field(default=None, ge=0.0, le=10.0)  # starred -> 2.0 by default
    starred: StrictBool = False
    evidence_hint: CleanStr = Field(default="", max_length=2000)
    # Kept from the proposal so that an edit (a star, a nice-to-have) does not turn a legal
    # requirement into a skill or an OR-group into a single phrase.
    kind: Literal["skill", "years", "credential", "legal"] | None = None
    any_of: list[CleanStr] = Field(default_factory=list, max_length=20)


class Changes(BaseModel):
    qualifications: list[QualificationEdit] = Field(min_length=1)


class DecisionIn(BaseModel):
    decision: Literal["approve", "edit", "reject"]
    changes: Changes | None = None
    reason: CleanStr | None = Field(default=None, max_length=2000)
    # Ids of the memory suggestions offered with this approval that the recruiter takes
    # (they join as nice-to-have); nothing from memory is ever added without this.
    use_suggestions: list[CleanStr] = Field(default_factory=list, max_length=50)

    @model_validator(mode="after")
    def _consistent(self) -> DecisionIn:
        if self.decision == "reject" and self.use_suggestions:
            raise ValueError("a rejection cannot take suggestions")
        if self.decision == "edit" and self.changes is None:
            raise ValueError('an "edit" needs changes: {"qualifications": [...]}')
        if self.decision == "reject" and not (self.reason and self.reason.strip()):
            raise ValueError('a "reject" needs a reason, so the assistant can do better')
        return self


class ApprovalOut(BaseModel):
    id: uuid.UUID
    project_id: uuid.UUID
    kind: str
    status: str
    payload: dict[str, Any]
    decision: dict[str, Any]
    reason: str | None
    created_at: datetime
    decided_at: datetime | None


class ApprovalPage(BaseModel):
    items: list[ApprovalOut]
    next_cursor: str | None
