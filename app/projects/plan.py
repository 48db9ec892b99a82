"""The typed shape of `Project.plan` and `Project.sourcing`, and their one writer each.

Both are JSONB columns the UI reads as they are, so the stored shape is the API's shape:
a write validates the merged document and stores it back with only the keys ever set
(`exclude_unset`), exactly as the hand-merged dicts used to be. Unknown keys are refused
so a misspelt field fails where it is written, not where it is read.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from app.models import Project


class StepStatus(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    # Waiting on the recruiter: an answer to a question, or an approval.
    WAITING = "waiting"
    FAILED = "failed"
    SKIPPED = "skipped"


class PlanStep(BaseModel):
    """One step of the supervisor's plan, as the recruiter sees it."""

    model_config = ConfigDict(extra="forbid")

    id: str  # stable across re-plans: "p2.s3"
    agent: str  # intake | approval | sourcing | evaluation | review | report
    goal: str
    status: StepStatus
    note: str  # what happened, in the recruiter's words


class ProjectPlan(BaseModel):
    model_config = ConfigDict(extra="forbid")

    steps: list[PlanStep] = []
    plan_no: int = 1
    phase: str = "intake"
    finished: bool = False
    # Step id -> the qualification-set id that step proposed (a re-run never proposes twice).
    artifacts: dict[str, str] = {}
    # What memory offers from similar past projects; taken only by an explicit choice.
    suggestions: list[dict[str, Any]] = []
    # Candidates the recruiter took over ({candidate_id, by, at}): the assistant drafts,
    # answers and follows up nothing for them until handed back.
    paused: list[dict[str, Any]] = []


class ProjectSourcing(BaseModel):
    """The project's current search, for the recruiter and for later runs to start from."""

    model_config = ConfigDict(extra="forbid")

    boolean: str | None = None
    semantic: str | None = None
    adjustments: list[dict[str, Any]] = []
    past_searches: list[dict[str, Any]] = []


def plan_of(project: Project) -> ProjectPlan:
    return ProjectPlan.model_validate(project.plan or {})


def sourcing_of(project: Project) -> ProjectSourcing:
    return ProjectSourcing.model_validate(project.sourcing or {})


def update_plan(project: Project, **changes: Any) -> ProjectPlan:
    """The one writer of `Project.plan`: merge, validate, store in the shape it always had."""
    plan = ProjectPlan.model_validate({**(project.plan or {}), **changes})
    project.plan = plan.model_dump(mode="json", exclude_unset=True)
    return plan


def update_sourcing(project: Project, **changes: Any) -> ProjectSourcing:
    """The one writer of `Project.sourcing`."""
    sourcing = ProjectSourcing.model_validate({**(project.sourcing or {}), **changes})
    project.sourcing = sourcing.model_dump(mode="json", exclude_unset=True)
    return sourcing
