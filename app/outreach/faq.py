"""A project's FAQ: what the assistant may tell a candidate without asking. Entries the
intake proposes from the ad are suggestions until the recruiter accepts them."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from app.errors import NotFound
from app.models import FaqEntry, Project
from app.outreach import repository as repo
from app.outreach.schemas import FaqEdit, FaqIn, FaqOut
from app.outreach.states import FaqStatus


def to_out(f: FaqEntry) -> FaqOut:
    return FaqOut(
        id=f.id,
        project_id=f.project_id,
        topic=f.topic,
        question=f.question,
        answer=f.answer,
        status=f.status,
        source=f.source,
        created_at=f.created_at,
    )


def entries(session: Session, project: Project, status: str | None = None) -> list[FaqOut]:
    return [to_out(f) for f in repo.faq_of(session, project.id, status)]


def create(session: Session, project: Project, body: FaqIn) -> FaqOut:
    entry = FaqEntry(
        id=uuid.uuid4(),
        org_id=project.org_id,
        project_id=project.id,
        topic=body.topic,
        question=body.question,
        answer=body.answer,
        status=FaqStatus.ACCEPTED,
        source="recruiter",
    )
    session.add(entry)
    session.flush()
    return to_out(entry)


def _owned(session: Session, project: Project, faq_id: uuid.UUID) -> FaqEntry:
    entry = session.get(FaqEntry, faq_id)
    if entry is None or entry.project_id != project.id:
        raise NotFound("FAQ entry")
    return entry


def update(session: Session, project: Project, faq_id: uuid.UUID, body: FaqEdit) -> FaqOut:
    entry = _owned(session, project, faq_id)
    if body.topic is not None:
        entry.topic = body.topic
    if body.question is not None:
        entry.question = body.question
    if body.answer is not None:
        entry.answer = body.answer
    if body.accept is not None:
        entry.status = FaqStatus.ACCEPTED if body.accept else FaqStatus.SUGGESTED
    session.flush()
    return to_out(entry)


def delete(session: Session, project: Project, faq_id: uuid.UUID) -> None:
    session.delete(_owned(session, project, faq_id))
    session.flush()


def suggest(session: Session, project: Project, suggestions: list[FaqIn]) -> int:
    """Store proposals from the ad once each (same topic and question: not again)."""
    known = {(f.topic, f.question) for f in repo.faq_of(session, project.id, None)}
    added = 0
    for s in suggestions:
        if (s.topic, s.question) in known:
            continue
        session.add(
            FaqEntry(
                id=uuid.uuid4(),
                org_id=project.org_id,
                project_id=project.id,
                topic=s.topic,
                question=s.question,
                answer=s.answer,
                status=FaqStatus.SUGGESTED,
                source="ad",
            )
        )
        known.add((s.topic, s.question))
        added += 1
    session.flush()
    return added
