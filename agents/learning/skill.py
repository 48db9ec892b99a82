"""Both brains behind one contract: the offline rules find the candidate proposals and
their counts; the LLM brain may pick among them and phrase the question, but never adds a
proposal or a number of its own (anything it says is checked against the counts)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from agents.learning.offline import propose
from agents.learning.prompts import LEARNING_INSTRUCTIONS
from agents.learning.schemas import LearningAnswer, LearningProposal
from agents.llm.gateway import LLMGateway, LLMUnavailable, with_fallback
from agents.schemas import Engine, Qualification
from app.signals.schemas import Reaction

_NUMBER = re.compile(r"\d+")


def _grounded(question: str, proposal: LearningProposal) -> bool:
    e = proposal.evidence
    allowed = {str(n) for n in (e.matching, e.total, e.contrast, e.contrast_total, e.earlier)}
    return bool(question.strip()) and all(n in allowed for n in _NUMBER.findall(question))


def choose(
    gateway: LLMGateway,
    qualifications: Sequence[Qualification],
    reactions: Sequence[Reaction],
    already: set[str],
    earlier_reasons: Sequence[str] = (),
) -> tuple[LearningProposal | None, Engine, bool]:
    """The one proposal to ask about now (never one asked before), or None."""
    found = propose(qualifications, reactions, earlier_reasons)
    candidates = [p for p in found if p.key not in already]
    if not candidates:
        return None, "offline", False

    def offline() -> LearningProposal | None:
        return candidates[0]

    def llm() -> LearningProposal | None:
        answer = gateway.structured(
            task="learning",
            instructions=LEARNING_INSTRUCTIONS,
            schema=LearningAnswer,
            data={
                "proposals": [
                    {"key": p.key, "question": p.question, "evidence": p.evidence.model_dump()}
                    for p in candidates
                ]
            },
            choices={"key": [p.key for p in candidates]},
        ).value
        by_key = {p.key: p for p in candidates}
        for pick in answer.picks:
            chosen = by_key.get(pick.key)
            if chosen is None:
                raise LLMUnavailable(f"picked an unknown proposal {pick.key!r}")
            question = pick.question if _grounded(pick.question, chosen) else chosen.question
            return chosen.model_copy(update={"question": question})
        return None

    return with_fallback(gateway, task="learning", llm=llm, offline=offline)
