"""All SQL of memory. Every query filters on the recruiter: nothing is shared, not even
inside an organization."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from app.models import MemoryItem
from app.pagination import after_keyset


def upsert(
    session: Session,
    *,
    org_id: uuid.UUID,
    recruiter_id: uuid.UUID,
    kind: str,
    topic: str,
    key: str,
    text: str,
    role_family: str | None,
    source: dict[str, Any],
    data: dict[str, Any],
    replace: bool,
) -> MemoryItem:
    """Insert once per (recruiter, key); `replace` refreshes text, source and data of an
    existing one (a history summary, a count of archives) without creating a second."""
    values = {
        "id": uuid.uuid4(),
        "org_id": org_id,
        "recruiter_id": recruiter_id,
        "kind": kind,
        "topic": topic,
        "key": key[:300],
        "text": text,
        "role_family": role_family,
        "source": source,
        "data": data,
    }
    stmt = insert(MemoryItem).values(**values)
    if replace:
        stmt = stmt.on_conflict_do_update(
            index_elements=["recruiter_id", "key"],
            set_={"text": text, "source": source, "data": data},
        )
    else:
        stmt = stmt.on_conflict_do_nothing(index_elements=["recruiter_id", "key"])
    session.execute(stmt)
    found = session.scalar(
        select(MemoryItem).where(
            MemoryItem.recruiter_id == recruiter_id, MemoryItem.key == key[:300]
        )
    )
    assert found is not None
    session.refresh(found)
    return found


def page(
    session: Session, recruiter_id: uuid.UUID, *, kind: str | None, cursor: str | None, limit: int
) -> list[MemoryItem]:
    stmt = select(MemoryItem).where(MemoryItem.recruiter_id == recruiter_id)
    if kind:
        stmt = stmt.where(MemoryItem.kind == kind)
    stmt = after_keyset(stmt, MemoryItem.created_at, MemoryItem.id, cursor)
    return list(session.scalars(stmt.limit(limit + 1)))


def of_recruiter(
    session: Session,
    recruiter_id: uuid.UUID,
    *,
    kind: str | None = None,
    topic: str | None = None,
    role_family: str | None = None,
) -> list[MemoryItem]:
    """Newest first: the latest decision is the one a recruiter remembers first."""
    stmt = select(MemoryItem).where(MemoryItem.recruiter_id == recruiter_id)
    if kind:
        stmt = stmt.where(MemoryItem.kind == kind)
    if topic:
        stmt = stmt.where(MemoryItem.topic == topic)
    if role_family:
        stmt = stmt.where(MemoryItem.role_family == role_family)
    return list(session.scalars(stmt.order_by(MemoryItem.created_at.desc(), MemoryItem.id)))


def delete_one(session: Session, recruiter_id: uuid.UUID, item_id: uuid.UUID) -> int:
    result = session.execute(
        delete(MemoryItem).where(MemoryItem.id == item_id, MemoryItem.recruiter_id == recruiter_id)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def delete_all(session: Session, recruiter_id: uuid.UUID) -> int:
    result = session.execute(delete(MemoryItem).where(MemoryItem.recruiter_id == recruiter_id))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
