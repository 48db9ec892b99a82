"""The organization's audit log, newest first."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.audit import service as audit
from app.audit.schemas import AuditPage
from app.deps import CallerDep, SessionDep

router = APIRouter(prefix="/v1", tags=["audit"])

_MAX_ID = 2**63 - 1


@router.get("/audit", response_model=AuditPage)
def list_audit(
    session: SessionDep,
    caller: CallerDep,
    before: Annotated[int | None, Query(ge=1, le=_MAX_ID)] = None,
    action: Annotated[str | None, Query(max_length=64, pattern=r"^[a-z_.]+$")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> AuditPage:
    """Every consequential action in this organization: who, when, what."""
    return audit.page(session, caller, before=before, limit=limit, action=action)
