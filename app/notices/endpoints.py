"""Notices the recruiter dismissed ("N new candidates ready"): stored, so a dismissal on
one device holds on all of them, live."""

from __future__ import annotations

from fastapi import APIRouter

from app.deps import CallerDep, SessionDep
from app.notices import service as notices
from app.notices.schemas import DismissedOut, DismissIn

router = APIRouter(prefix="/v1/notices", tags=["notices"])


@router.get("/dismissed", response_model=DismissedOut)
def dismissed(session: SessionDep, caller: CallerDep) -> DismissedOut:
    return DismissedOut(message_ids=notices.dismissed(session, caller))


@router.post("/dismissed", response_model=DismissedOut)
def dismiss(session: SessionDep, caller: CallerDep, body: DismissIn) -> DismissedOut:
    """Dismiss notices; ids that are not messages to the caller are ignored."""
    return DismissedOut(message_ids=notices.dismiss(session, caller, body.message_ids))
