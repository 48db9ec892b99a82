"""Outreach: the recruiter's style, drafts and their approval, the outbox, threads, the
FAQ, inbound replies, and the candidate's one-click unsubscribe (the only public route)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from app.db import after_commit, transaction
from app.deps import CallerDep, DispatcherDep, RuntimeDep, SessionDep
from app.dispatch import Dispatcher
from app.errors import AppError, NotFound
from app.mail.parse import parse
from app.mailbox import service as mailbox
from app.models import OutreachThread
from app.orgs.service import Caller
from app.outreach import faq, inbound, service, unknown_outcome
from app.outreach import replies as replies_service
from app.outreach import repository as repo
from app.outreach.schemas import (
    BatchDecisionIn,
    FaqEdit,
    FaqIn,
    FaqOut,
    InboundReceipt,
    MessageDecisionIn,
    MessageEditIn,
    OutboxPage,
    OutcomeIn,
    OutreachMessageOut,
    OutreachRequestIn,
    ProjectSettingsIn,
    ProjectSettingsOut,
    StyleIn,
    StyleOut,
    ThreadItem,
    ThreadOut,
)
from app.outreach.tokens import verify
from app.projects import service as projects
from app.runtime import Runtime

router = APIRouter(prefix="/v1", tags=["outreach"])
public = APIRouter(prefix="/v1", tags=["public"])

_MAX_RAW = 5 * 1024 * 1024


@router.get("/outreach/style", response_model=StyleOut)
def get_style(session: SessionDep, caller: CallerDep) -> StyleOut:
    return service.style_of(session, caller.recruiter.id)


@router.put("/outreach/style", response_model=StyleOut)
def put_style(session: SessionDep, caller: CallerDep, body: StyleIn) -> StyleOut:
    return service.set_style(session, caller, body)


@router.get("/projects/{project_id}/outreach/settings", response_model=ProjectSettingsOut)
def get_settings(
    session: SessionDep, caller: CallerDep, project_id: uuid.UUID
) -> ProjectSettingsOut:
    return service.settings_of(session, projects.get_owned(session, caller, project_id).id)


@router.put("/projects/{project_id}/outreach/settings", response_model=ProjectSettingsOut)
def put_settings(
    session: SessionDep, caller: CallerDep, project_id: uuid.UUID, body: ProjectSettingsIn
) -> ProjectSettingsOut:
    return service.set_settings(session, projects.get_owned(session, caller, project_id), body)


@router.post("/projects/{project_id}/outreach", status_code=202)
def request_drafts(
    dispatcher: DispatcherDep,
    runtime: RuntimeDep,
    caller: CallerDep,
    project_id: uuid.UUID,
    body: OutreachRequestIn,
) -> dict[str, Any]:
    """Ask the assistant for drafts; they come back as an approval of kind `outreach`."""
    with transaction(runtime.sessions, org_id=caller.org.id) as session:
        project = projects.get_owned(session, caller, project_id)
        if projects.approved_qset(session, project.id) is None:
            raise AppError("approve the qualifications before drafting outreach", status_code=409)
        targets = service.outreach_targets(session, project.id, body.candidate_ids)
        if not targets:
            raise AppError(
                "none of these candidates is in this project's pipeline; add them first"
                if body.candidate_ids
                else "the pipeline is empty: add candidates to it first",
                status_code=409,
            )
        text = (
            "Draft outreach messages to these candidates: " + ", ".join(str(t) for t in targets)
            if body.candidate_ids
            else "Draft outreach messages to my pipeline"
        )
        message = mailbox.from_recruiter(
            session, caller.recruiter, project.id, text, kind="outreach"
        )
        message_id, assistant_id = message.id, message.assistant_id
        after_commit(session, lambda: dispatcher.mailbox_ready(assistant_id))
    return {"message_id": str(message_id), "candidates": [str(t) for t in targets]}


@router.get("/outreach/approvals/{approval_id}/messages", response_model=list[OutreachMessageOut])
def batch_messages(
    session: SessionDep, caller: CallerDep, approval_id: uuid.UUID
) -> list[OutreachMessageOut]:
    return service.batch(session, caller, approval_id)


@router.post("/outreach/approvals/{approval_id}", response_model=list[OutreachMessageOut])
def decide_batch(
    dispatcher: DispatcherDep,
    runtime: RuntimeDep,
    caller: CallerDep,
    approval_id: uuid.UUID,
    body: BatchDecisionIn,
) -> list[OutreachMessageOut]:
    """Approve or reject every undecided draft of a batch (or those listed) at once."""
    with transaction(runtime.sessions, org_id=caller.org.id) as session:
        due = service.decide_batch(
            session, caller, approval_id, body.decision, body.message_ids, body.reason
        )
        if due:
            after_commit(session, lambda: dispatcher.outreach_ready(due))
    with transaction(runtime.sessions, org_id=caller.org.id) as session:
        return service.batch(session, caller, approval_id)


def _check_edit(request: Request, session: Any, caller: Any, text: str | None) -> None:
    """A recruiter's edit passes the same checks as a draft (protected attributes, contact
    data), whoever typed it; their own signature is theirs to keep."""
    if not text:
        return
    signature = service.style_of(session, caller.recruiter.id).signature.strip()
    found = request.app.state.processor.draft_problems(
        text.replace(signature, "") if signature else text
    )
    if found:
        raise AppError(
            f"this message {'; '.join(found)}: rewrite that part, then save again",
            status_code=422,
        )


@router.patch("/outreach/messages/{message_id}", response_model=OutreachMessageOut)
def edit_message(
    request: Request,
    session: SessionDep,
    caller: CallerDep,
    message_id: uuid.UUID,
    body: MessageEditIn,
) -> OutreachMessageOut:
    _check_edit(request, session, caller, body.body)
    _check_edit(request, session, caller, body.subject)
    return service.out(session, service.edit(session, caller, message_id, body))


@router.post("/outreach/messages/{message_id}/decision", response_model=OutreachMessageOut)
def decide_message(
    request: Request,
    dispatcher: DispatcherDep,
    runtime: RuntimeDep,
    caller: CallerDep,
    message_id: uuid.UUID,
    body: MessageDecisionIn,
) -> OutreachMessageOut:
    def decide(session: Session) -> list[uuid.UUID]:
        _check_edit(request, session, caller, body.body)
        _check_edit(request, session, caller, body.subject)
        return service.decide(session, caller, message_id, body)

    return _decide_then_show(runtime, dispatcher, caller, message_id, decide)


@router.post("/outreach/messages/{message_id}/outcome", response_model=OutreachMessageOut)
def resolve_outcome(
    dispatcher: DispatcherDep,
    runtime: RuntimeDep,
    caller: CallerDep,
    message_id: uuid.UUID,
    body: OutcomeIn,
) -> OutreachMessageOut:
    """A message whose send was interrupted (status note "outcome unknown"): mark it sent,
    or send it again. 409 for any other message."""
    return _decide_then_show(
        runtime,
        dispatcher,
        caller,
        message_id,
        lambda session: unknown_outcome.resolve(session, caller, message_id, body.outcome),
    )


def _decide_then_show(
    runtime: Runtime,
    dispatcher: Dispatcher,
    caller: Caller,
    message_id: uuid.UUID,
    decide: Callable[[Session], list[uuid.UUID]],
) -> OutreachMessageOut:
    """Commit a decision on one message, wake the sender for what it made due, then show
    the message as it stands (sent already, with the inline dispatcher)."""
    with transaction(runtime.sessions, org_id=caller.org.id) as session:
        due = decide(session)
        if due:
            after_commit(session, lambda: dispatcher.outreach_ready(due))
    with transaction(runtime.sessions, org_id=caller.org.id) as session:
        return service.out(session, service.owned_message(session, caller, message_id))


@router.get("/outreach/outbox", response_model=OutboxPage)
def outbox(
    request: Request,
    session: SessionDep,
    caller: CallerDep,
    project_id: uuid.UUID | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> OutboxPage:
    rows = repo.outbox(session, caller.recruiter.id, project_id, limit)
    configured = request.app.state.runtime.settings.smtp_url is not None
    return OutboxPage(
        items=[service.out(session, m) for m in rows],
        not_sent_note=None
        if configured
        else "No mail server is configured (SCOUT_SMTP_URL): nothing here has been sent.",
    )


@router.get("/projects/{project_id}/candidates/{candidate_id}/thread", response_model=ThreadOut)
def thread(
    session: SessionDep, caller: CallerDep, project_id: uuid.UUID, candidate_id: uuid.UUID
) -> ThreadOut:
    project = projects.get_owned(session, caller, project_id)
    found = session.scalar(
        select(OutreachThread).where(
            OutreachThread.project_id == project.id, OutreachThread.candidate_id == candidate_id
        )
    )
    if found is None:
        raise NotFound("thread (no message to this candidate yet)")
    items = [
        ThreadItem(direction="out", at=m.sent_at or m.created_at,
                   message=service.to_out(m, candidate_id))
        for m in repo.messages_of_thread(session, found.id)
    ] + [
        ThreadItem(direction="in", at=r.created_at, reply=replies_service.to_out(r))
        for r in repo.replies_of_thread(session, found.id)
    ]  # fmt: skip
    items.sort(key=lambda i: i.at)
    return ThreadOut(
        id=found.id,
        project_id=found.project_id,
        candidate_id=found.candidate_id,
        status=found.status,
        stop_reason=found.stop_reason,
        items=items,
    )


@router.post("/outreach/threads/{thread_id}/stop", status_code=204)
def stop(session: SessionDep, caller: CallerDep, thread_id: uuid.UUID) -> None:
    found = session.get(OutreachThread, thread_id)
    if found is None or found.recruiter_id != caller.recruiter.id:
        raise NotFound("thread")
    service.stop_thread(session, found, service.ThreadStatus.STOPPED, "stopped by the recruiter")


# -- FAQ --------------------------------------------------------------------------------------


@router.get("/projects/{project_id}/faq", response_model=list[FaqOut])
def list_faq(
    session: SessionDep, caller: CallerDep, project_id: uuid.UUID, status: str | None = None
) -> list[FaqOut]:
    return faq.entries(session, projects.get_owned(session, caller, project_id), status)


@router.post("/projects/{project_id}/faq", response_model=FaqOut, status_code=201)
def add_faq(session: SessionDep, caller: CallerDep, project_id: uuid.UUID, body: FaqIn) -> FaqOut:
    return faq.create(session, projects.get_owned(session, caller, project_id), body)


@router.patch("/projects/{project_id}/faq/{faq_id}", response_model=FaqOut)
def edit_faq(
    session: SessionDep, caller: CallerDep, project_id: uuid.UUID, faq_id: uuid.UUID, body: FaqEdit
) -> FaqOut:
    return faq.update(session, projects.get_owned(session, caller, project_id), faq_id, body)


@router.delete("/projects/{project_id}/faq/{faq_id}", status_code=204)
def delete_faq(
    session: SessionDep, caller: CallerDep, project_id: uuid.UUID, faq_id: uuid.UUID
) -> None:
    faq.delete(session, projects.get_owned(session, caller, project_id), faq_id)


# -- inbound ----------------------------------------------------------------------------------


@router.post(
    "/inbound/email",
    response_model=InboundReceipt,
    status_code=202,
    # The body is the raw mail, read by hand: documented so clients send the right type.
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"message/rfc822": {"schema": {"type": "string", "format": "binary"}}},
        }
    },
)
async def inbound_email(
    request: Request, dispatcher: DispatcherDep, runtime: RuntimeDep, caller: CallerDep
) -> InboundReceipt:
    """A raw RFC 822 reply (Content-Type: message/rfc822), for this organization."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "message/rfc822":
        raise AppError("send the raw mail with Content-Type: message/rfc822", status_code=415)
    raw = await request.body()
    if len(raw) > _MAX_RAW:
        raise AppError("the message is larger than 5 MB", status_code=413)
    parsed = parse(raw)
    # The database and an inline dispatcher block: off the event loop.
    return await run_in_threadpool(_ingest, runtime, dispatcher, parsed, caller.org.id)


