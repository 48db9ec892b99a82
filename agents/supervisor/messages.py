"""The assistant's messages to the recruiter, posted once each (deterministic ids)."""

from __future__ import annotations

import uuid
from typing import Any

from app.mailbox import service as mailbox
from app.projects.service import Project
from app.unit_of_work import UnitOfWork


def message_id(project_id: uuid.UUID, key: str) -> uuid.UUID:
    """Deterministic: a re-run step posts the same message id, which is stored once."""
    return uuid.uuid5(project_id, f"msg:{key}")


def say(
    session: UnitOfWork,
    project: Project,
    key: str,
    *,
    sender: str,
    kind: str,
    body: str,
    payload: dict[str, Any] | None = None,
) -> None:
    assistant = mailbox.assistant_of(session, project.recruiter_id)
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
