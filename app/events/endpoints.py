"""GET /v1/events (server-sent events) and GET /v1/events/recent (the same log as JSON)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.deps import RuntimeDep
from app.errors import AppError
from app.events import service
from app.events.hub import EventHub
from app.events.schemas import EventOut, EventPage
from app.events.stream import event_frames
from app.hygiene import MAX_BIGINT, CleanStr
from app.openapi_errors import COMMON, error_responses
from app.orgs.service import authenticate

router = APIRouter(prefix="/v1/events", tags=["events"], responses=error_responses(*COMMON))

_bearer = HTTPBearer(auto_error=False)


@dataclass(frozen=True)
class Listener:
    recruiter_id: uuid.UUID
    org_id: uuid.UUID


def get_listener(
    runtime: RuntimeDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    access_token: Annotated[
        CleanStr | None,
        Query(description="For EventSource, which cannot send an Authorization header."),
    ] = None,
) -> Listener:
    """Like CallerDep, plus `?access_token=`; and its session closes before the stream
    starts, so an open stream holds no database connection."""
    token = credentials.credentials if credentials is not None else access_token
    if not token:
        raise AppError(
            "missing token: send `Authorization: Bearer <token>` or `?access_token=<token>`",
            status_code=401,
        )
    with runtime.sessions() as session:
        caller = authenticate(session, token)
    if caller is None:
        raise AppError("invalid or revoked token", status_code=401)
    return Listener(recruiter_id=caller.recruiter.id, org_id=caller.org.id)


ListenerDep = Annotated[Listener, Depends(get_listener)]


def get_last_event_id(
    header: Annotated[CleanStr | None, Header(alias="Last-Event-ID", max_length=40)] = None,
    last_event_id: Annotated[CleanStr | None, Query(max_length=40)] = None,
) -> int | None:
    # The header wins: EventSource reconnects to the same URL (with its original query)
    # and sends the id it really got last in the header.
    raw = header if header not in (None, "") else last_event_id
    if raw in (None, ""):
        return None
    try:
        value = int(raw)
    except ValueError as exc:
        raise AppError(
            f"invalid Last-Event-ID {raw!r}: send back the id of the last event received",
            status_code=422,
        ) from exc
    if value > MAX_BIGINT:
        # Checked before the stream starts: past this, the answer is a 422, not a cut stream.
        raise AppError(
            f"Last-Event-ID {raw} is out of range (at most {MAX_BIGINT}): send back the id "
            "of the last event received",
            status_code=422,
            field="last_event_id",
        )
    return max(value, 0)


async def get_hub(request: Request, runtime: RuntimeDep) -> EventHub:
    """The app's hub (app.state.events, made in the lifespan); created here on first use if
    the app was built without one. Async so that two first requests cannot both create it."""
    hub: EventHub | None = getattr(request.app.state, "events", None)
    if hub is None:
        hub = EventHub.from_runtime(runtime)
        request.app.state.events = hub
    return hub


@router.get(
    "",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}, "description": "An SSE stream."}},
)
async def stream_events(
    listener: ListenerDep,
    hub: Annotated[EventHub, Depends(get_hub)],
    last_id: Annotated[int | None, Depends(get_last_event_id)],
) -> StreamingResponse:
    """The caller's events as server-sent events: everything after `Last-Event-ID` (or
    `?last_event_id=`) in id order, then live; without one, only what commits from now on."""
    if hub.closed:
        raise AppError("the server is shutting down; reconnect in a moment", status_code=503)
    return StreamingResponse(
        event_frames(hub, listener.recruiter_id, listener.org_id, last_id),
        media_type="text/event-stream",
        # no-transform and X-Accel-Buffering: proxies must not buffer or compress a stream.
        headers={"Cache-Control": "no-cache, no-transform", "X-Accel-Buffering": "no"},
    )


@router.get("/recent", response_model=EventPage)
def recent_events(
    listener: ListenerDep,
    runtime: RuntimeDep,
    after: Annotated[int, Query(ge=0, le=MAX_BIGINT)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> EventPage:
    """The same log as JSON, for clients without SSE: poll with `after=next_after`."""
    with runtime.sessions() as session:
        batch = service.read_after(
            session,
            recruiter_id=listener.recruiter_id,
            org_id=listener.org_id,
            after=after,
            limit=limit,
        )
    items = [
        EventOut(id=e.id, kind=e.kind, data=e.data, created_at=e.created_at) for e in batch.events
    ]
    return EventPage(
        items=items, next_after=items[-1].id if items else after, settled=batch.settled
    )
