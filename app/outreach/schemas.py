"""Outreach I/O: styles, drafts, decisions, threads, FAQ, inbound replies."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator

Tone = Literal["warm", "direct", "formal"]
Length = Literal["short", "medium", "long"]
Topic = Literal["pay", "remote", "visa", "process", "benefits", "location", "other"]


class StyleIn(BaseModel):
    tone: Tone = "warm"
    length: Length = "medium"
    signature: str = Field(default="", max_length=1000)
    daily_cap: int = Field(default=50, ge=1, le=1000)


class StyleOut(StyleIn):
    pass


class ProjectSettingsIn(BaseModel):
    auto_answer: bool = False
    # A follow-up N days after the first message, if nobody replied.
    followup_days: int = Field(default=7, ge=3, le=28)
    max_followups: int = Field(default=1, ge=0, le=3)


class ProjectSettingsOut(ProjectSettingsIn):
    pass


class OutreachRequestIn(BaseModel):
    # Empty: everyone in the project's pipeline.
    candidate_ids: list[uuid.UUID] = Field(default_factory=list, max_length=200)


class CandidateBrief(BaseModel):
    """What a draft may use about one candidate: redacted evidence and their roles, never
    a name, an address, a phone number or a date of birth."""

    candidate_id: uuid.UUID
    has_address: bool
    headline: str | None = None
    roles: list[dict[str, str]] = Field(default_factory=list)  # {"title", "company"}
    evidence: list[dict[str, str]] = Field(default_factory=list)  # {"qualification", "quote"}
    skills: list[str] = Field(default_factory=list)


class DraftIn(BaseModel):
    """A draft as a brain writes it (offline or LLM): the first message and its follow-up."""

    candidate_id: uuid.UUID
    subject: str = Field(min_length=1, max_length=300)
    body: str = Field(min_length=1, max_length=8000)
    followup_subject: str = Field(default="", max_length=300)
    followup_body: str = Field(default="", max_length=8000)
    cited: list[str] = Field(default_factory=list)  # evidence quoted in the body
    engine: str = "offline"


class OutreachMessageOut(BaseModel):
    id: uuid.UUID
    thread_id: uuid.UUID
    project_id: uuid.UUID
    candidate_id: uuid.UUID
    approval_id: uuid.UUID | None
    kind: str
    step: int
    subject: str
    body: str
    evidence: list[dict[str, Any]]
    engine: str
    status: str
    # Plain words for the outbox: "not sent: no mail server configured" and the like.
    status_note: str
    header_message_id: str
    faq_id: uuid.UUID | None
    due_at: datetime | None
    attempts: int
    last_error: str | None
    sent_at: datetime | None
    created_at: datetime


class MessageEditIn(BaseModel):
    subject: str | None = Field(default=None, min_length=1, max_length=300)
    body: str | None = Field(default=None, min_length=1, max_length=8000)


class OutcomeIn(BaseModel):
    """For a message whose send was interrupted: it did leave (seen in your sent mail), or
    send it again."""

    outcome: Literal["sent", "send_again"]


class MessageDecisionIn(BaseModel):
    decision: Literal["approve", "edit", "reject"]
    subject: str | None = Field(default=None, min_length=1, max_length=300)
    body: str | None = Field(default=None, min_length=1, max_length=8000)
    reason: str | None = Field(default=None, max_length=2000)

    @model_validator(mode="after")
    def _consistent(self) -> MessageDecisionIn:
        if self.decision == "edit" and self.subject is None and self.body is None:
            raise ValueError('an "edit" needs a new subject or body')
        return self


class BatchDecisionIn(BaseModel):
    decision: Literal["approve", "reject"]
    # Empty: every draft of the batch still undecided.
    message_ids: list[uuid.UUID] = Field(default_factory=list, max_length=500)
    reason: str | None = Field(default=None, max_length=2000)


class InboundOut(BaseModel):
    id: uuid.UUID
    thread_id: uuid.UUID | None
    from_address: str
    subject: str
    body: str
    classification: str | None
    confidence: float | None
    engine: str | None
    handling: str
    suggested_answer: str | None
    faq_id: uuid.UUID | None
    created_at: datetime


class ThreadItem(BaseModel):
    """One entry of a thread, either direction, in time order."""

    direction: Literal["out", "in"]
    at: datetime
    message: OutreachMessageOut | None = None
    reply: InboundOut | None = None


class ThreadOut(BaseModel):
    id: uuid.UUID
    project_id: uuid.UUID
    candidate_id: uuid.UUID
    status: str
    stop_reason: str | None
    items: list[ThreadItem]


class OutboxPage(BaseModel):
    items: list[OutreachMessageOut]
    # Set when no mail server is configured: nothing in this outbox has left.
    not_sent_note: str | None


class FaqIn(BaseModel):
    topic: Topic
    question: str = Field(min_length=3, max_length=500)
    answer: str = Field(min_length=1, max_length=4000)


class FaqEdit(BaseModel):
    topic: Topic | None = None
    question: str | None = Field(default=None, min_length=3, max_length=500)
    answer: str | None = Field(default=None, min_length=1, max_length=4000)
    accept: bool | None = None


class FaqOut(BaseModel):
    id: uuid.UUID
    project_id: uuid.UUID
    topic: str
    question: str
    answer: str
    status: str
    source: str
    created_at: datetime


class InboundReceipt(BaseModel):
    id: uuid.UUID
    matched: bool
    thread_id: uuid.UUID | None
    duplicate: bool = False


class ReplyReading(BaseModel):
    """How a brain read one candidate reply (offline rules or LLM, same schema)."""

    classification: Literal[
        "interested",
        "not_interested",
        "question",
        "scheduling",
        "out_of_office",
        "unsubscribe",
        "other",
    ]
    confidence: float = Field(ge=0.0, le=1.0)
    question: str = ""  # the question asked, in the candidate's words, when there is one
