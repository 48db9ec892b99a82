"""Record what the recruiter does, read it back per project, and decide when the pile of
reactions is worth a learning review (the supervisor then proposes, never applies)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from app.mailbox import service as mailbox
from app.mailbox.states import MessageStatus
from app.memory import service as memory
from app.models import Project, QualificationSet, Recruiter, Signal
from app.projects.service import approved_qset
from app.signals import repository, rerank
from app.signals.schemas import (
    LEARNING_REVIEW,
    LearnedItem,
    LearnedRanking,
    LearnedWeight,
    Reaction,
    SignalKind,
    SignalOut,
)

# Reactions since the last review that make a new one worthwhile.
REVIEW_AFTER = 3
REACTIONS = {"add", "archive", "rate"}


def record(
    session: Session,
    project: Project,
    kind: SignalKind,
    *,
    candidate_id: uuid.UUID | None = None,
    data: dict[str, Any] | None = None,
) -> SignalOut:
    onet = (project.spec or {}).get("onet_code")
    row = repository.add(
        session,
        Signal(
            org_id=project.org_id,
            recruiter_id=project.recruiter_id,
            project_id=project.id,
            candidate_id=candidate_id,
            kind=kind,
            role_family=str(onet) if onet else None,
            data=data or {},
        ),
    )
    return _out(row)


def record_reaction(
    session: Session,
    project: Project,
    candidate_id: uuid.UUID,
    action: SignalKind,
    *,
    reason: str | None,
    rating: int | None,
) -> SignalOut:
    """A reaction through the API: the signal, and for an archive the reason as one of
    the recruiter's decisions in memory ("Archived 3 candidates for: no Kubernetes")."""
    out = record(
        session, project, action, candidate_id=candidate_id,
        data={"reason": reason, "rating": rating},
    )  # fmt: skip
    text = " ".join((reason or "").split())[:300]
    if action == "archive" and text:
        same = [
            s for s in repository.of_project(session, project.id, {"archive"})
            if " ".join(str(s.data.get("reason") or "").split()).lower() == text.lower()
        ]  # fmt: skip
        onet = (project.spec or {}).get("onet_code")
        memory.remember(
            session,
            project,
            kind="decision",
            topic="archive",
            key=f"archive:{project.id}:{text.lower()[:200]}",
            text=f"Archived {len(same)} candidate{'s' if len(same) != 1 else ''} for: {text}",
            role_family=str(onet) if onet else None,
            source={"type": "archive"},
            data={"reason": text, "count": len(same)},
            replace=True,
        )
    return out


def _out(s: Signal) -> SignalOut:
    return SignalOut(
        id=s.id,
        project_id=s.project_id,
        candidate_id=s.candidate_id,
        kind=s.kind,
        data=dict(s.data or {}),
        created_at=s.created_at,
    )


def of_project(
    session: Session, project_id: uuid.UUID, kinds: set[str] | None = None
) -> list[SignalOut]:
    return [_out(s) for s in repository.of_project(session, project_id, kinds)]


def earlier_archive_reasons(session: Session, project: Project) -> list[str]:
    """Why this recruiter (only them) archived people in earlier projects of the same O*NET
    occupation: reasons they typed, never a profile's text."""
    onet = (project.spec or {}).get("onet_code")
    if not onet:
        return []
    return repository.archive_reasons_elsewhere(
        session, project.recruiter_id, project.id, str(onet)
    )


def reviewed_upto(session: Session, project_id: uuid.UUID) -> int:
    """How many reactions the last learning review had seen (0 before any)."""
    reviews = repository.of_project(session, project_id, {"review"})
    return max((int(r.data.get("reactions", 0)) for r in reviews), default=0)


