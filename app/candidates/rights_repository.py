"""All SQL behind a candidate's export and erasure."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import String, cast, delete, func, or_, select
from sqlalchemy.orm import Session

from app.models import (
    Approval,
    Candidate,
    CandidateChunk,
    CandidateDocument,
    CandidateSection,
    Embedding,
    Evaluation,
    Event,
    MailboxMessage,
    ProjectCandidate,
)


def lock(session: Session, org_id: uuid.UUID, candidate_id: uuid.UUID) -> Candidate | None:
    """The candidate, locked: an import or evaluation of the same row waits for the erasure."""
    return session.scalar(
        select(Candidate)
        .where(Candidate.id == candidate_id, Candidate.org_id == org_id)
        .with_for_update()
    )


def documents(session: Session, candidate_id: uuid.UUID) -> Sequence[CandidateDocument]:
    return session.scalars(
        select(CandidateDocument).where(CandidateDocument.candidate_id == candidate_id)
    ).all()


def sections(session: Session, candidate_id: uuid.UUID) -> Sequence[CandidateSection]:
    return session.scalars(
        select(CandidateSection)
        .where(CandidateSection.candidate_id == candidate_id)
        .order_by(CandidateSection.ordinal)
    ).all()


def evaluations(session: Session, candidate_id: uuid.UUID) -> Sequence[Evaluation]:
    return session.scalars(
        select(Evaluation)
        .where(Evaluation.candidate_id == candidate_id)
        .order_by(Evaluation.created_at)
    ).all()


def pipeline(session: Session, candidate_id: uuid.UUID) -> Sequence[ProjectCandidate]:
    return session.scalars(
        select(ProjectCandidate).where(ProjectCandidate.candidate_id == candidate_id)
    ).all()


def count_chunks(session: Session, candidate_id: uuid.UUID) -> int:
    return int(
        session.scalar(select(func.count()).where(CandidateChunk.candidate_id == candidate_id)) or 0
    )


def chunk_embedding_ids(session: Session, candidate_id: uuid.UUID) -> set[int]:
    return {
        e
        for e in session.scalars(
            select(CandidateChunk.embedding_id).where(CandidateChunk.candidate_id == candidate_id)
        )
        if e is not None
    }


def delete_unreferenced_embeddings(session: Session, org_id: uuid.UUID, ids: set[int]) -> int:
    """Embeddings are shared by identical text within an org: drop only those no chunk of
    another candidate still points at."""
    if not ids:
        return 0
    still_used = select(CandidateChunk.embedding_id).where(CandidateChunk.embedding_id.in_(ids))
    result = session.execute(
        delete(Embedding).where(
            Embedding.org_id == org_id, Embedding.id.in_(ids), Embedding.id.not_in(still_used)
        )
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def _mentions(column: object, needle: str) -> object:
    return cast(column, String).contains(needle, autoescape=True)


def messages_mentioning(
    session: Session, org_id: uuid.UUID, needle: str
) -> Sequence[MailboxMessage]:
    return session.scalars(
        select(MailboxMessage)
        .where(
            MailboxMessage.org_id == org_id,
            or_(
                MailboxMessage.body.contains(needle, autoescape=True),
                _mentions(MailboxMessage.payload, needle),  # type: ignore[arg-type]
            ),
        )
        .order_by(MailboxMessage.seq)
    ).all()


def approvals_mentioning(session: Session, org_id: uuid.UUID, needle: str) -> Sequence[Approval]:
    return session.scalars(
        select(Approval).where(
            Approval.org_id == org_id,
            or_(
                _mentions(Approval.payload, needle),  # type: ignore[arg-type]
                _mentions(Approval.decision, needle),  # type: ignore[arg-type]
            ),
        )
    ).all()


def count_events_mentioning(session: Session, org_id: uuid.UUID, needle: str) -> int:
    return int(
        session.scalar(
            select(func.count()).where(
                Event.org_id == org_id,
                _mentions(Event.data, needle),  # type: ignore[arg-type]
            )
        )
        or 0
    )


def delete_events_mentioning(session: Session, org_id: uuid.UUID, needle: str) -> int:
    result = session.execute(
        delete(Event).where(
            Event.org_id == org_id,
            _mentions(Event.data, needle),  # type: ignore[arg-type]
        )
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
