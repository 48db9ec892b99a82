"""Storage of evaluation results. The evaluation itself is the agents' skill; this keeps its
result, once per (candidate, qualification set, content hash), so a profile that did not
change is never evaluated twice for the same qualifications."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from app.evaluations.schemas import RankedResult
from app.models import Candidate, Evaluation


def store(
    session: Session,
    *,
    org_id: uuid.UUID,
    candidate_id: uuid.UUID,
    qualification_set_id: uuid.UUID,
    content_hash: str,
    result: dict[str, Any],
    score: float,
    engine: str,
    degraded: bool,
) -> None:
    """Keep the first result for this content: a concurrent run's equal result is dropped.
    A degraded (offline-because-the-model-failed) result is replaced by a model's result."""
    stmt = insert(Evaluation)
    session.execute(
        stmt.values(
            org_id=org_id,
            candidate_id=candidate_id,
            qualification_set_id=qualification_set_id,
            content_hash=content_hash,
            result=result,
            score=score,
            engine=engine,
            degraded=degraded,
        ).on_conflict_do_update(
            index_elements=["candidate_id", "qualification_set_id", "content_hash"],
            set_={
                "result": stmt.excluded.result,
                "score": stmt.excluded.score,
                "engine": stmt.excluded.engine,
                "degraded": stmt.excluded.degraded,
            },
            where=Evaluation.degraded.is_(True) & stmt.excluded.degraded.is_(False),
        )
    )


@dataclass(frozen=True)
class StoredEngine:
    engine: str
    degraded: bool


def stored_engine(
    session: Session, candidate_id: uuid.UUID, qualification_set_id: uuid.UUID, content_hash: str
) -> StoredEngine | None:
    """Which engine scored this exact content, if it was scored."""
    row = session.execute(
        select(Evaluation.engine, Evaluation.degraded).where(
            Evaluation.candidate_id == candidate_id,
            Evaluation.qualification_set_id == qualification_set_id,
            Evaluation.content_hash == content_hash,
        )
    ).first()
    return None if row is None else StoredEngine(row[0], bool(row[1]))


def degraded_candidates(
    session: Session,
    qualification_set_id: uuid.UUID,
    candidate_ids: set[uuid.UUID],
    limit: int = 50,
) -> list[uuid.UUID]:
    """Candidates whose result against this set came from the offline engine because the
    model failed: to be scored again when it answers."""
    if not candidate_ids:
        return []
    return list(
        session.scalars(
            select(Evaluation.candidate_id)
            .where(
                Evaluation.qualification_set_id == qualification_set_id,
                Evaluation.candidate_id.in_(candidate_ids),
                Evaluation.degraded.is_(True),
            )
            .limit(limit)
        )
    )


def stored_result(
    session: Session,
    candidate_id: uuid.UUID,
    qualification_set_id: uuid.UUID,
    content_hash: str,
) -> dict[str, Any] | None:
    """The stored result (as JSON) for exactly this content, or None."""
    stored = session.scalar(
        select(Evaluation).where(
            Evaluation.candidate_id == candidate_id,
            Evaluation.qualification_set_id == qualification_set_id,
            Evaluation.content_hash == content_hash,
        )
    )
    return None if stored is None else dict(stored.result)


def has_result(
    session: Session, candidate_id: uuid.UUID, qualification_set_id: uuid.UUID, content_hash: str
) -> bool:
    return (
        session.scalar(
            select(Evaluation.id).where(
                Evaluation.candidate_id == candidate_id,
                Evaluation.qualification_set_id == qualification_set_id,
                Evaluation.content_hash == content_hash,
            )
        )
        is not None
    )


def results_for(
    session: Session, qualification_set_id: uuid.UUID, candidate_ids: list[uuid.UUID]
) -> list[dict[str, Any]]:
    """Every stored result (as JSON) of these candidates against this qualification set."""
    rows = session.scalars(
        select(Evaluation).where(
            Evaluation.qualification_set_id == qualification_set_id,
            Evaluation.candidate_id.in_(candidate_ids),
        )
    )
    return [dict(r.result) for r in rows]


def ranked(
    session: Session, qualification_set_id: uuid.UUID, candidate_ids: set[uuid.UUID]
) -> list[RankedResult]:
    """These candidates' results against this qualification set, best score first, with the
    headline and location a report may show (no name or contact data)."""
    rows = session.execute(
        select(Evaluation, Candidate)
        .join(Candidate, Candidate.id == Evaluation.candidate_id)
        .where(
            Evaluation.qualification_set_id == qualification_set_id,
            Candidate.id.in_(candidate_ids),
        )
        .order_by(Evaluation.score.desc())
    ).tuples()
    return [
        RankedResult(result=dict(e.result), headline=c.headline, location=c.location)
        for e, c in rows
    ]


def replace_result(
    session: Session,
    candidate_id: uuid.UUID,
    qualification_set_id: uuid.UUID,
    content_hash: str,
    *,
    result: dict[str, Any],
    score: float,
) -> bool:
    """Overwrite a stored result in place (an approved screen settled some verdicts);
    False when there is none for exactly this content."""
    stored = session.scalar(
        select(Evaluation).where(
            Evaluation.candidate_id == candidate_id,
            Evaluation.qualification_set_id == qualification_set_id,
            Evaluation.content_hash == content_hash,
        )
    )
    if stored is None:
        return False
    stored.result, stored.score = result, score
    session.flush()
    return True
