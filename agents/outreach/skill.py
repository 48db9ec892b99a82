"""Two brains, one contract: a draft (DraftIn) and a reading of a reply (ReplyReading)
come from the LLM when one is configured, else (or when it fails) from the offline rules.
A draft from either brain passes the same checks; an LLM draft that fails them is replaced
by the offline one, never sent as is."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from agents.llm.gateway import LLMGateway, LLMUnavailable, with_fallback
from agents.outreach import offline
from agents.outreach.checks import problems
from agents.outreach.prompts import CLASSIFY_INSTRUCTIONS, DRAFT_INSTRUCTIONS
from agents.schemas import Engine
from app.outreach.schemas import CandidateBrief, DraftIn, ReplyReading, StyleOut


class DraftAnswer(BaseModel):
    subject: str = Field(max_length=200)
    body: str = Field(max_length=4000)
    followup_body: str = Field(max_length=2000)
    cited: list[str] = Field(default_factory=list, max_length=5)


def cites_own_evidence(draft: DraftIn, brief: CandidateBrief) -> bool:
    """The draft quotes something that is this candidate's own: a role or evidence."""
    own = [e["quote"] for e in brief.evidence] + [
        f"{r.get('title', '')} at {r.get('company', '')}" for r in brief.roles
    ] + [r.get("title", "") for r in brief.roles if r.get("title")]  # fmt: skip
    return any(
        c and c.rstrip("…") in draft.body and any(c.rstrip("…")[:40] in o or o in c for o in own)
        for c in draft.cited
    )


def draft(
    gateway: LLMGateway, brief: CandidateBrief, job: dict[str, Any], style: StyleOut
) -> tuple[DraftIn, Engine, bool]:
    def llm() -> DraftIn:
        answer = gateway.structured(
            task="outreach_draft",
            instructions=DRAFT_INSTRUCTIONS,
            schema=DraftAnswer,
            data={
                "role": job,
                "candidate": brief.model_dump(mode="json", exclude={"candidate_id", "has_address"}),
                "style": style.model_dump(exclude={"daily_cap"}),
            },
            tier="cheap",
        ).value
        made = DraftIn(
            candidate_id=brief.candidate_id,
            subject=answer.subject,
            body=answer.body,
            followup_subject=f"Re: {answer.subject}"[:300],
            followup_body=answer.followup_body,
            cited=answer.cited,
            engine="llm",
        )
        # The recruiter's own signature may hold their phone or address: not the candidate's.
        unsigned = [t.replace(style.signature.strip(), "") if style.signature.strip() else t
                    for t in (made.body, made.followup_body, made.subject)]  # fmt: skip
        found = [p for text in unsigned for p in problems(text)]
        if found:
            raise LLMUnavailable(f"draft failed its checks: {', '.join(found)}", "invalid")
        return made

    made, engine, degraded = with_fallback(
        gateway, task="outreach_draft", llm=llm, offline=lambda: offline.draft(brief, job, style)
    )
    return made, engine, degraded


def read_reply(gateway: LLMGateway, text: str) -> tuple[ReplyReading, Engine, bool]:
    def llm() -> ReplyReading:
        return gateway.structured(
            task="outreach_reply",
            instructions=CLASSIFY_INSTRUCTIONS,
            schema=ReplyReading,
            data={"reply": text[:4000]},
            tier="cheap",
        ).value

    reading, engine, degraded = with_fallback(
        gateway, task="outreach_reply", llm=llm, offline=lambda: offline.classify(text)
    )
    # Unsubscribing is the candidate's right: the rules' reading of it always stands.
    if offline.classify(text).classification == "unsubscribe":
        reading = ReplyReading(classification="unsubscribe", confidence=0.95)
    return reading, engine, degraded
