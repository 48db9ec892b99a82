"""All SQL for idempotency keys: claim a key, record its answer, let it go."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from app.models import IdempotencyKey
from app.models.base import utcnow

# A request that has not answered in this long died with its process; a retry may take over.
STALE_AFTER = timedelta(minutes=5)


@dataclass(frozen=True)
class Claim:
    outcome: Literal["new", "replay", "in_flight", "mismatch"]
    row_id: uuid.UUID
    # For "replay": the first answer. For "mismatch": what the key was first used for.
    status: int | None = None
    body: bytes | None = None
    content_type: str | None = None
    first_use: str = ""


def claim(
    session: Session,
    *,
    org_id: uuid.UUID,
    recruiter_id: uuid.UUID,
    key: str,
    method: str,
    path: str,
    request_hash: str,
) -> Claim:
    """Take `key` for this request, or say why not. The caller commits at once, so a
    concurrent duplicate sees the row (the unique constraint decides who is first)."""
    inserted = session.scalar(
        insert(IdempotencyKey)
        .values(
            id=uuid.uuid4(),
            org_id=org_id,
            recruiter_id=recruiter_id,
            key=key,
            method=method,
            path=path,
            request_hash=request_hash,
            status="in_flight",
            created_at=utcnow(),
        )
        .on_conflict_do_nothing(index_elements=["org_id", "recruiter_id", "key"])
        .returning(IdempotencyKey.id)
    )
    if inserted is not None:
        return Claim("new", inserted)
    row = session.scalars(
        select(IdempotencyKey)
        .where(
            IdempotencyKey.org_id == org_id,
            IdempotencyKey.recruiter_id == recruiter_id,
            IdempotencyKey.key == key,
        )
        .with_for_update()
    ).one()
    if (row.method, row.path, row.request_hash) != (method, path, request_hash):
        return Claim("mismatch", row.id, first_use=f"{row.method} {row.path}")
    if row.status == "done":
        return Claim("replay", row.id, row.response_status, row.response_body, row.response_type)
    if row.created_at < utcnow() - STALE_AFTER:
        row.created_at = utcnow()  # the first try died: this one takes the key over
        return Claim("new", row.id)
    return Claim("in_flight", row.id)


def finish(
    session: Session, row_id: uuid.UUID, status: int, body: bytes, content_type: str | None
) -> None:
    session.execute(
        update(IdempotencyKey)
        .where(IdempotencyKey.id == row_id)
        .values(
            status="done",
            response_status=status,
            response_body=body,
            response_type=content_type,
            completed_at=utcnow(),
        )
    )


def release(session: Session, row_id: uuid.UUID) -> None:
    """The request failed without an answer worth repeating: a retry does the work."""
    session.execute(delete(IdempotencyKey).where(IdempotencyKey.id == row_id))


def delete_older_than(session: Session, cutoff: datetime) -> int:
    result = session.execute(delete(IdempotencyKey).where(IdempotencyKey.created_at < cutoff))
    return int(getattr(result, "rowcount", 0) or 0)
