"""The offline brain: templates filled from the candidate's own evidence, in the
recruiter's tone and length; and reply classification by rules."""

from __future__ import annotations

import re
from typing import Any

from agents.outreach.checks import usable_quote
from app.outreach.schemas import CandidateBrief, DraftIn, ReplyReading, StyleOut

_OPENERS = {
    "warm": "I came across your profile and {hook} really stood out to me.",
    "direct": "I'm reaching out because {hook} matches a role I'm hiring for.",
    "formal": "I am writing because {hook} is directly relevant to a position we are filling.",
}
_ASKS = {
    "warm": "Would you be open to a short chat this week or next?",
    "direct": "Are you open to a 20-minute call?",
    "formal": "Would you be available for a brief conversation at your convenience?",
}
_FOLLOWUPS = {
    "warm": "Just floating this back to the top of your inbox in case it got buried. "
    "If the {title} role isn't for you, no worries at all.",
    "direct": "Following up on my note about the {title} role. Interested, or shall I close this?",
    "formal": "I am following up on my earlier message regarding the {title} position. "
    "Please let me know if you would like to discuss it.",
}


def _clip(text: str, limit: int = 140) -> str:
    text = " ".join(text.split()).strip(" .;,")
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.strip(" .;,") + "…"


_LEAD = re.compile(
    r"^(?:\d+\+?\s+years?\s+of\s+)?(?:(?:professional|hands-on|solid|strong)\s+)?"
    r"(?:experience|knowledge|proficiency|expertise|skills?)\s+(?:with|in|of|using)\s+",
    re.I,
)


def _topic(qualification: str) -> str:
    """ "Experience with Python" -> "Python": what a sentence about the candidate names."""
    return _LEAD.sub("", qualification.strip()).rstrip(".") or qualification


def _role_phrase(role: dict[str, str]) -> str:
    title, company = role.get("title", "").strip(), role.get("company", "").strip()
    if title and company:
        return f"your work as {title} at {company}"
    return f"your work as {title}" if title else f"your work at {company}"


def citations(brief: CandidateBrief) -> tuple[str | None, str | None]:
    """(the role phrase, a quote) a draft can cite; either may be missing."""
    role = next((_role_phrase(r) for r in brief.roles if usable_quote(_role_phrase(r))), None)
    quote = next(
        (_clip(e["quote"]) for e in brief.evidence if usable_quote(_clip(e["quote"]))), None
    )
    return role, quote


def draft(brief: CandidateBrief, job: dict[str, Any], style: StyleOut) -> DraftIn:
    title = job.get("title") or "this role"
    role, quote = citations(brief)
    met = [_topic(e["qualification"]) for e in brief.evidence if e.get("qualification")][:3]
    # Without a role to name, the candidate's own words are the hook, whatever the length.
    hook = role or (f'your work ("{quote}")' if quote else None)
    hook = hook or (f"your experience with {', '.join(met[:2])}" if met else "your background")
    lines = ["Hi there,", "", _OPENERS[style.tone].format(hook=hook)]
    if quote and role and style.length != "short":
        lines.append(f'In particular, "{quote}" is exactly the kind of work this team does.')
    where = f" ({job['location']})" if job.get("location") else ""
    pitch = f"We're hiring a {title}{where}"
    if met:
        pitch += f", and your background in {', '.join(met)} fits what we need"
    lines += ["", pitch + "."]
    if style.length == "long" and job.get("qualifications"):
        lines += ["", "What the role asks for:"]
        lines += [f"- {q}" for q in job["qualifications"][:6]]
    lines += ["", _ASKS[style.tone]]
    if style.signature.strip():
        lines += ["", style.signature.strip()]
    cited = [c for c in (role, quote) if c]
    skill = met[0] if met else (brief.skills[0] if brief.skills else "")
    subject = f"{title}: your {skill} experience" if skill else f"{title}: a role for you"
    follow = [_FOLLOWUPS[style.tone].format(title=title)]
    if style.signature.strip():
        follow += ["", style.signature.strip()]
    return DraftIn(
        candidate_id=brief.candidate_id,
        subject=subject[:300],
        body="\n".join(lines),
        followup_subject=f"Re: {subject}"[:300],
        followup_body="Hi there,\n\n" + "\n".join(follow),
        cited=cited,
        engine="offline",
    )


# -- reading replies --------------------------------------------------------------------------

_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (label, re.compile(pattern, re.I))
    for label, pattern in (
        ("unsubscribe", r"\bunsubscribe\b|remove me\b|take me off|stop (?:e-?mailing|contacting"
         r"|messaging|writing)|(?:do not|don'?t|never) (?:contact|e-?mail|message|write to) me"),
        ("out_of_office", r"out of (?:the )?office|\bon (?:annual |parental )?leave\b|on vacation"
         r"|away (?:until|from)|auto(?:matic)?[- ]?reply|limited access to (?:my )?e-?mail"),
        ("not_interested", r"not interested|no,? thanks|no thank you|not looking|happy where i am"
         r"|(?:i'?ll|i will|going to) pass|not (?:a )?(?:good )?fit for me|not (?:right )?now"
         r"|not at (?:this|the moment)|(?:politely |respectfully )?decline"),
    )
)  # fmt: skip
_TOPIC = re.compile(
    r"salary|\bpay\b|compensation|\brate\b|range|remote|hybrid|on-?site|office|visa|sponsor"
    r"|work permit|relocat|process|interview|stages|timeline|next steps|benefit|holiday"
    r"|pension|equity|bonus|where .* based|located",
    re.I,
)
_SCHEDULING = re.compile(
    r"\b(?:call|chat|talk|meet(?:ing)?|schedule|availab\w*|calendar|slot|free (?:on|at)"
    r"|tomorrow|next week|monday|tuesday|wednesday|thursday|friday"
    r"|\d{1,2}(?::\d\d)?\s?(?:am|pm))\b",
    re.I,
)
_INTERESTED = re.compile(
    r"\binterested\b|sounds (?:good|great|interesting)|happy to|i'?d love|keen|\byes\b"
    r"|tell me more|count me in|open to",
    re.I,
)
_QUESTION = re.compile(r"[^.!?\n]*\?")


def classify(text: str) -> ReplyReading:
    body = text.strip()
    for label, pattern in _RULES:
        if pattern.search(body):
            return ReplyReading(classification=label, confidence=0.9)
    questions = [q.strip() for q in _QUESTION.findall(body)]
    topical = [q for q in questions if _TOPIC.search(q)]
    if topical or (
        not questions
        and _TOPIC.search(body)
        and re.search(r"\b(what|how|is|are|do|does|can)\b", body, re.I)
    ):
        asked = topical[0] if topical else body[:300]
        return ReplyReading(classification="question", confidence=0.85, question=asked)
    if _SCHEDULING.search(body):
        return ReplyReading(classification="scheduling", confidence=0.75)
    if questions:
        return ReplyReading(classification="question", confidence=0.6, question=questions[0])
    if _INTERESTED.search(body):
        return ReplyReading(classification="interested", confidence=0.75)
    return ReplyReading(classification="other", confidence=0.4)
