"""One contract for both brains: the evidence table in, `LearningAnswer` out."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from agents.refinement.schemas import Change

ProposalKind = Literal["require", "add_required", "relax", "star", "unstar"]


class Evidence(BaseModel):
    """Counts only: how many of which reactions show the pattern."""

    signal: Literal["archived", "added"]  # whose reactions: archived (or rated low) / added
    matching: int  # how many of them show it ("4" of "4 of the 5 you archived")
    total: int  # how many such reactions there are
    contrast: int = 0  # how many of the other group show it (added ones that lack it, ...)
    contrast_total: int = 0
    earlier: int = 0  # of `matching`, how many come from earlier projects of the same role


class LearningProposal(BaseModel):
    key: str  # stable: "require:q3", "add_required:kubernetes"; never proposed twice
    kind: ProposalKind
    target: str  # the qualification id, or the skill to add
    text: str  # the qualification's words
    question: str  # "4 of the 5 people you archived lack Kubernetes: make it required?"
    evidence: Evidence
    change: Change

    @property
    def strength(self) -> float:
        e = self.evidence
        share = e.matching / e.total if e.total else 0.0
        other = e.contrast / e.contrast_total if e.contrast_total else 0.0
        return (share - other) * min(e.total, 10)


class Pick(BaseModel):
    key: str  # one of the candidate proposals' keys it was shown
    question: str  # the question in the recruiter's words, counts as given


class LearningAnswer(BaseModel):
    """What the LLM brain returns: the candidates it finds worth asking, best first."""

    picks: list[Pick] = Field(default_factory=list)
