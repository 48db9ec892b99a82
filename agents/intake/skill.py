"""The intake skill with both brains: the LLM when configured, the offline engine always.

Whatever the LLM proposes passes the same responsible-AI check as the offline path, and
the essentials the recruiter did not give are asked about either way.
"""

from __future__ import annotations

import json

from agents.intake.offline import intake_offline
from agents.intake.prompts import INTAKE_INSTRUCTIONS
from agents.intake.responsible_ai import check_qualification
from agents.intake.sanity import problems
from agents.llm.gateway import LLMGateway, LLMUnavailable, with_fallback
from agents.schemas import ClarifyingQuestion, IntakeResult, JobSpec, Qualification
from app.geo import lookup

_QUESTIONS = {
    "title": "What is the job title for this role?",
    "location": "Where is the role based, and is it on-site, hybrid or remote?",
    "seniority": "What seniority are you hiring for (junior, mid, senior, lead)?",
}


def _guard(result: IntakeResult) -> IntakeResult:
    """Apply the responsible-AI check and the essentials check to any brain's answer."""
    kept: list[Qualification] = []
    refused = list(result.refused)
    for q in result.qualifications:
        verdict = check_qualification(q.text)
        if verdict is None:
            kept.append(q)
        else:
            refused.append(verdict)
    asked = {q.field for q in result.questions}
    questions = list(result.questions)
    spec = _grounded_place(result.spec)
    for field in ("title", "location", "seniority"):
        remote_role = field == "location" and spec.remote == "remote"
        if getattr(spec, field) is None and not remote_role and field not in asked:
            questions.append(ClarifyingQuestion(field=field, question=_QUESTIONS[field]))
    for i, q in enumerate(kept, start=1):
        q.id = f"q{i}"
    return result.model_copy(
        update={"spec": spec, "qualifications": kept, "refused": refused, "questions": questions}
    )


def _grounded_place(spec: JobSpec) -> JobSpec:
    """Whatever a brain says the location is, the gazetteer decides whether it is a place
    (and normalises it); work mode and `remote` carry the same value."""
    update: dict[str, object] = {"work_mode": spec.work_mode or spec.remote}
    update["remote"] = update["work_mode"]
    if spec.location is not None and spec.location != "Anywhere":
        place = lookup(spec.location)
        update["place"] = place
        if place is None:
            update["location"] = None  # "Pay Options" is no place to source in
    elif spec.location is None:
        update["place"] = None
    return spec.model_copy(update=update)


def run_intake(
    gateway: LLMGateway,
    text: str,
    previous: JobSpec | None,
    past: list[Qualification] | None = None,
) -> IntakeResult:
    def llm() -> IntakeResult:
        data = {
            "request": text,
            "spec_so_far": previous.model_dump(mode="json") if previous else None,
        }
        answer = gateway.structured(
            task="intake",
            instructions=INTAKE_INSTRUCTIONS,
            schema=IntakeResult,
            data=data,
            # Extraction is a simple step, so the cheap model; planning and judging
            # candidates get the strong one.
            tier="cheap",
        )
        wrong = problems(answer.value, text, json.dumps(data["spec_so_far"] or {}))
        if wrong:
            # Never shown, never kept as the spec: the offline engine answers instead.
            raise LLMUnavailable("implausible intake answer: " + "; ".join(wrong), "invalid")
        return answer.value

    def offline() -> IntakeResult:
        return intake_offline(text, previous=previous, past_qualifications=past)

    result, engine, degraded = with_fallback(gateway, task="intake", llm=llm, offline=offline)
    return _guard(result).model_copy(update={"engine": engine, "degraded": degraded})
