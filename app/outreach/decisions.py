"""The recruiter's decisions on drafts: one by one (approve, edit-and-approve, reject; a
follow-up goes with its first message) or a whole batch. An approved first message only
becomes due; the sender picks it up after the commit. Services only flush."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from app.approvals import service as approvals
from app.approvals.states import ApprovalKind, ApprovalStatus
from app.errors import AppError, NotFound
from app.models import OutreachMessage
from app.orgs.service import Caller
from app.outreach import repository as repo
from app.outreach.schemas import MessageDecisionIn, MessageEditIn
from app.outreach.states import MessageKind, OutreachStatus


def owned_message(session: Session, caller: Caller, message_id: uuid.UUID) -> OutreachMessage:
    message = session.get(OutreachMessage, message_id)
    if message is None or message.recruiter_id != caller.recruiter.id:
        raise NotFound("outreach message")
    return message


def edit(
    session: Session, caller: Caller, message_id: uuid.UUID, body: MessageEditIn
) -> OutreachMessage:
    message = owned_message(session, caller, message_id)
    if message.status != OutreachStatus.DRAFT:
        raise AppError(
            f"only a draft can be edited; this message is {message.status}", status_code=409
        )
    if body.subject is not None:
        message.subject = body.subject
    if body.body is not None:
        message.body = body.body
    session.flush()
    return message


def decide(
    session: Session, caller: Caller, message_id: uuid.UUID, body: MessageDecisionIn
) -> list[uuid.UUID]:
    """One draft approved, edited-and-approved or rejected (its follow-up goes with it);
    returns the ids now due to send."""
    message = owned_message(session, caller, message_id)
    if message.kind == MessageKind.FOLLOWUP:
        raise AppError(
            "a follow-up is decided with its first message; edit it with PATCH while it is a draft",
            status_code=422,
        )
    if message.status != OutreachStatus.DRAFT:
        raise AppError(
            f"this message was already decided ({message.status}); nothing changed",
            status_code=409,
        )
    if body.decision == "edit":
        edit(session, caller, message_id, MessageEditIn(subject=body.subject, body=body.body))
        message.evidence = [*message.evidence, {"edited_by_recruiter": True}]
    due = _apply(session, message, approve=body.decision != "reject", reason=body.reason)
    _settle_approval(session, caller, message.approval_id, edited=body.decision == "edit")
    return due


def decide_batch(
    session: Session,
    caller: Caller,
    approval_id: uuid.UUID,
    decision: str,
    message_ids: list[uuid.UUID],
    reason: str | None,
) -> list[uuid.UUID]:
    approval = approvals.get_owned(session, caller, approval_id)
    if approval.kind != ApprovalKind.OUTREACH:
        raise AppError("this approval is not a batch of outreach drafts", status_code=422)
    wanted = set(message_ids)
    firsts = [
        m
        for m in repo.messages_of_approval(session, approval_id)
        if m.kind != MessageKind.FOLLOWUP and m.status == OutreachStatus.DRAFT
    ]
    if wanted:
        unknown = wanted - {m.id for m in firsts}
        if unknown:
            raise AppError(
                f"{len(unknown)} of these messages are not undecided drafts of this batch",
                status_code=422,
            )
        firsts = [m for m in firsts if m.id in wanted]
    if not firsts and approval.status != ApprovalStatus.PENDING:
        raise AppError(
            f"this approval was already decided ({approval.status}); nothing changed",
            status_code=409,
        )
    due: list[uuid.UUID] = []
    for message in firsts:
        due += _apply(session, message, approve=decision == "approve", reason=reason)
    _settle_approval(session, caller, approval_id, edited=False)
    return due


def _apply(
    session: Session, message: OutreachMessage, *, approve: bool, reason: str | None
) -> list[uuid.UUID]:
    now = datetime.now(UTC)
    related = [
        m
        for m in repo.messages_of_thread(session, message.thread_id)
        if m.approval_id == message.approval_id and m.status == OutreachStatus.DRAFT
    ]
    for m in related:
        m.status = OutreachStatus.APPROVED if approve else OutreachStatus.REJECTED
        if not approve:
            m.last_error = reason
        # The first is due now; a follow-up only once the first has gone (see sending).
        m.due_at = now if approve and m.kind != MessageKind.FOLLOWUP else None
    session.flush()
    return [m.id for m in related if approve and m.kind != MessageKind.FOLLOWUP]


def _settle_approval(
    session: Session, caller: Caller, approval_id: uuid.UUID | None, *, edited: bool
) -> None:
    """Once every draft of a batch is decided, the approval is too. It is marked applied at
    once: no thread waits on it (a batch may take days; the project's chat goes on)."""
    if approval_id is None:
        return
    approval = approvals.get_owned(session, caller, approval_id)
    messages = [m for m in repo.messages_of_approval(session, approval_id) if m.step == 0]
    if any(m.status == OutreachStatus.DRAFT for m in messages) or approval.status != "pending":
        return
    rejected = all(m.status == OutreachStatus.REJECTED for m in messages)
    now = datetime.now(UTC)
    approval.status = (
        ApprovalStatus.REJECTED
        if rejected
        else (ApprovalStatus.EDITED if edited else ApprovalStatus.APPROVED)
    )
    approval.decision = {"decision": "reject" if rejected else "approve", "per_message": True}
    approval.decided_at = now
    approval.applied_at = now


def decide_whole_batch(
    session: Session, caller: Caller, approval_id: uuid.UUID, body: Any
) -> list[uuid.UUID]:
    """`POST /v1/approvals/{id}` on a batch: approve or reject all its undecided drafts."""
    if body.decision == "edit":
        raise AppError(
            "edit drafts one at a time (PATCH /v1/outreach/messages/{id}), then approve",
            status_code=422,
        )
    return decide_batch(session, caller, approval_id, body.decision, [], body.reason)
