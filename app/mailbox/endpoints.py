"""The recruiter's mailbox: every message to and from the assistant, in order."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from app.deps import CallerDep, SessionDep
from app.hygiene import CleanStr
from app.mailbox import service as mailbox
from app.mailbox.schemas import MessagePage
from app.openapi_errors import COMMON, error_responses

router = APIRouter(prefix="/v1", tags=["assistant"], responses=error_responses(*COMMON, 400))


@router.get("/mailbox", response_model=MessagePage)
def read_mailbox(
    session: SessionDep,
    caller: CallerDep,
    cursor: Annotated[CleanStr | None, Query(max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    project_id: uuid.UUID | None = None,
) -> MessagePage:
    assistant = mailbox.assistant_for(session, caller.recruiter)
    return mailbox.page(session, assistant, cursor=cursor, limit=limit, project_id=project_id)
