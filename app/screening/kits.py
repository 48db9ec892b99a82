"""Question kits: the assistant's screening questions for one candidate in one project,
and the recruiter's edits of them (checked like any question), exportable as Markdown."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy.orm import Session

from app.errors import AppError
from app.mailbox import service as mailbox
from app.models import Candidate, Project, QuestionKit
from app.orgs.service import Caller
from app.screening import repository
from app.screening.pipeline import in_pipeline
from app.screening.schemas import QuestionKitIn, QuestionKitOut, QuestionOut

# Why a question may not be asked, or None: the responsible-AI check, injected by the
# composition root (the app never imports the agents that own it).
QuestionCheck = Callable[[str], str | None]


def request_kit(
    session: Session, caller: Caller, project: Project, candidate_id: uuid.UUID
) -> uuid.UUID:
    """Ask the assistant for a kit, as a message; returns the mailbox to wake."""
    in_pipeline(session, caller, project, candidate_id)
    message = mailbox.from_recruiter(
        session,
        caller.recruiter,
        project.id,
        f"Prepare screening questions for candidate {candidate_id}.",
        kind="screening",
    )
    return message.assistant_id


def _question_id(i: int) -> str:
    return f"k{i}"


def save_kit(
    session: Session,
    project: Project,
    candidate_id: uuid.UUID,
    *,
    qualification_set_id: uuid.UUID | None,
    questions: Sequence[dict[str, Any]],
    refused: Sequence[dict[str, Any]],
    engine: str,
) -> QuestionKit:
    """The assistant's kit; it replaces an earlier one (the recruiter asked again)."""
    kit = repository.kit(session, project.id, candidate_id)
    rows = [{**q, "id": _question_id(i)} for i, q in enumerate(questions, start=1)]
    if kit is None:
        kit = QuestionKit(
            project_id=project.id,
            org_id=project.org_id,
            candidate_id=candidate_id,
            version=0,
        )
        session.add(kit)
    kit.qualification_set_id = qualification_set_id
    kit.questions, kit.refused, kit.engine = rows, list(refused), engine
    kit.version = (kit.version or 0) + 1
    kit.edited_by = None
    session.flush()
    return kit


def kit_out(
    kit: QuestionKit | None, project_id: uuid.UUID, candidate_id: uuid.UUID
) -> QuestionKitOut:
    if kit is None:
        return QuestionKitOut(
            project_id=project_id,
            candidate_id=candidate_id,
            status="preparing",
            questions=[],
            refused=[],
            engine=None,
            version=0,
            edited=False,
            updated_at=None,
        )
    return QuestionKitOut(
        project_id=kit.project_id,
        candidate_id=kit.candidate_id,
        status="ready",
        questions=[
            QuestionOut(
                id=str(q.get("id")),
                qualification_id=q.get("qualification_id"),
                text=str(q.get("text", "")),
                purpose=str(q.get("purpose", "custom")),
                why=str(q.get("why", "")),
            )
            for q in kit.questions
        ],
        refused=list(kit.refused),
        engine=kit.engine,
        version=kit.version,
        edited=kit.edited_by is not None,
        updated_at=kit.updated_at,
    )


def get_kit(
    session: Session, caller: Caller, project: Project, candidate_id: uuid.UUID
) -> QuestionKit:
    in_pipeline(session, caller, project, candidate_id)
    kit = repository.kit(session, project.id, candidate_id)
    if kit is None:
        raise AppError(
            "no question kit yet: ask for one (POST this URL, or tell the assistant "
            '"prepare screening questions for <name>")',
            status_code=404,
        )
    return kit


def edit_kit(
    session: Session,
    caller: Caller,
    project: Project,
    candidate_id: uuid.UUID,
    body: QuestionKitIn,
    check: QuestionCheck,
) -> QuestionKit:
    """The recruiter's own version of the kit. A question about a protected attribute is
    refused whoever wrote it, and then nothing is saved (no half-edited kit)."""
    row = in_pipeline(session, caller, project, candidate_id)
    refused = [(q.text, why) for q in body.questions if (why := check(q.text)) is not None]
    if refused:
        raise AppError(
            "these questions may not be asked; nothing was saved: "
            + "; ".join(f'"{text}" ({why})' for text, why in refused),
            status_code=422,
            refused=[{"text": t, "reason": r} for t, r in refused],
        )
    kit = repository.kit(session, project.id, candidate_id)
    if kit is None:
        kit = QuestionKit(
            project_id=project.id, org_id=project.org_id, candidate_id=row.candidate_id, version=0
        )
        session.add(kit)
    kit.questions = [
        {**q.model_dump(mode="json"), "id": _question_id(i)}
        for i, q in enumerate(body.questions, start=1)
    ]
    kit.version = (kit.version or 0) + 1
    kit.edited_by = caller.recruiter.id
    session.flush()
    return kit


def kit_markdown(session: Session, kit: QuestionKit) -> str:
    candidate = session.get(Candidate, kit.candidate_id)
    project = session.get(Project, kit.project_id)
    who = (candidate.name or candidate.headline or "the candidate") if candidate else "candidate"
    title = project.title if project else "the role"
    lines = [f"# Screening questions: {who}", "", f"For **{title}**.", ""]
    for purpose, heading in (
        ("settle", "To settle"),
        ("depth", "To go deeper"),
        ("custom", "Your questions"),
    ):
        chosen = [q for q in kit.questions if q.get("purpose", "custom") == purpose]
        if not chosen:
            continue
        lines += [f"## {heading}", ""]
        for i, q in enumerate(chosen, start=1):
            lines.append(f"{i}. {q.get('text', '')}")
            if q.get("why"):
                lines.append(f"   - *Why:* {q['why']}")
        lines.append("")
    return "\n".join(lines)
