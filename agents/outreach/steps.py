"""The outreach step of the supervisor's plan: draft a message (and its follow-up) for each
candidate asked for, check every draft, and hand the batch to the recruiter as one
approval of kind `outreach`. Nothing is sent here: only an approval makes a message due.

Idempotent: the batch key is the recruiter message that asked, so a re-run after a crash
finds its approval and stores nothing twice. Model calls run outside any transaction.
"""

from __future__ import annotations

import re
import uuid

from agents.deps import AgentDeps
from agents.outreach import skill
from agents.supervisor.messages import say
from agents.supervisor.state import Step, SupervisorState
from app.outreach import service as outreach
from app.outreach.schemas import DraftIn
from app.projects import service as projects
from app.screening import service as screening
from app.unit_of_work import transaction

_UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.I)
_ASKS = re.compile(
    r"\b(?:draft|write|prepare|compose)\b.{0,40}\b(?:messages?|outreach|e-?mails?|notes?)\b"
    # "Outreach" alone is not a request: "keep the outreach short" is a style preference.
    r"|\b(?:start|begin|do|run|send)\s+(?:the\s+|an?\s+|some\s+)?outreach\b"
    r"|\boutreach\s+(?:to|for)\b|\breach out\b",
    re.I,
)
GOAL = "Draft personalised messages for your approval (nothing is sent before you approve)"


def asks_for_outreach(text: str) -> bool:
    return bool(_ASKS.search(text))


def outreach_step(deps: AgentDeps, state: SupervisorState, current: Step):  # type: ignore[no-untyped-def]
    from agents.supervisor.steps import StepResult

    pid = uuid.UUID(state["project_id"])
    inbox = state.get("inbox", [])
    text = inbox[-1] if inbox else ""
    wanted = [uuid.UUID(m) for m in _UUID.findall(text)]
    batch_key = state.get("last_message_id") or f"plan:{state.get('plan_no', 0)}"
    with transaction(deps.sessions) as session:
        targets = [
            c
            for c in outreach.outreach_targets(session, pid, wanted or None)
            if not outreach.already_contacted(session, pid, c)
            # Taken over by the recruiter: the assistant drafts nothing for them.
            and not screening.is_paused(session, pid, c)
        ]
        briefs = outreach.briefs(session, pid, targets)
        job = outreach.job_brief(session, pid)
        recruiter_id = projects.get(session, pid).recruiter_id
        style = outreach.style_of(session, recruiter_id)
    drafts: list[DraftIn] = []
    degraded = 0
    for brief in briefs:
        made, _, fell_back = skill.draft(deps.gateway, brief, job, style)
        drafts.append(made)
        degraded += int(fell_back)
    with transaction(deps.sessions) as session:
        project = projects.get(session, pid)
        approval_id = outreach.store_drafts(
            session, project, batch_key, drafts, deps.settings.mail_from
        )
        no_address = sum(1 for b in briefs if not b.has_address)
        if approval_id is None:
            body = (
                "Everyone you asked about already has a message drafted or sent, or "
                "unsubscribed; nothing new."
            )
        else:
            body = (
                f"I drafted {len(drafts)} message(s), each with a follow-up for day "
                f"{outreach.settings_of(session, pid).followup_days}. Approve, edit or reject "
                "each one (or all at once): nothing is sent before you approve."
            )
            if no_address:
                body += f" {no_address} of them have no email address on file and will be held."
            if degraded:
                body += f" The model was unavailable for {degraded}; those drafts are offline."
        say(
            session,
            project,
            f"outreach:{batch_key}",
            sender="agent:outreach",
            kind="approval" if approval_id else "reply",
            body=body,
            payload={"approval_id": str(approval_id) if approval_id else None,
                     "approval_kind": "outreach"},
        )  # fmt: skip
    return StepResult(note=f"{len(drafts)} draft(s) waiting for your approval")


OUTREACH_STEPS = {"outreach": outreach_step}
