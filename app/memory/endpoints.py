"""What the assistant remembers about the calling recruiter: listed, and forgotten on
request (one item or everything)."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query

from app.deps import CallerDep, SessionDep
from app.memory import service as memory
from app.memory.schemas import ForgotOut, MemoryPage

router = APIRouter(prefix="/v1", tags=["memory"])


@router.get("/memory", response_model=MemoryPage)
def list_memory(
    session: SessionDep,
    caller: CallerDep,
    kind: Literal["preference", "decision", "history"] | None = None,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> MemoryPage:
    return memory.page(session, caller, kind=kind, cursor=cursor, limit=limit)


@router.delete("/memory/{item_id}", response_model=ForgotOut)
def forget_one(session: SessionDep, caller: CallerDep, item_id: uuid.UUID) -> ForgotOut:
    return memory.forget(session, caller, item_id)


@router.delete("/memory", response_model=ForgotOut)
def forget_everything(session: SessionDep, caller: CallerDep) -> ForgotOut:
    return memory.forget_all(session, caller)