def _ingest(runtime: Any, dispatcher: Any, parsed: Any, org_id: uuid.UUID) -> InboundReceipt:
    with transaction(runtime.sessions, org_id=org_id) as session:
        receipt = inbound.ingest(session, parsed, org_id)
        if receipt.matched and not receipt.duplicate:
            after_commit(session, lambda: dispatcher.reply_received(receipt.id))
    return receipt


_PAGE = """<!doctype html><meta charset="utf-8"><title>Unsubscribe</title>
<body style="font-family:sans-serif;max-width:32em;margin:4em auto">{}</body>"""


@public.get("/unsubscribe/{token}", response_class=HTMLResponse)
def unsubscribe_page(runtime: RuntimeDep, token: str) -> str:
    # A GET never unsubscribes (link scanners follow links): it offers the button.
    verify(runtime.settings, token)
    return _PAGE.format(
        f'<p>Stop all messages about this role?</p><form method="post" action="{token}">'
        '<button type="submit">Unsubscribe</button></form>'
    )


@public.post("/unsubscribe/{token}", response_class=HTMLResponse)
def unsubscribe(runtime: RuntimeDep, token: str) -> str:
    """RFC 8058 one-click: a POST from the mail client (or the button) unsubscribes."""
    thread_id = verify(runtime.settings, token)
    with transaction(runtime.sessions) as session:
        inbound.unsubscribe(session, thread_id, "link")
    return _PAGE.format("<p>You are unsubscribed. You will not hear from us again.</p>")
