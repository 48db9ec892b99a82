"""The evaluation skill with both brains, and storage of its result.

Either brain only ever sees the redacted profile (no name, email, phone, URL or personal
lines), and every quote either brain returns is checked against the text: a quote that is
not verbatim is dropped and its verdict falls to `unknown`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel

from agents.deps import AgentDeps
from agents.evaluation.offline import evaluate_offline
from agents.evaluation.prompts import EVALUATION_INSTRUCTIONS
from agents.evaluation.ranking import summarize
from agents.evaluation.redaction import redact, redact_sections
from agents.evaluation.verify import verify_quotes
from agents.llm.gateway import LLMUnavailable, with_fallback
from agents.schemas import CandidateEvaluation, Qualification, QualificationVerdict
from agents.screening.carry import carry_screens
from app.candidates.profile import Identifiers, Section
from app.candidates.repository import sections_of
from app.candidates.service import Candidate
from app.evaluations import service as evaluations
from app.projects.service import QualificationSet
from app.unit_of_work import UnitOfWork


class EvaluationAnswer(BaseModel):
    verdicts: list[QualificationVerdict]


def evaluator_input(candidate: Candidate, session: UnitOfWork) -> tuple[str, list[tuple[str, str]]]:
    """The redacted text and (section, text) pairs: all an evaluator is allowed to see."""
    identifiers = Identifiers(emails=candidate.emails, phones=candidate.phones, urls=candidate.urls)
    redacted = redact(candidate.raw_text, identifiers, candidate.name)
    sections = [
        Section(kind=s.kind, heading=s.heading, text=s.text, start=s.start_offset, end=s.end_offset)
        for s in sections_of(session, candidate.id)
    ]
    return redacted.text, redact_sections(sections, redacted)


def evaluate(
    deps: AgentDeps,
    qualifications: list[Qualification],
    text: str,
    sections: list[tuple[str, str]],
) -> CandidateEvaluation:
    def llm() -> CandidateEvaluation:
        data = {
            "qualifications": [
                {
                    "id": q.id,
                    "text": q.text,
                    "required": q.required,
                    "evidence_hint": q.evidence_hint,
                }
                for q in qualifications
            ],
            "profile": [{"section": label, "text": body} for label, body in sections],
        }
        answer = deps.gateway.structured(
            task="evaluate",
            instructions=EVALUATION_INSTRUCTIONS,
            schema=EvaluationAnswer,
            data=data,
            tier="strong",
            # The ids sent are the only ids an answer may use (an enum built per call).
            choices={"qualification_id": [q.id for q in qualifications]},
        )
        return summarize(
            qualifications, complete(qualifications, answer.value.verdicts), engine="llm"
        )

    def offline() -> CandidateEvaluation:
        return evaluate_offline(qualifications, sections, text, today=date.today())

    result, engine, degraded = with_fallback(
        deps.gateway, task="evaluate", llm=llm, offline=offline
    )
    result = result.model_copy(update={"engine": engine, "degraded": degraded})
    return verify_quotes(result, text, qualifications)


# An answer that leaves more than this share of the qualifications without a verdict is not
# an evaluation: the offline engine answers instead (and says it degraded).
_MAX_MISSING_SHARE = 0.5


def complete(
    qualifications: list[Qualification], verdicts: list[QualificationVerdict]
) -> list[QualificationVerdict]:
    """One verdict per qualification sent: duplicates dropped, a missing one is `unknown`."""
    by_id: dict[str, QualificationVerdict] = {}
    for verdict in verdicts:
        by_id.setdefault(verdict.qualification_id, verdict)
    missing = [q for q in qualifications if q.id not in by_id]
    if qualifications and len(missing) > _MAX_MISSING_SHARE * len(qualifications):
        raise LLMUnavailable(
            f"the model judged {len(qualifications) - len(missing)} of "
            f"{len(qualifications)} qualifications",
            "invalid",
        )
    filled = [
        QualificationVerdict(
            qualification_id=q.id,
            verdict="unknown",
            confidence=0.0,
            explanation="the model gave no verdict for this qualification",
        )
        for q in missing
    ]
    return [by_id[q.id] for q in qualifications if q.id in by_id] + filled


@dataclass(frozen=True)
class EvaluationJob:
    """All one evaluation needs, read in a short transaction, so the model is called with
    no transaction (and no pooled connection) held across it."""

    org_id: uuid.UUID
    candidate_id: uuid.UUID
    qualification_set_id: uuid.UUID
    content_hash: str
    raw_text: str
    text: str
    sections: list[tuple[str, str]]


def prepare_evaluation(
    session: UnitOfWork, candidate: Candidate, qset: QualificationSet
) -> EvaluationJob:
    text, sections = evaluator_input(candidate, session)
    return EvaluationJob(
        org_id=candidate.org_id,
        candidate_id=candidate.id,
        qualification_set_id=qset.id,
        content_hash=candidate.content_hash,
        raw_text=candidate.raw_text,
        text=text,
        sections=sections,
    )


def run_evaluation(
    deps: AgentDeps, job: EvaluationJob, qualifications: list[Qualification]
) -> CandidateEvaluation:
    """The model call (or the offline engine): run it outside any transaction."""
    result = evaluate(deps, qualifications, job.text, job.sections)
    # Quotes must also stand verbatim in the stored text (a quote around a placeholder
    # cannot): the recruiter is shown them against the real profile.
    return verify_quotes(result, job.raw_text, qualifications)


def store_evaluation(session: UnitOfWork, job: EvaluationJob, result: CandidateEvaluation) -> None:
    # What the candidate said in an approved screen still counts under a new set or resume.
    result, data = carry_screens(session, job.qualification_set_id, job.candidate_id, result)
    evaluations.store(
        session,
        org_id=job.org_id,
        candidate_id=job.candidate_id,
        qualification_set_id=job.qualification_set_id,
        content_hash=job.content_hash,
        result=data,
        score=result.score,
        engine=result.engine,
        degraded=result.degraded,
    )


def evaluate_stored_candidate(
    deps: AgentDeps,
    session: UnitOfWork,
    candidate: Candidate,
    qset: QualificationSet,
    qualifications: list[Qualification],
) -> CandidateEvaluation:
    """Prepare, evaluate and store in the caller's session (benchmarks, one-off use); the
    agents' steps use the three parts so no transaction spans the model call."""
    job = prepare_evaluation(session, candidate, qset)
    result = run_evaluation(deps, job, qualifications)
    store_evaluation(session, job, result)
    return result
