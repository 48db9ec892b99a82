"""Approvals: what only the recruiter decides, listed and decided."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from app.approvals import service as approvals
from app.approvals.schemas import ApprovalOut, ApprovalPage, DecisionIn
from app.approvals.states import ApprovalKind
from app.db import after_commit, transaction
from app.deps import CallerDep, DispatcherDep, RuntimeDep, SessionDep
from app.hygiene import CleanStr
from app.idempotency.middleware import IdempotencyKeyHeader
from app.openapi_errors import COMMON, error_responses
from app.outreach import service as outreach

router = APIRouter(prefix="/v1", tags=["assistant"], responses=error_responses(*COMMON, 400, 404))


@router.get("/approvals", response_model=ApprovalPage)
def list_approvals(
    session: SessionDep,
    caller: CallerDep,
    status: Annotated[CleanStr | None, Query(max_length=50)] = "pending",
    cursor: Annotated[CleanStr | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> ApprovalPage:
    return approvals.page(session, caller, status=status or None, cursor=cursor, limit=limit)


@router.post(
    "/approvals/{approval_id}",
    response_model=ApprovalOut,
    dependencies=[Depends(IdempotencyKeyHeader)],
    responses=error_responses(409),
)
def decide_approval(
    dispatcher: DispatcherDep,
    runtime: RuntimeDep,
    caller: CallerDep,
    approval_id: uuid.UUID,
    body: DecisionIn,
) -> ApprovalOut:
    with transaction(runtime.sessions, org_id=caller.org.id) as session:
        if approvals.get_owned(session, caller, approval_id).kind == ApprovalKind.OUTREACH:
            # A batch of drafts: every undecided draft at once (edit them one by one).
            due = outreach.decide_whole_batch(session, caller, approval_id, body)
            after_commit(session, lambda: dispatcher.outreach_ready(due))
        else:
            approvals.decide(session, caller, approval_id, body)
            after_commit(session, lambda: dispatcher.approval_decided(approval_id))
    with transaction(runtime.sessions, org_id=caller.org.id) as session:
        return approvals.to_out(approvals.get_owned(session, caller, approval_id))
