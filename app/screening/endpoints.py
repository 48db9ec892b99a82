"""Screening a candidate: the question kit, transcripts of the call, and taking over.

Work the assistant does (preparing a kit, reading a transcript) is a message to it, like
everything else; with the inline dispatcher it is done when the response comes back, with
Celery the kit says "preparing" and the screen "received" until it is."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import PlainTextResponse

from app.bootstrap import question_refusal
from app.db import transaction
from app.deps import CallerDep, RuntimeDep, SessionDep
from app.dispatch import Dispatcher
from app.projects import service as projects
from app.screening import audio, repository
from app.screening import service as screening
from app.screening.schemas import (
    QuestionKitIn,
    QuestionKitOut,
    ScreenOut,
    ScreenPage,
    TakeOverOut,
    TranscriptDraftOut,
)
from app.screening.transcripts import MAX_BYTES

router = APIRouter(prefix="/v1/projects/{project_id}/candidates/{candidate_id}", tags=["screening"])


def _dispatch(request: Request) -> Dispatcher:
    dispatcher: Dispatcher = request.app.state.dispatcher
    return dispatcher


@router.post("/question-kit", response_model=QuestionKitOut, status_code=202)
def prepare_kit(
    request: Request,
    runtime: RuntimeDep,
    caller: CallerDep,
    project_id: uuid.UUID,
    candidate_id: uuid.UUID,
) -> QuestionKitOut:
    """Ask the assistant for screening questions (replaces an earlier kit)."""
    with transaction(runtime.sessions, org_id=caller.org.id) as session:
        project = projects.get_owned(session, caller, project_id)
        assistant_id = screening.request_kit(session, caller, project, candidate_id)
    _dispatch(request).mailbox_ready(assistant_id)
    with transaction(runtime.sessions, org_id=caller.org.id) as session:
        kit = repository.kit(session, project_id, candidate_id)
        return screening.kit_out(kit, project_id, candidate_id)


@router.get("/question-kit", response_model=QuestionKitOut)
def get_kit(
    session: SessionDep, caller: CallerDep, project_id: uuid.UUID, candidate_id: uuid.UUID
) -> QuestionKitOut:
    project = projects.get_owned(session, caller, project_id)
    kit = screening.get_kit(session, caller, project, candidate_id)
    return screening.kit_out(kit, project_id, candidate_id)


@router.put("/question-kit", response_model=QuestionKitOut)
def edit_kit(
    runtime: RuntimeDep,
    caller: CallerDep,
    project_id: uuid.UUID,
    candidate_id: uuid.UUID,
    body: QuestionKitIn,
) -> QuestionKitOut:
    with transaction(runtime.sessions, org_id=caller.org.id) as session:
        project = projects.get_owned(session, caller, project_id)
        kit = screening.edit_kit(session, caller, project, candidate_id, body, question_refusal)
        return screening.kit_out(kit, project_id, candidate_id)


@router.get("/question-kit.md", response_class=PlainTextResponse)
def export_kit(
    session: SessionDep, caller: CallerDep, project_id: uuid.UUID, candidate_id: uuid.UUID
) -> PlainTextResponse:
    project = projects.get_owned(session, caller, project_id)
    kit = screening.get_kit(session, caller, project, candidate_id)
    return PlainTextResponse(
        screening.kit_markdown(session, kit),
        media_type="text/markdown; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="screening-questions.md"'},
    )


@router.post("/screens", response_model=ScreenOut, status_code=201)
def upload_screen(
    request: Request,
    runtime: RuntimeDep,
    caller: CallerDep,
    project_id: uuid.UUID,
    candidate_id: uuid.UUID,
    file: Annotated[UploadFile, File(description="WebVTT (Zoom, Teams), SRT or plain text")],
    candidate_speaker: Annotated[str | None, Form(max_length=200)] = None,
) -> ScreenOut:
    """Store a screening call's transcript; the assistant reads the candidate's turns,
    summarises them with verbatim quotes and asks you to approve what they change."""
    raw = file.file.read(MAX_BYTES + 1)
    with transaction(runtime.sessions, org_id=caller.org.id) as session:
        project = projects.get_owned(session, caller, project_id)
        screen, assistant_id = screening.upload_screen(
            session,
            caller,
            project,
            candidate_id,
            filename=file.filename or "transcript",
            raw=raw,
            content_type=file.content_type,
            speaker=candidate_speaker,
        )
        screen_id = screen.id
    _dispatch(request).mailbox_ready(assistant_id)
    with transaction(runtime.sessions, org_id=caller.org.id) as session:
        project = projects.get_owned(session, caller, project_id)
        return screening.screen_out(
            session, screening.get_screen(session, caller, project, screen_id)
        )


@router.post("/screens/transcribe", response_model=TranscriptDraftOut)
def transcribe_call(
    runtime: RuntimeDep,
    caller: CallerDep,
    project_id: uuid.UUID,
    candidate_id: uuid.UUID,
    file: Annotated[UploadFile, File(description="a recording: .wav, .mp3, .m4a, .flac")],
) -> TranscriptDraftOut:
    """Offline speech-to-text of a screening call (off unless SCOUT_SCREEN_AUDIO=1 and the
    `audio` extra is installed: 415 otherwise). Nothing is stored: you get a draft WebVTT
    to label with who spoke, then upload it to /screens."""
    with transaction(runtime.sessions, org_id=caller.org.id) as session:
        project = projects.get_owned(session, caller, project_id)
        screening.in_pipeline(session, caller, project, candidate_id)
    audio.check_enabled(runtime.settings)
    # Outside any transaction: minutes of speech-to-text hold no database connection.
    draft = audio.transcribe(runtime.settings, file.file.read(audio.MAX_AUDIO_BYTES + 1))
    return TranscriptDraftOut(
        vtt=draft.vtt,
        duration_s=draft.duration_s,
        cues=draft.cues,
        engine=draft.engine,
        note="Replace 'Speaker' in each cue with who spoke (the candidate's name or "
        "'Interviewer'), then upload the file to /screens.",
    )


@router.get("/screens", response_model=ScreenPage)
def list_screens(
    session: SessionDep, caller: CallerDep, project_id: uuid.UUID, candidate_id: uuid.UUID
) -> ScreenPage:
    project = projects.get_owned(session, caller, project_id)
    rows = screening.screens_of(session, caller, project, candidate_id)
    return ScreenPage(items=[screening.screen_out(session, s) for s in rows])


@router.get("/take-over", response_model=TakeOverOut)
def take_over_status(
    session: SessionDep, caller: CallerDep, project_id: uuid.UUID, candidate_id: uuid.UUID
) -> TakeOverOut:
    project = projects.get_owned(session, caller, project_id)
    return screening.take_over_out(screening.in_pipeline(session, caller, project, candidate_id))


@router.post("/take-over", response_model=TakeOverOut)
def take_over(
    runtime: RuntimeDep, caller: CallerDep, project_id: uuid.UUID, candidate_id: uuid.UUID
) -> TakeOverOut:
    """Pause the assistant for this candidate: no drafts, auto-answers or follow-ups."""
    with transaction(runtime.sessions, org_id=caller.org.id) as session:
        project = projects.get_owned(session, caller, project_id)
        return screening.set_paused(session, caller, project, candidate_id, True)


@router.delete("/take-over", response_model=TakeOverOut)
def hand_back(
    runtime: RuntimeDep, caller: CallerDep, project_id: uuid.UUID, candidate_id: uuid.UUID
) -> TakeOverOut:
    """Hand the candidate back to the assistant."""
    with transaction(runtime.sessions, org_id=caller.org.id) as session:
        project = projects.get_owned(session, caller, project_id)
        return screening.set_paused(session, caller, project, candidate_id, False)
