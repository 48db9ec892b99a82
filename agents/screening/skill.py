"""The screening skills with both brains and one contract each: a question kit, and what a
screen shows. Whichever brain answered, the same checks run after it: no protected
question survives, and no quote that is not verbatim in the candidate's own turns."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from agents.llm.gateway import LLMGateway, with_fallback
from agents.schemas import Engine, Qualification
from agents.screening.evidence import analyse_offline, verified
from agents.screening.prompts import KIT_INSTRUCTIONS, SCREEN_INSTRUCTIONS
from agents.screening.questions import offline_kit
from agents.screening.safety import split_questions
from agents.screening.schemas import (
    QuestionKitAnswer,
    RefusedQuestion,
    ScreenAnalysis,
    ScreeningQuestion,
)
from agents.screening.speech import Speech


@dataclass(frozen=True)
class Kit:
    questions: list[ScreeningQuestion]
    refused: list[RefusedQuestion]
    engine: Engine
    degraded: bool


def _qualification_data(
    qualifications: Sequence[Qualification], verdicts: Mapping[str, Mapping[str, Any]]
) -> list[dict[str, Any]]:
    out = []
    for q in qualifications:
        v = verdicts.get(q.id) or {}
        out.append(
            {
                "qualification_id": q.id,
                "text": q.text,
                "required": q.required,
                "verdict": v.get("verdict", "unknown"),
                "confidence": v.get("confidence", 0.0),
                "evidence": [str(e.get("quote", "")) for e in v.get("evidence") or []][:2],
            }
        )
    return out


def prepare_kit(
    gateway: LLMGateway,
    qualifications: Sequence[Qualification],
    verdicts: Mapping[str, Mapping[str, Any]],
) -> Kit:
    """Questions for every qualification; a model's missing ones are filled offline."""
    fallback = offline_kit(qualifications, verdicts)

    def llm() -> list[ScreeningQuestion]:
        answer = gateway.structured(
            task="screening_kit",
            instructions=KIT_INSTRUCTIONS,
            schema=QuestionKitAnswer,
            data={"qualifications": _qualification_data(qualifications, verdicts)},
            choices={"qualification_id": [q.id for q in qualifications]},
        ).value
        asked = {q.qualification_id for q in answer.questions}
        return list(answer.questions) + [q for q in fallback if q.qualification_id not in asked]

    questions, engine, degraded = with_fallback(
        gateway, task="screening_kit", llm=llm, offline=lambda: fallback
    )
    kept, refused = split_questions(questions)
    # A refused question leaves its qualification to the offline question (checked too).
    asked = {q.qualification_id for q in kept}
    refill, _ = split_questions(q for q in fallback if q.qualification_id not in asked)
    return Kit(kept + refill, refused, engine, degraded)


def analyse_screen(
    gateway: LLMGateway, speech: Speech, qualifications: Sequence[Qualification]
) -> tuple[ScreenAnalysis, Engine, bool]:
    def llm() -> ScreenAnalysis:
        return gateway.structured(
            task="screen",
            instructions=SCREEN_INSTRUCTIONS,
            schema=ScreenAnalysis,
            data={
                "qualifications": [{"id": q.id, "text": q.text} for q in qualifications],
                "candidate_turns": [body for _, body in speech.sections],
            },
            tier="strong",
            choices={"qualification_id": [q.id for q in qualifications]},
        ).value

    analysis, engine, degraded = with_fallback(
        gateway, task="screen", llm=llm, offline=lambda: analyse_offline(speech, qualifications)
    )
    return verified(analysis, speech, qualifications), engine, degraded
