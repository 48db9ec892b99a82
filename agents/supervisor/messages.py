"""The assistant's messages to the recruiter, posted once each (deterministic ids)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from app.mailbox import service as mailbox
from app.models import Project, Recruiter


def message_id(project_id: uuid.UUID, key: str) -> uuid.UUID:
    """Deterministic: a re-run step posts the same message id, which is stored once."""
    return uuid.uuid5(project_id, f"msg:{key}")


def say(
    session: Session,
    project: Project,
    key: str,
    *,
    sender: str,
    kind: str,
    body: str,
    payload: dict[str, Any] | None = None,
) -> None:
    recruiter = session.get(Recruiter, project.recruiter_id)
    assert recruiter is not None
    assistant = mailbox.assistant_for(session, recruiter)
    mailbox.post(
        session,
        assistant,
        sender=sender,
        kind=kind,
        body=body,
        project_id=project.id,
        payload=payload,
        message_id=message_id(project.id, key),
    )
