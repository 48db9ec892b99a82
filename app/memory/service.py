"""Remember, recall and forget, for one recruiter at a time.

Agents hand in the project they work on (an opaque handle): its recruiter owns what is
remembered. The API hands in the caller: a recruiter lists and deletes only their own
items; another recruiter's id looks exactly like a missing one.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from app.errors import NotFound
from app.memory import repository
from app.memory.schemas import ForgotOut, MemoryItemOut, MemoryKind, MemoryPage, Remembered, Style
from app.models import MemoryItem, Project
from app.orgs.service import Caller
from app.pagination import keyset_next


def _remembered(item: MemoryItem) -> Remembered:
    return Remembered(
        id=item.id,
        kind=item.kind,
        topic=item.topic,
        text=item.text,
        role_family=item.role_family,
        source=dict(item.source or {}),
        data=dict(item.data or {}),
        created_at=item.created_at,
    )


def remember(
    session: Session,
    project: Project,
    *,
    kind: MemoryKind,
    topic: str,
    key: str,
    text: str,
    source: dict[str, Any],
    data: dict[str, Any] | None = None,
    role_family: str | None = None,
    replace: bool = False,
) -> Remembered:
    """Idempotent by `key` (per recruiter): a re-run step remembers nothing twice."""
    item = repository.upsert(
        session,
        org_id=project.org_id,
        recruiter_id=project.recruiter_id,
        kind=kind,
        topic=topic,
        key=key,
        text=text,
        role_family=role_family,
        source={"project_id": str(project.id), "project_title": project.title, **source},
        data=data or {},
        replace=replace,
    )
    return _remembered(item)


def recall(
    session: Session,
    recruiter_id: uuid.UUID,
    *,
    kind: MemoryKind | None = None,
    topic: str | None = None,
    role_family: str | None = None,
) -> list[Remembered]:
    """What this recruiter's assistant remembers, newest first; nobody else's."""
    rows = repository.of_recruiter(
        session, recruiter_id, kind=kind, topic=topic, role_family=role_family
    )
    return [_remembered(r) for r in rows]


def style_for(session: Session, recruiter_id: uuid.UUID) -> Style:
    """Outreach style for the outreach agent: the recruiter's tone preferences, each with
    the id of the item it came from (so a draft can show it as "from memory")."""
    items = recall(session, recruiter_id, kind="preference", topic="tone")
    return Style(lines=[i.text for i in items], memory_ids=[i.id for i in items])


def history_of(session: Session, project: Project) -> Remembered | None:
    """The compressed history of one project, when there is one."""
    for item in recall(session, project.recruiter_id, kind="history", topic="project"):
        if item.source.get("project_id") == str(project.id):
            return item
    return None


# -- the recruiter's controls (API) ----------------------------------------------------------


def to_out(item: MemoryItem) -> MemoryItemOut:
    return MemoryItemOut(
        id=item.id,
        kind=item.kind,
        topic=item.topic,
        text=item.text,
        role_family=item.role_family,
        source=dict(item.source or {}),
        created_at=item.created_at,
    )


def page(
    session: Session, caller: Caller, *, kind: str | None, cursor: str | None, limit: int
) -> MemoryPage:
    rows = repository.page(session, caller.recruiter.id, kind=kind, cursor=cursor, limit=limit)
    return MemoryPage(
        items=[to_out(r) for r in rows[:limit]],
        next_cursor=keyset_next(rows, limit, lambda r: (r.created_at, r.id)),
    )


def forget(session: Session, caller: Caller, item_id: uuid.UUID) -> ForgotOut:
    if not repository.delete_one(session, caller.recruiter.id, item_id):
        raise NotFound("memory item")
    return ForgotOut(forgotten=1)


def forget_all(session: Session, caller: Caller) -> ForgotOut:
    return ForgotOut(forgotten=repository.delete_all(session, caller.recruiter.id))
