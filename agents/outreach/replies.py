"""A candidate's reply, read: classified, answered from the FAQ when sure and allowed,
otherwise put in front of the recruiter as "needs your reply" with a suggestion.

The reply is untrusted. What it can cause is fixed here and nowhere else: a mailbox
message to the recruiter, a suppression when it asks to unsubscribe, and at most one
answer whose text is an accepted FAQ entry verbatim. It cannot approve, send anything
else, change a stage or reach any other data.
"""

from __future__ import annotations

import uuid

from agents.deps import AgentDeps
from agents.outreach import faq, skill
from agents.supervisor.messages import say
from app.outreach import inbound, replies, sending
from app.outreach import service as outreach
from app.outreach.states import ReplyHandling
from app.projects import service as projects
from app.screening import service as screening
from app.signals import service as signals
from app.unit_of_work import transaction

_LABELS = {
    "interested": "is interested",
    "not_interested": "is not interested",
    "question": "asked a question",
    "scheduling": "wants to talk",
    "out_of_office": "sent an out-of-office reply",
    "unsubscribe": "asked not to be contacted again (unsubscribed)",
    "other": "replied",
}


def handle_reply(deps: AgentDeps, inbound_id: uuid.UUID) -> None:
    with transaction(deps.sessions) as session:
        ctx = replies.context(session, inbound_id)
    if ctx is None:
        return  # handled already, or not ours
    reading, engine, _ = skill.read_reply(deps.gateway, ctx["body"])
    handling = ReplyHandling.SHOWN
    suggestion: str | None = None
    used: faq.Match | None = None
    answer_id: uuid.UUID | None = None
    if reading.classification == "question":
        used = faq.match(reading.question or ctx["body"], ctx["faq"])
        sure = used is not None and used.confidence >= faq.SURE
        if used is not None:
            with transaction(deps.sessions) as session:
                recruiter_id = projects.get(session, uuid.UUID(ctx["project_id"])).recruiter_id
                signature = outreach.style_of(session, recruiter_id).signature
            suggestion = faq.answer_text(used.answer, signature)
        with transaction(deps.sessions) as session:
            # Taken over by the recruiter: never answered automatically, only suggested.
            paused = screening.is_paused(
                session, uuid.UUID(ctx["project_id"]), uuid.UUID(ctx["candidate_id"])
            )
        auto = sure and ctx["auto_answer"] and not paused
        handling = ReplyHandling.AUTO_ANSWERED if auto else ReplyHandling.NEEDS_REPLY
    with transaction(deps.sessions) as session:
        if reading.classification == "unsubscribe":
            inbound.unsubscribe(session, uuid.UUID(ctx["thread_id"]), "reply")
        faq_id = uuid.UUID(used.faq_id) if used else None
        if handling == ReplyHandling.AUTO_ANSWERED and used is not None and suggestion:
            answer_id = replies.answer_from_faq(
                session, inbound_id, uuid.UUID(used.faq_id), suggestion, deps.settings.mail_from
            )
        replies.record(
            session, inbound_id, reading, engine, handling, suggested=suggestion, faq_id=faq_id
        )
        project = projects.get(session, uuid.UUID(ctx["project_id"]))
        signals.record(
            session,
            project,
            "reply",
            candidate_id=uuid.UUID(ctx["candidate_id"]),
            data={"classification": reading.classification, "handling": str(handling)},
        )
        say(
            session,
            project,
            f"reply:{inbound_id}",
            sender="agent:outreach",
            kind="candidate_reply",
            body=_body(ctx["body"], reading.classification, handling, used),
            payload={
                "inbound_id": str(inbound_id),
                "thread_id": ctx["thread_id"],
                "candidate_id": ctx["candidate_id"],
                "classification": reading.classification,
                "confidence": reading.confidence,
                "engine": engine,
                "handling": handling,
                "suggested_answer": suggestion,
                "faq_id": used.faq_id if used else None,
                "answer_message_id": str(answer_id) if answer_id else None,
            },
        )
    if answer_id is not None:
        sending.send_due(deps.sessions, deps.settings, [answer_id])


def _body(text: str, label: str, handling: str, used: faq.Match | None) -> str:
    snippet = " ".join(text.split())[:300]
    lines = [f"A candidate {_LABELS.get(label, 'replied')}: “{snippet}”"]
    if handling == ReplyHandling.AUTO_ANSWERED and used is not None:
        lines.append(f"I answered from your FAQ ({used.topic}), as you allowed for this project.")
    elif handling == ReplyHandling.NEEDS_REPLY:
        lines.append(
            "Needs your reply. " + (f"Suggested answer from your FAQ ({used.topic}) below."
                                    if used else "No FAQ entry answers this.")
        )  # fmt: skip
    return "\n".join(lines)
