"""The screening graph's state: one screen read, checked and turned into proposed changes."""

from __future__ import annotations

from typing import Any, TypedDict

from agents.schemas import Engine
from agents.screening.schemas import ScreenAnalysis, VerdictChange
from agents.screening.speech import Speech


class ScreenState(TypedDict, total=False):
    speech: Speech
    qualifications: list[dict[str, Any]]  # the approved set, as stored
    result: dict[str, Any] | None  # the candidate's stored evaluation under that set
    analysis: ScreenAnalysis  # verified: every quote verbatim from the candidate's turns
    engine: Engine
    degraded: bool
    changes: list[VerdictChange]
