"""Screening: question kits, transcripts and what they change, and the recruiter taking a
candidate over. The thinking (questions, reading a transcript) is the screening agent's;
this keeps its results, checks what people send, and hands work to the supervisor through
the recruiter's mailbox like any other message."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from app.approvals import service as approvals
from app.approvals.states import ApprovalKind
from app.errors import AppError, NotFound
from app.events import service as events
from app.mailbox import service as mailbox
from app.models import (
    Candidate,
    Project,
    ProjectCandidate,
    QualificationSet,
    Screen,
)
from app.orgs.service import Caller
from app.projects.plan import update_plan
from app.projects.states import CandidateStage
from app.screening import repository, transcripts

# Kits and the pipeline check live in their own modules; callers use this service.
from app.screening.kits import edit_kit as edit_kit
from app.screening.kits import get_kit as get_kit
from app.screening.kits import kit_markdown as kit_markdown
from app.screening.kits import kit_out as kit_out
from app.screening.kits import request_kit as request_kit
from app.screening.kits import save_kit as save_kit
from app.screening.pipeline import in_pipeline as in_pipeline
from app.screening.schemas import (
    ScreenOut,
    TakeOverOut,
    TurnOut,
)
from app.screening.states import ScreenStatus

# -- take-over -------------------------------------------------------------------------


def is_paused(session: Session, project_id: uuid.UUID, candidate_id: uuid.UUID) -> bool:
    """True while the recruiter has taken this candidate over: outreach drafts nothing,
    answers nothing and sends no follow-up for them."""
    row = repository.pipeline_row(session, project_id, candidate_id)
    return row is not None and row.paused_at is not None


def take_over_out(row: ProjectCandidate) -> TakeOverOut:
    return TakeOverOut(
        candidate_id=row.candidate_id,
        paused=row.paused_at is not None,
        paused_by=row.paused_by,
        paused_at=row.paused_at,
    )


def set_paused(
    session: Session, caller: Caller, project: Project, candidate_id: uuid.UUID, paused: bool
) -> TakeOverOut:
    row = in_pipeline(session, caller, project, candidate_id)
    if paused and row.paused_at is None:
        row.paused_at, row.paused_by = datetime.now(UTC), caller.recruiter.id
    elif not paused:
        row.paused_at, row.paused_by = None, None
    session.flush()
    # The plan says so too: what the assistant will not do, and for whom.
    update_plan(
        project,
        paused=[
            {
                "candidate_id": str(r.candidate_id),
                "by": str(r.paused_by) if r.paused_by else None,
                "at": r.paused_at.isoformat() if r.paused_at else None,
            }
            for r in repository.paused_rows(session, project.id)
        ],
    )
    events.publish(
        session,
        recruiter_id=project.recruiter_id,
        org_id=project.org_id,
        kind="project.changed",
        data={
            "project_id": str(project.id),
            "what": "candidate:paused" if paused else "candidate:resumed",
            "candidate_id": str(candidate_id),
        },
    )
    return take_over_out(row)


# -- screens ---------------------------------------------------------------------------


def upload_screen(
    session: Session,
    caller: Caller,
    project: Project,
    candidate_id: uuid.UUID,
    *,
    filename: str,
    raw: bytes,
    content_type: str | None,
    speaker: str | None,
) -> tuple[Screen, uuid.UUID]:
    """Parse and store a transcript, and ask the assistant to read it; returns the screen
    and the mailbox to wake once this commits."""
    in_pipeline(session, caller, project, candidate_id)
    if transcripts.is_audio(filename, content_type):
        raise AppError(
            "a recording cannot be read as a screen directly: nobody has said who is "
            "speaking. Upload it to …/screens/transcribe (when audio is on), name the "
            "speakers in the draft, and upload that; or upload the call's transcript "
            "(.vtt from Zoom or Teams, .srt, or .txt)",
            status_code=415,
        )
    fmt, turns = transcripts.parse(filename, raw)
    candidate = session.get(Candidate, candidate_id)
    who = transcripts.candidate_speaker(turns, candidate.name if candidate else None, speaker)
    screen = Screen(
        id=uuid.uuid4(),
        project_id=project.id,
        org_id=project.org_id,
        candidate_id=candidate_id,
        uploaded_by=caller.recruiter.id,
        filename=filename[:300],
        format=fmt,
        turns=[t.to_json() for t in turns],
        candidate_speaker=who,
        status=ScreenStatus.RECEIVED,
    )
    session.add(screen)
    session.flush()
    message = mailbox.from_recruiter(
        session,
        caller.recruiter,
        project.id,
        f"I uploaded a screening transcript for candidate {candidate_id}: screen {screen.id}.",
        kind="screening",
    )
    return screen, message.assistant_id


def approval_of(screen: Screen) -> uuid.UUID:
    """The id the screen's approval has (approvals are keyed by project, kind, subject)."""
    return uuid.uuid5(screen.project_id, f"{ApprovalKind.SCREEN}:{screen.id}")


