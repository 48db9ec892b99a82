"""The project's candidate list and "ready" notices: who is shown, in what order, and what
they meet in words.

The default list holds the candidates who meet at least one required qualification (and
anyone the recruiter added); the others stay in the project, are never rejected, and are
counted in the page's note so the recruiter knows they are there (`include=all` lists them).
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session

from app.models import Candidate, Evaluation, Project, ProjectCandidate, QualificationSet
from app.orgs.service import Caller
from app.projects.labels import and_list, short_label
from app.projects.schemas import (
    CandidateListScope,
    EvidenceOut,
    RankedCandidate,
    RankedPage,
    ReadyCandidate,
    ReadySummary,
    VerdictOut,
)
from app.projects.states import CandidateStage


def _meets_a_required() -> ColumnElement[bool]:
    """The default list: someone who meets at least one required qualification, or whom
    the recruiter added themselves. Nobody else is rejected: they stay in the project."""
    return or_(
        Evaluation.result["required_met"].as_integer() >= 1,
        Evaluation.result["required_total"].as_integer() == 0,
        ProjectCandidate.added_by == "recruiter",
    )


def meets_a_required(result: dict[str, Any]) -> bool:
    return int(result.get("required_met", 0)) >= 1 or int(result.get("required_total", 0)) == 0


def recap_of(result: dict[str, Any]) -> str:
    return (
        f"{result['required_met']}/{result['required_total']} required, "
        f"{result['nice_met']}/{result['nice_total']} nice-to-have"
    )


def hidden_note(hidden: int) -> str:
    if not hidden:
        return ""
    who = "candidate" if hidden == 1 else "candidates"
    verb = "meets" if hidden == 1 else "meet"
    return (
        f"{hidden} more {who} in the project {verb} none of the required qualifications; "
        "they are not rejected: ask to see everyone (include=all) to list them."
    )


def ranked_page(
    session: Session,
    caller: Caller,
    project: Project,
    qset: QualificationSet,
    *,
    offset: int,
    limit: int,
    include: CandidateListScope,
) -> RankedPage:
    quals = {q["id"]: q for q in qset.qualifications}
    base = _listed(project.id, caller.org.id, qset.id)
    hidden = 0
    if include == "qualified":
        hidden = (
            session.scalar(base.with_only_columns(func.count()).where(~_meets_a_required())) or 0
        )
        base = base.where(_meets_a_required())
    rows = session.execute(
        base.order_by(Evaluation.score.desc(), Candidate.content_hash, Candidate.id)
        .offset(offset)
        .limit(limit + 1)
    ).tuples()
    fetched = list(rows)
    items: list[RankedCandidate] = []
    for i, (pc, ev, cand) in enumerate(fetched[:limit]):
        result = ev.result
        verdicts = [
            VerdictOut(
                qualification_id=v["qualification_id"],
                qualification=quals.get(v["qualification_id"], {}).get("text", ""),
                required=bool(quals.get(v["qualification_id"], {}).get("required", True)),
                kind=quals.get(v["qualification_id"], {}).get("kind"),
                any_of=list(quals.get(v["qualification_id"], {}).get("any_of") or []),
                verdict=v["verdict"],
                confidence=v["confidence"],
                evidence=[EvidenceOut(**e) for e in v.get("evidence", [])],
                explanation=v.get("explanation", ""),
            )
            for v in result["verdicts"]
        ]
        items.append(
            RankedCandidate(
                candidate_id=cand.id,
                rank=offset + i + 1,
                stage=pc.stage,
                rating=pc.rating,
                reason=pc.reason,
                headline=cand.headline,
                location=cand.location,
                recap=recap_of(result),
                score=ev.score,
                engine=ev.engine,
                degraded=ev.degraded,
                evaluations=verdicts,
                paused=pc.paused_at is not None,
            )
        )
    more = len(fetched) > limit
    return RankedPage(
        items=items,
        next_cursor=str(offset + limit) if more else None,
        hidden=hidden,
        note=hidden_note(hidden),
    )


def _listed(
    project_id: uuid.UUID, org_id: uuid.UUID, qset_id: uuid.UUID
) -> Select[ProjectCandidate, Evaluation, Candidate]:
    """The project's candidates that are not archived, each with its result against this
    qualification set (for exactly its current content): what every list view starts from."""
    return (
        select(ProjectCandidate, Evaluation, Candidate)
        .join(Candidate, Candidate.id == ProjectCandidate.candidate_id)
        .join(
            Evaluation,
            (Evaluation.candidate_id == Candidate.id)
            & (Evaluation.qualification_set_id == qset_id)
            & (Evaluation.content_hash == Candidate.content_hash),
        )
        .where(
            ProjectCandidate.project_id == project_id,
            Candidate.org_id == org_id,
            ProjectCandidate.stage != CandidateStage.ARCHIVED,
        )
    )


def counts(session: Session, project: Project, qset: QualificationSet) -> tuple[int, int]:
    """How many the default list shows and how many it leaves out (none archived), for a
    reply that points to the full list without listing anyone."""
    base = _listed(project.id, project.org_id, qset.id).with_only_columns(func.count())
    shown = session.scalar(base.where(_meets_a_required())) or 0
    hidden = session.scalar(base.where(~_meets_a_required())) or 0
    return shown, hidden


def meets_names(result: dict[str, Any], qualifications: list[dict[str, Any]]) -> list[str]:
    """The qualifications a result meets, by their short names, in the set's order."""
    met = {v["qualification_id"] for v in result.get("verdicts", []) if v["verdict"] == "met"}
    return [short_label(q["text"]) for q in qualifications if q["id"] in met]


def ready(session: Session, qset: QualificationSet, candidate_ids: set[uuid.UUID]) -> ReadySummary:
    rows = session.execute(
        select(Evaluation, Candidate)
        .join(
            Candidate,
            (Candidate.id == Evaluation.candidate_id)
            & (Evaluation.content_hash == Candidate.content_hash),
        )
        .where(
            Evaluation.qualification_set_id == qset.id,
            Candidate.id.in_(candidate_ids),
        )
        .order_by(Evaluation.score.desc(), Candidate.content_hash, Candidate.id)
    ).tuples()
    shown: list[ReadyCandidate] = []
    hidden = 0
    for ev, cand in rows:
        if not meets_a_required(ev.result):
            hidden += 1
            continue
        shown.append(
            ReadyCandidate(
                candidate_id=cand.id,
                headline=cand.headline,
                location=cand.location,
                recap=recap_of(ev.result),
                score=ev.score,
                meets=meets_names(ev.result, qset.qualifications),
            )
        )
    return ReadySummary(shown=shown, hidden=hidden)


def ready_line(entry: ReadyCandidate) -> str:
    """'- Python Developer (Pune, India): 3/3 required, 1/1 nice-to-have; meets Python,
    Django and AWS'"""
    where = entry.location or "location not stated"
    line = f"- {entry.headline or 'candidate'} ({where}): {entry.recap}"
    return line + (f"; meets {and_list(entry.meets)}" if entry.meets else "")


def new_in_plan(session: Session, project_id: uuid.UUID, plan_no: int) -> set[uuid.UUID]:
    """Candidates the assistant added to the project during plan `plan_no`."""
    return set(
        session.scalars(
            select(ProjectCandidate.candidate_id).where(
                ProjectCandidate.project_id == project_id,
                ProjectCandidate.search["plan"].as_integer() == plan_no,
                # Archived people are not "ready to review".
                ProjectCandidate.stage != CandidateStage.ARCHIVED,
            )
        )
    )