def request_review(session: Session, project: Project) -> uuid.UUID | None:
    """Queue a learning review in the recruiter's mailbox when enough new reactions came in
    since the last one, the set is approved and nothing waits for a decision. Returns the
    assistant to wake (after commit), or None."""
    if approved_qset(session, project.id) is None:
        return None
    seen = repository.count(session, project.id, REACTIONS)
    if seen - reviewed_upto(session, project.id) < REVIEW_AFTER:
        return None
    if repository.has_pending_approval(session, project.id):
        return None
    recruiter = session.get(Recruiter, project.recruiter_id)
    assert recruiter is not None
    message = mailbox.post(
        session,
        mailbox.assistant_for(session, recruiter),
        sender="agent:learning",
        kind="signal",
        body=f"{LEARNING_REVIEW} {seen} reactions so far: looking for a pattern to propose.",
        project_id=project.id,
        # One review request per reaction count: a retried request posts nothing new.
        message_id=uuid.uuid5(project.id, f"learning-review:{seen}"),
        status=MessageStatus.QUEUED,
    )
    return message.assistant_id


def reactions(
    session: Session, project_id: uuid.UUID
) -> tuple[QualificationSet | None, list[Reaction]]:
    qset = approved_qset(session, project_id)
    if qset is None:
        return None, []
    out = []
    for cid, stage, added_by, rating, reason, score, result, tie in repository.reactions(
        session, project_id, qset.id
    ):
        verdicts = [
            {
                "qualification_id": v.get("qualification_id"),
                "verdict": v.get("verdict"),
                "confidence": v.get("confidence", 0.0),
                "evidence": len(v.get("evidence") or []),
            }
            for v in (result or {}).get("verdicts", [])
        ]
        out.append(
            Reaction(
                candidate_id=cid,
                stage=stage,
                added_by=added_by,
                rating=rating,
                reason=reason,
                score=float(score),
                verdicts=verdicts,
                tie=tie,
            )
        )
    return qset, out


def learned_ranking(session: Session, project: Project) -> LearnedRanking:
    """The pipeline re-ranked by weights learned from the recruiter's reactions."""
    qset, rows = reactions(session, project.id)
    if qset is None:
        return LearnedRanking(reactions=0, note="approve the qualifications first")
    return rank_reactions(list(qset.qualifications), rows)


def learned_emphasis(session: Session, project_id: uuid.UUID) -> dict[str, float]:
    """Per qualification id, how much the recruiter's reactions moved its weight (learned
    over prior: above 1 it matters more to them than the set says). Empty with no reactions.
    Sourcing uses it to decide which required skill to give up last when it must widen."""
    qset, rows = reactions(session, project_id)
    if qset is None or not any(r.label is not None for r in rows):
        return {}
    ranking = rank_reactions(list(qset.qualifications), rows)
    return {w.qualification_id: (w.learned / w.prior if w.prior else 1.0) for w in ranking.weights}


def rank_reactions(qualifications: list[dict[str, Any]], rows: list[Reaction]) -> LearnedRanking:
    ids = [str(q["id"]) for q in qualifications]
    prior = rerank.prior_weights(qualifications)
    labelled = [r for r in rows if r.label is not None]
    model = rerank.fit(
        [rerank.features(r.verdicts, ids) for r in labelled],
        [int(r.label or 0) for r in labelled],
        prior,
    )
    active = [r for r in rows if r.stage != "archived"]
    learned = {r.candidate_id: model.score(rerank.features(r.verdicts, ids)) for r in active}
    by_score = sorted(active, key=lambda r: (-r.score, r.tie, str(r.candidate_id)))
    by_learned = sorted(
        active, key=lambda r: (-learned[r.candidate_id], -r.score, r.tie, str(r.candidate_id))
    )
    learned_rank = {r.candidate_id: i for i, r in enumerate(by_learned, start=1)}
    return LearnedRanking(
        reactions=len(labelled),
        weights=[
            LearnedWeight(qualification_id=q["id"], text=q["text"], prior=p, learned=w)
            for q, p, w in zip(qualifications, prior, model.weights, strict=True)
        ],
        items=[
            LearnedItem(
                candidate_id=r.candidate_id,
                score=round(r.score, 4),
                learned_score=round(learned[r.candidate_id], 4),
                rank=i,
                learned_rank=learned_rank[r.candidate_id],
            )
            for i, r in enumerate(by_score, start=1)
        ],
        note=(
            f"weights learned from {len(labelled)} reactions, pulled toward the approved set"
            if labelled
            else "no reactions yet: the order is the approved set's"
        ),
    )