def screen_out(session: Session, screen: Screen) -> ScreenOut:
    approval_id = approval_of(screen)
    return ScreenOut(
        id=screen.id,
        project_id=screen.project_id,
        candidate_id=screen.candidate_id,
        filename=screen.filename,
        format=screen.format,
        status=screen.status,
        candidate_speaker=screen.candidate_speaker,
        turns=[TurnOut(**t) for t in screen.turns],
        summary=dict(screen.summary),
        changes=list(screen.changes),
        approval_id=approval_id if approvals.exists(session, approval_id) else None,
        engine=screen.engine,
        created_at=screen.created_at,
        applied_at=screen.applied_at,
    )


def screens_of(
    session: Session, caller: Caller, project: Project, candidate_id: uuid.UUID
) -> list[Screen]:
    in_pipeline(session, caller, project, candidate_id)
    return repository.screens(session, project.id, candidate_id)


def get_screen(session: Session, caller: Caller, project: Project, screen_id: uuid.UUID) -> Screen:
    screen = session.get(Screen, screen_id)
    if screen is None or screen.project_id != project.id or screen.org_id != caller.org.id:
        raise NotFound("screen")
    return screen


# -- for the screening agent (through this service only) ---------------------------------


def find_screen(session: Session, project_id: uuid.UUID, screen_id: uuid.UUID) -> Screen | None:
    screen = session.get(Screen, screen_id)
    return screen if screen is not None and screen.project_id == project_id else None


def store_analysis(
    session: Session,
    screen: Screen,
    *,
    summary: dict[str, Any],
    changes: list[dict[str, Any]],
    engine: str,
) -> None:
    if screen.status in (ScreenStatus.APPLIED, ScreenStatus.REJECTED):
        return  # decided: a re-run of the step changes nothing
    screen.summary, screen.changes, screen.engine = summary, changes, engine
    screen.status = ScreenStatus.ANALYSED
    session.flush()


def decide_screen(session: Session, screen: Screen, *, applied: bool) -> None:
    """Record the recruiter's decision; on approval the candidate moves to `screened`."""
    if screen.status in (ScreenStatus.APPLIED, ScreenStatus.REJECTED):
        return
    screen.status = ScreenStatus.APPLIED if applied else ScreenStatus.REJECTED
    if applied:
        screen.applied_at = datetime.now(UTC)
        row = repository.pipeline_row(session, screen.project_id, screen.candidate_id)
        if row is not None and row.stage != CandidateStage.ARCHIVED:
            row.stage = CandidateStage.SCREENED
    session.flush()


def candidate_in_project(
    session: Session, project: Project, candidate_id: uuid.UUID
) -> Candidate | None:
    if repository.pipeline_row(session, project.id, candidate_id) is None:
        return None
    candidate = session.get(Candidate, candidate_id)
    return candidate if candidate is not None and candidate.org_id == project.org_id else None


def find_by_name(session: Session, project: Project, name: str) -> list[Candidate]:
    """Pipeline candidates whose name holds every word the recruiter typed."""
    words = [w.lower() for w in name.replace(",", " ").split() if w]
    if not words:
        return []
    out = []
    for row in repository.pipeline_rows(session, project.id):
        candidate = session.get(Candidate, row.candidate_id)
        held = (candidate.name or "").lower().split() if candidate else []
        if candidate is not None and all(w in held for w in words):
            out.append(candidate)
    return out


def applied_changes(
    session: Session, qualification_set_id: uuid.UUID, candidate_id: uuid.UUID
) -> tuple[list[dict[str, Any]], list[tuple[uuid.UUID, list[dict[str, Any]]]]]:
    """(the set's qualifications, [(screen id, its changes)]) for every approved screen of
    this candidate in the project the set belongs to, oldest first: what a fresh evaluation
    must carry over. No screens: ([], []) after one query."""
    qset = session.get(QualificationSet, qualification_set_id)
    if qset is None:
        return [], []
    applied = [
        (s.id, list(s.changes))
        for s in reversed(repository.screens(session, qset.project_id, candidate_id))
        if s.status == ScreenStatus.APPLIED and s.changes
    ]
    return (list(qset.qualifications) if applied else []), applied
