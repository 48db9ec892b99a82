"""Turn where the project stands (and the latest recruiter message) into an explicit plan.

Offline planning is a small rule table; it is the same plan an LLM planner must produce,
so the executor never depends on which brain planned.
"""

from __future__ import annotations

import re

from agents.supervisor.state import Phase, Step

_MORE = re.compile(r"\b(more|next|another|additional|keep going|continue)\b", re.IGNORECASE)

GOALS = {
    "intake": "Turn your request into a job spec and qualifications",
    "approval": "Get your approval of the qualifications before sourcing",
    "sourcing": "Build Boolean and semantic queries and source a calibration batch",
    "evaluation": "Evaluate each candidate against every qualification, with quoted evidence",
    "review": "Check precision vs. liquidity and widen or narrow the search if needed",
    "report": "Rank the candidates and tell you what is ready",
}


def step(plan_no: int, index: int, agent: str, goal: str | None = None) -> Step:
    return Step(
        id=f"p{plan_no}.s{index}",
        agent=agent,
        goal=goal or GOALS[agent],
        status="pending",
        note="",
    )


def offline_plan(phase: Phase, plan_no: int, last_message: str | None) -> list[Step]:
    if phase == "intake":
        agents = ["intake", "approval"]
    elif phase == "sourcing":
        agents = ["sourcing", "evaluation", "review", "report"]
    elif last_message and _MORE.search(last_message):
        agents = ["sourcing", "evaluation", "report"]
    else:
        # Anything else after sourcing is taken as a change to the brief.
        agents = ["intake", "approval"]
    return [step(plan_no, i, a) for i, a in enumerate(agents, start=1)]
