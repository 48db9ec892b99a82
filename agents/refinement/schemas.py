"""The diff contract both brains share: a list of `Change`s in, one `Diff` out."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from agents.schemas import Qualification, RefusedQualification

Op = Literal[
    "add",  # a new qualification (text, required)
    "remove",  # drop an existing one
    "require",  # nice-to-have -> required (adds it when it is not there)
    "nice_to_have",  # required -> nice-to-have (adds it as one when it is not there)
    "star",
    "unstar",
    "relax",  # one thing less strict: "location", "years" (text = the new number) or a skill
    "reuse_suggestions",  # take the memory suggestions offered for this project
]


class Change(BaseModel):
    op: Op
    # Which existing qualification: its words ("the degree", "AWS") or its id, or for
    # `relax` also "location" / "years". Empty for `add` and `reuse_suggestions`.
    target: str = ""
    # `add`: the new qualification's text; `relax` of years: the number of years.
    text: str = ""
    required: bool = True  # `add` only


class Changed(BaseModel):
    text: str  # the qualification as it reads after the change
    what: str  # "now required", "starred", "3+ years instead of 5+", in plain words


class Diff(BaseModel):
    added: list[Qualification] = Field(default_factory=list)
    removed: list[Qualification] = Field(default_factory=list)
    changed: list[Changed] = Field(default_factory=list)
    spec: dict[str, Any] = Field(default_factory=dict)  # job-spec fields to set on approval
    spec_notes: list[str] = Field(default_factory=list)  # "location: Berlin -> anywhere"
    refused: list[RefusedQualification] = Field(default_factory=list)
    not_found: list[str] = Field(default_factory=list)  # targets that matched nothing
    taken_suggestions: list[str] = Field(default_factory=list)  # suggestion ids taken

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.spec)

    def summary(self) -> str:
        """One line in the recruiter's words ("Kubernetes added as required; ...")."""
        parts = [f"{q.text} added as {'required' if q.required else 'nice-to-have'}"
                 for q in self.added]  # fmt: skip
        parts += [f"{q.text} removed" for q in self.removed]
        parts += [f"{c.text}: {c.what}" for c in self.changed]
        parts += self.spec_notes
        return "; ".join(parts)
