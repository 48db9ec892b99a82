"""Projects and the recruiter's messages to the assistant (the mailbox and approvals have
their own domains' endpoints)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from app.db import transaction
from app.deps import CallerDep, RuntimeDep, SessionDep
from app.dispatch import Dispatcher
from app.hygiene import CleanStr
from app.idempotency.middleware import IdempotencyKeyHeader
from app.mailbox import service as mailbox
from app.mailbox.schemas import MessageIn, MessageOut
from app.openapi_errors import COMMON, error_responses
from app.projects import service as projects
from app.projects.schemas import (
    AsyncModeIn,
    CandidateActionIn,
    CandidateListScope,
    ProjectIn,
    ProjectOut,
    ProjectPage,
    RankedPage,
)
from app.ratelimit import RATE_LIMITED, limited
from app.signals import service as signals

router = APIRouter(prefix="/v1", tags=["assistant"], responses=error_responses(*COMMON, 400, 404))
# POSTs that create or send: a retry with the same Idempotency-Key does nothing twice.
_ONCE_DEPS = [Depends(IdempotencyKeyHeader)]
_ONCE_ERRORS = error_responses(409)


def _project_link(operation_id: str, what: str) -> dict[str, object]:
    return {
        "operationId": operation_id,
        "parameters": {"project_id": "$response.body#/id"},
        "description": what,
    }


# OpenAPI links from a created project to what can be done with it: clients (and the
# stateful fuzzing in tests/test_schemathesis.py) follow them.
_CREATED = {
    201: {
        "links": {
            "GetProject": _project_link("get_project_v1_projects__project_id__get", "read it"),
            "PostMessage": _project_link(
                "post_message_v1_projects__project_id__messages_post", "answer the assistant"
            ),
            "ProjectCandidates": _project_link(
                "project_candidates_v1_projects__project_id__candidates_get", "its candidates"
            ),
            "SetAsync": _project_link(
                "set_async_mode_v1_projects__project_id__async_post", "source while you sleep"
            ),
        }
    },
    **_ONCE_ERRORS,
}


def _dispatch(request: Request) -> Dispatcher:
    """Inline or Celery, as the composition root chose; the app never imports agents."""
    dispatcher: Dispatcher = request.app.state.dispatcher
    return dispatcher


@router.post(
    "/projects",
    response_model=ProjectOut,
    status_code=201,
    dependencies=_ONCE_DEPS,
    responses=_CREATED,
)
def create_project(
    request: Request, runtime: RuntimeDep, caller: CallerDep, body: ProjectIn
) -> ProjectOut:
    with transaction(runtime.sessions, org_id=caller.org.id) as session:
        project = projects.create(session, caller, body.text)
        message = mailbox.from_recruiter(
            session, caller.recruiter, project.id, body.text, kind="request"
        )
        project_id, assistant_id = project.id, message.assistant_id
    # Committed first: the processor (here, later a Celery worker) reads what we wrote.
    _dispatch(request).mailbox_ready(assistant_id)
    with transaction(runtime.sessions, org_id=caller.org.id) as session:
        return projects.to_out(session, projects.get_owned(session, caller, project_id))


@router.get("/projects", response_model=ProjectPage)
def list_projects(
    session: SessionDep,
    caller: CallerDep,
    cursor: Annotated[CleanStr | None, Query(max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> ProjectPage:
    """The recruiter's own projects, newest first."""
    return projects.list_projects(session, caller, cursor=cursor, limit=limit)


@router.get("/projects/{project_id}", response_model=ProjectOut)
def get_project(session: SessionDep, caller: CallerDep, project_id: uuid.UUID) -> ProjectOut:
    return projects.to_out(session, projects.get_owned(session, caller, project_id))


@router.post(
    "/projects/{project_id}/messages",
    response_model=MessageOut,
    status_code=202,
    dependencies=[*_ONCE_DEPS, Depends(limited("messages"))],
    responses={**_ONCE_ERRORS, **RATE_LIMITED},
)
def post_message(
    request: Request,
    runtime: RuntimeDep,
    caller: CallerDep,
    project_id: uuid.UUID,
    body: MessageIn,
) -> MessageOut:
    with transaction(runtime.sessions, org_id=caller.org.id) as session:
        projects.get_owned(session, caller, project_id)
        message = mailbox.from_recruiter(
            session, caller.recruiter, project_id, body.text, message_id=body.id
        )
        message_id, assistant_id = message.id, message.assistant_id
    _dispatch(request).mailbox_ready(assistant_id)
    with transaction(runtime.sessions, org_id=caller.org.id) as session:
        stored = session.get(mailbox.MailboxMessage, message_id)
        assert stored is not None
        return mailbox.to_out(stored)


@router.get("/projects/{project_id}/candidates", response_model=RankedPage)
def project_candidates(
    session: SessionDep,
    caller: CallerDep,
    project_id: uuid.UUID,
    cursor: Annotated[CleanStr | None, Query(max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    include: Annotated[
        CandidateListScope,
        Query(description="qualified: meets a required qualification (default); all: everyone"),
    ] = "qualified",
) -> RankedPage:
    project = projects.get_owned(session, caller, project_id)
    return projects.ranked(session, caller, project, cursor=cursor, limit=limit, include=include)


@router.post(
    "/projects/{project_id}/async",
    response_model=ProjectOut,
    dependencies=_ONCE_DEPS,
    responses=_ONCE_ERRORS,
)
def set_async_mode(
    request: Request,
    runtime: RuntimeDep,
    caller: CallerDep,
    project_id: uuid.UUID,
    body: AsyncModeIn,
) -> ProjectOut:
    """Switch "source while you sleep" on or off; switching on starts a run at once."""
    with transaction(runtime.sessions, org_id=caller.org.id) as session:
        project = projects.get_owned(session, caller, project_id)
        projects.set_async(session, project, body.enabled, body.interval_minutes)
    if body.enabled:
        _dispatch(request).source_project(project_id)
    with transaction(runtime.sessions, org_id=caller.org.id) as session:
        return projects.to_out(session, projects.get_owned(session, caller, project_id))


@router.post(
    "/projects/{project_id}/candidates/{candidate_id}",
    status_code=204,
    dependencies=_ONCE_DEPS,
    responses=_ONCE_ERRORS,
)
def react_to_candidate(
    request: Request,
    runtime: RuntimeDep,
    caller: CallerDep,
    project_id: uuid.UUID,
    candidate_id: uuid.UUID,
    body: CandidateActionIn,
) -> None:
    """Add to the pipeline, archive with a reason, or rate the match: signals the next
    sourcing step takes into account (archived people are never sourced again), and that
    the learning agent counts (enough of them queue a review, which only proposes)."""
    with transaction(runtime.sessions, org_id=caller.org.id) as session:
        project = projects.get_owned(session, caller, project_id)
        projects.react(session, caller, project, candidate_id, body)
        signals.record_reaction(
            session, project, candidate_id, body.action, reason=body.reason, rating=body.rating
        )
        assistant_id = signals.request_review(session, project)
    if assistant_id is not None:
        _dispatch(request).mailbox_ready(assistant_id)
