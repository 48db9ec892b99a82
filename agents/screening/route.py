"""Which recruiter messages are the screening agent's: a request for screening questions
("prepare screening questions for Ada Lindqvist") and the note the API posts when a
transcript arrives ("... screen <id>"). Everything else goes to the planner as before."""

from __future__ import annotations

import re
from typing import Any

from agents.supervisor.planner import step
from agents.supervisor.state import Step

_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_SCREEN = re.compile(rf"\bscreening transcript\b.*\bscreen (?P<sid>{_UUID})\b", re.I | re.S)
_KIT = re.compile(
    r"\b(?:prepare|draft|write|make|create|generate|give me|get|suggest)\b[^\n]{0,30}?"
    r"\b(?:screening|screen|interview) questions?\b[^\n]{0,10}?\bfor\b\s*(?P<who>[^\n?.!]{1,120})",
    re.I,
)
_CANDIDATE_ID = re.compile(rf"^(?:candidate\s+)?(?P<cid>{_UUID})$", re.I)

KIT_GOAL = "Prepare screening questions: settle what the profile leaves open, probe what it shows"
SUMMARY_GOAL = "Read the candidate's turns of the screen and summarise them with verbatim quotes"
APPROVAL_GOAL = "Get your approval of what the screen changes (verdicts, stage) before it applies"


def route(plan_no: int, message: str) -> tuple[list[Step], dict[str, Any]] | None:
    """(plan, what the steps work on) for a screening message, else None."""
    screen = _SCREEN.search(message)
    if screen:
        plan = [
            step(plan_no, 1, "screen_summary", SUMMARY_GOAL),
            step(plan_no, 2, "screen_approval", APPROVAL_GOAL),
        ]
        return plan, {"screen_id": screen.group("sid").lower()}
    kit = _KIT.search(message)
    if kit:
        who = " ".join(kit.group("who").split()).strip(" ,;:")
        by_id = _CANDIDATE_ID.match(who)
        target = {"candidate_id": by_id.group("cid").lower()} if by_id else {"name": who}
        return [step(plan_no, 1, "screening_kit", KIT_GOAL)], target
    return None
