"""A recruiter message after approval, understood against the current approved set:
more candidates, a change (a diff to approve), or nothing at all (a plain reply).

It never re-runs intake from the original request: the recruiter's edits, stars and
added qualifications are the starting point of any change.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any

from agents.deps import AgentDeps
from agents.memory.history import compress
from agents.outreach.steps import GOAL, asks_for_outreach
from agents.refinement.apply import apply_changes
from agents.refinement.schemas import Diff
from agents.refinement.visible import visible_text
from agents.schemas import JobSpec, Qualification
from agents.supervisor.everyone import asks_for_everyone, everyone_reply
from agents.supervisor.planner import Followup, plan_followup, step
from app.projects import service as projects
from app.unit_of_work import transaction

_THANKS = re.compile(r"\b(thanks?|thank you|cheers|great|perfect|awesome|nice)\b", re.I)
HELP = (
    "The approved qualifications stay as they are. To change them, say for example "
    '"also require Kubernetes", "drop the degree", "make AWS required", "Docker is nice '
    'to have", "relax the location" or "3 years is enough"; or ask me to find more.'
)


@dataclass
class Understood:
    followup: Followup
    reply: str = ""  # set when the message changes nothing
    proposal: dict[str, Any] | None = None  # the new set and its diff, for approval
    # What the LLM is asked to answer in prose (streamed); `reply` is then the offline answer.
    ask: dict[str, Any] | None = None


def _context(
    deps: AgentDeps, project_id: uuid.UUID
) -> tuple[list[Qualification], JobSpec, list[dict[str, Any]]]:
    with transaction(deps.sessions) as session:
        project = projects.get(session, project_id)
        qset = projects.approved_qset(session, project_id)
        rows = qset.qualifications if qset is not None else []
        suggestions = projects.plan_of(project).suggestions
        spec = JobSpec.model_validate(project.spec) if project.spec else JobSpec()
    return [Qualification.model_validate(r) for r in rows], spec, suggestions


def understand(deps: AgentDeps, project_id: str, plan_no: int, message: str) -> Understood:
    text = visible_text(message)
    if not text:
        # Markup only (an <img onerror=...>): nothing a reader can see, so nothing to do.
        return Understood(Followup(intent="reply", steps=[]), reply=HELP)
    if asks_for_outreach(text):
        # "Draft messages to my pipeline": the outreach sub-agent, then the recruiter approves.
        return Understood(Followup(intent="outreach", steps=[step(plan_no, 1, "outreach", GOAL)]))
    if asks_for_everyone(text):
        # Seeing the full list is not a change: point to it, with counts.
        reply = everyone_reply(deps, uuid.UUID(project_id))
        return Understood(Followup(intent="reply", steps=[]), reply=reply)
    current, spec, suggestions = _context(deps, uuid.UUID(project_id))
    context = {
        "qualifications": [
            {"id": q.id, "text": q.text, "required": q.required, "starred": q.starred}
            for q in current
        ],
        "suggestions": [{"id": s["id"], "text": s["text"]} for s in suggestions],
        # Compressed project history from memory: stands in for the old turns.
        "history": compress(deps, project_id),
    }
    followup, engine, _ = plan_followup(deps.gateway, plan_no, text, context)
    if followup.intent == "more_candidates":
        return Understood(followup)
    if followup.intent == "refine":
        new, diff = apply_changes(current, spec, followup.changes, suggestions)
        if not diff.empty:
            proposal = {
                "qualifications": [q.model_dump(mode="json") for q in new],
                "diff": diff.model_dump(mode="json"),
            }
            return Understood(followup, proposal=proposal)
        return Understood(Followup(intent="reply", steps=[]), reply=_nothing_changed(diff))
    opener = "You're welcome. " if _THANKS.search(text) else ""
    if engine == "llm":
        # The model read the message: it writes the answer too, streamed as it forms.
        return Understood(followup, reply=f"{opener}{HELP}", ask={"message": text, **context})
    answer = f"{followup.reply.strip()} " if followup.reply.strip() else ""
    return Understood(followup, reply=f"{opener}{answer}{HELP}")


def _nothing_changed(diff: Diff) -> str:
    lines = [f'I can\'t add "{r.text}": {r.reason}' for r in diff.refused]
    lines += [f'I found nothing matching "{t}" in the approved qualifications.'
              for t in diff.not_found]  # fmt: skip
    if not lines:
        lines.append("That is already how the approved qualifications read.")
    lines.append(HELP)
    return "\n".join(lines)
