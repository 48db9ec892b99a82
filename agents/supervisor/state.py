"""The supervisor's state, checkpointed after every node (durability "sync")."""

from __future__ import annotations

import operator
from typing import Annotated, Any, Literal, TypedDict

Phase = Literal["intake", "sourcing", "reevaluate", "followup"]
Signal = Literal["continue", "ask", "approve", "extend", "finish"]


class Step(TypedDict):
    id: str  # stable across re-plans: "p2.s3"
    agent: str  # intake | approval | sourcing | evaluation | review | report
    goal: str
    status: str  # pending | running | done | waiting | failed | skipped
    note: str  # what happened, in the recruiter's words (adjustments, counts)


class SupervisorState(TypedDict, total=False):
    project_id: str
    # Recruiter messages for this project, in order (appended, never rewritten).
    inbox: Annotated[list[str], operator.add]
    phase: Phase
    plan_no: int
    plan: list[Step]
    cursor: int
    signal: Signal
    new_steps: list[Step]
    feedback: str  # a rejection reason for intake to take into account
    query: dict[str, Any]  # the current SourcingQuery
    rounds: int  # closed-loop adjustments so far
    batch: list[str]  # candidate ids of the batch being evaluated
    handled: int  # how many inbox messages the planner has consumed
    approval_id: str  # the approval the thread waits on
    question: str  # the clarifying question the thread waits on
    refused: list[dict[str, Any]]  # refusals carried across clarifying turns
    last_message_id: str  # the mailbox message the thread last took in (exactly-once)
    # A refinement in flight: the new set and its diff against the approved one.
    proposal: dict[str, Any]
    # The approved set the re-evaluation compares against ("3 moved up").
    previous_qset_id: str
    # What a screening step works on: {"screen_id"} or {"candidate_id" | "name"}.
    screening: dict[str, Any]
