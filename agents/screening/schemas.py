"""The screening agent's contract: both brains return these, and say which one answered."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from agents.schemas import VerdictValue

# "settle": the profile leaves the qualification unknown or weakly evidenced; "depth": it is
# met, and the question probes how deep; "custom": the recruiter wrote it.
Purpose = Literal["settle", "depth", "custom"]


class ScreeningQuestion(BaseModel):
    qualification_id: str | None = None
    text: str = Field(min_length=1, max_length=500)
    purpose: Purpose = "settle"
    why: str = ""  # what in the profile made this the question to ask


class QuestionKitAnswer(BaseModel):
    questions: list[ScreeningQuestion]


class RefusedQuestion(BaseModel):
    text: str
    reason: str


class ScreenFinding(BaseModel):
    """What the candidate's own words say about one qualification."""

    qualification_id: str
    verdict: VerdictValue
    quotes: list[str] = Field(default_factory=list)  # verbatim from the candidate's turns
    explanation: str = ""


class ScreenAnalysis(BaseModel):
    summary: str  # a few sentences, in plain words, of what the candidate said
    findings: list[ScreenFinding] = Field(default_factory=list)


class VerdictChange(BaseModel):
    """One verdict the screen would change, with the quotes that justify it."""

    qualification_id: str
    text: str  # the qualification, in the recruiter's words
    before: VerdictValue
    after: VerdictValue
    quotes: list[str]
    explanation: str = ""
