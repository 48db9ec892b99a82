"""Which FAQ entry answers a candidate's question, and how sure that is; and the entries
an ad itself proposes (pay, remote policy, visa, process) for the recruiter to accept.

Deterministic on purpose: an automatic answer is sent without a human reading it, so the
decision rests on rules a test can pin down, not on a model's mood.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from agents.intake.segments import segment
from app.outreach import faq as faq_service
from app.outreach.schemas import FaqIn
from app.projects.service import Project
from app.unit_of_work import UnitOfWork

TOPICS: dict[str, re.Pattern[str]] = {
    "pay": re.compile(r"salary|\bpay\b|paid|compensation|\brate\b|wage|money|£|\$|€|"
                      r"(?:salary|pay) range|how much", re.I),
    "remote": re.compile(r"remote|hybrid|on-?site|work from home|\bwfh\b|in the office|"
                         r"office days|days in", re.I),
    "visa": re.compile(r"visa|sponsor|work permit|right to work|relocat", re.I),
    "process": re.compile(r"process|interview|stages?\b|steps|timeline|how long|next steps|"
                          r"rounds?\b", re.I),
    "benefits": re.compile(r"benefit|holiday|vacation days|pension|insurance|equity|"
                           r"stock|bonus|perks", re.I),
    "location": re.compile(r"where (?:is|are) (?:the|your) office|located|which city|"
                           r"where .* based", re.I),
}  # fmt: skip
SURE = 0.8


@dataclass(frozen=True)
class Match:
    faq_id: str
    answer: str
    topic: str
    confidence: float


def topics_of(question: str) -> list[str]:
    return [t for t, pattern in TOPICS.items() if pattern.search(question)]


def match(question: str, entries: list[dict[str, Any]]) -> Match | None:
    """The entry for the one topic asked about. Sure only when the question names exactly
    one topic and exactly one accepted entry covers it; two topics, or two entries, leave
    it to the recruiter (with the best guess as a suggestion)."""
    asked = topics_of(question)
    if not asked:
        return None
    for topic in asked:
        covering = [e for e in entries if e["topic"] == topic]
        if covering:
            sure = len(asked) == 1 and len(covering) == 1
            entry = covering[0]
            return Match(
                faq_id=str(entry["id"]),
                answer=str(entry["answer"]),
                topic=topic,
                confidence=0.9 if sure else 0.5,
            )
    return None


def answer_text(entry_answer: str, signature: str) -> str:
    """The automatic answer: the FAQ entry verbatim, nothing taken from the reply."""
    parts = ["Hi there,", "", "Thanks for your question.", "", entry_answer.strip()]
    parts += ["", "I'll be in touch about next steps."]
    if signature.strip():
        parts += ["", signature.strip()]
    return "\n".join(parts)


_PROPOSALS: tuple[tuple[str, str, str], ...] = (
    ("pay", "pay", "What is the salary range?"),
    ("location", "remote", "Is the role remote, hybrid or on-site?"),
    ("other", "benefits", "What are the benefits?"),
)


def suggest(ad_text: str) -> list[FaqIn]:
    """Entries the ad already answers, quoted from its own lines: pay lines, the location
    and work mode, benefits. The recruiter accepts, edits or deletes them."""
    doc = segment(ad_text)
    by_section: dict[str, list[str]] = {}
    for sentence in doc.sentences:
        by_section.setdefault(sentence.section, []).append(doc.words(sentence).strip())
    out: list[FaqIn] = []
    for section, topic, question in _PROPOSALS:
        lines = [line for line in by_section.get(section, []) if line]
        if topic == "remote":
            lines = [line for line in lines if TOPICS["remote"].search(line)] or lines
        if topic == "benefits":
            lines = [line for line in lines if TOPICS["benefits"].search(line)]
        if lines:
            out.append(FaqIn(topic=topic, question=question, answer=" ".join(lines)[:1000]))
    # A pay line outside a "pay" heading ("Salary: £50k") still answers the pay question.
    if not any(f.topic == "pay" for f in out):
        pay = [doc.words(s).strip() for s in doc.sentences if re.search(
            r"(?:salary|compensation|£|\$|€)\s*[:\d]", doc.words(s), re.I)]  # fmt: skip
        if pay:
            out.append(
                FaqIn(topic="pay", question="What is the salary range?", answer=pay[0][:1000])
            )
    return out


def propose(session: UnitOfWork, project: Project) -> int:
    """Store what the ad answers as suggested FAQ entries (once each); never used for an
    answer until the recruiter accepts one."""
    return faq_service.suggest(session, project, suggest(project.request or ""))
