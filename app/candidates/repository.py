"""All SQL for candidates, their documents, sections and chunks. Always scoped by org_id."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Candidate, CandidateSection


def existing_hashes(session: Session, org_id: uuid.UUID, hashes: Sequence[str]) -> set[str]:
    if not hashes:
        return set()
    return set(
        session.scalars(
            select(Candidate.content_hash).where(
                Candidate.org_id == org_id, Candidate.content_hash.in_(list(hashes))
            )
        )
    )


def org_simhashes(session: Session, org_id: uuid.UUID) -> list[tuple[int, uuid.UUID]]:
    rows = session.execute(
        select(Candidate.simhash, Candidate.id).where(Candidate.org_id == org_id)
    ).tuples()
    return list(rows)


def org_fingerprints(session: Session, org_id: uuid.UUID) -> list[tuple[int, uuid.UUID, str]]:
    """(simhash, id, content hash) of every profile in the org, read once per import run."""
    rows = session.execute(
        select(Candidate.simhash, Candidate.id, Candidate.content_hash).where(
            Candidate.org_id == org_id
        )
    ).tuples()
    return list(rows)


def get_candidate(session: Session, org_id: uuid.UUID, candidate_id: uuid.UUID) -> Candidate | None:
    return session.scalar(
        select(Candidate).where(Candidate.org_id == org_id, Candidate.id == candidate_id)
    )


def sections_of(session: Session, candidate_id: uuid.UUID) -> list[CandidateSection]:
    return list(
        session.scalars(
            select(CandidateSection)
            .where(CandidateSection.candidate_id == candidate_id)
            .order_by(CandidateSection.ordinal)
        )
    )


def list_candidates(
    session: Session, org_id: uuid.UUID, after: uuid.UUID | None, limit: int
) -> list[Candidate]:
    stmt = select(Candidate).where(Candidate.org_id == org_id)
    if after is not None:
        stmt = stmt.where(Candidate.id > after)
    return list(session.scalars(stmt.order_by(Candidate.id).limit(limit)))
