"""Scheduling phone screens: the recruiter's availability and booking links, and the
candidate's side — a signed link, no account — to see open slots, book, move or cancel."""

from __future__ import annotations

import uuid
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query
from fastapi.responses import Response

from app.db import transaction
from app.deps import CallerDep, RuntimeDep, SessionDep
from app.errors import AppError
from app.projects import service as projects
from app.runtime import Runtime
from app.scheduling import calendar, delivery, repository
from app.scheduling import service as scheduling
from app.scheduling.schemas import (
    ZONE_SCHEMA,
    AvailabilityIn,
    AvailabilityOut,
    BookIn,
    BookingOut,
    InviteOut,
    LinkIn,
    LinkOut,
    SlotOut,
    SlotsOut,
    check_zone,
)
from app.scheduling.slots import Interval
from app.web import page_response

router = APIRouter(prefix="/v1", tags=["scheduling"])
public = APIRouter(tags=["booking page"])


@router.get("/scheduling/availability", response_model=AvailabilityOut)
def get_availability(
    runtime: RuntimeDep, session: SessionDep, caller: CallerDep
) -> AvailabilityOut:
    return scheduling.availability_out(session, runtime.settings, caller.recruiter.id)


@router.put("/scheduling/availability", response_model=AvailabilityOut)
def put_availability(
    runtime: RuntimeDep, session: SessionDep, caller: CallerDep, body: AvailabilityIn
) -> AvailabilityOut:
    scheduling.set_availability(session, caller, body)
    return scheduling.availability_out(session, runtime.settings, caller.recruiter.id)


@router.post(
    "/projects/{project_id}/candidates/{candidate_id}/booking-link",
    response_model=LinkOut,
    status_code=201,
)
def booking_link(
    runtime: RuntimeDep,
    session: SessionDep,
    caller: CallerDep,
    project_id: uuid.UUID,
    candidate_id: uuid.UUID,
    body: LinkIn | None = None,
) -> LinkOut:
    """A signed link the candidate opens to book a phone screen (no account needed)."""
    project = projects.get_owned(session, caller, project_id)
    hours = body.expires_in_hours if body else None
    return scheduling.create_link(session, runtime.settings, caller, project, candidate_id, hours)


@router.get("/projects/{project_id}/bookings", response_model=list[BookingOut])
def project_bookings(
    session: SessionDep, caller: CallerDep, project_id: uuid.UUID
) -> list[BookingOut]:
    return scheduling.project_bookings(session, projects.get_owned(session, caller, project_id))


@router.get("/projects/{project_id}/invites", response_model=list[InviteOut])
def project_invites(
    session: SessionDep, caller: CallerDep, project_id: uuid.UUID
) -> list[InviteOut]:
    """Every invite written for this project's screens; `not_sent` means no SMTP is
    configured and the invite was kept here instead ("would send")."""
    return scheduling.project_invites(session, projects.get_owned(session, caller, project_id))


# -- the candidate's side (the token is the only credential) ------------------------------


def _calendar_busy(runtime: Runtime, window: Interval) -> list[Interval]:
    if not calendar.configured(runtime.settings):
        return []
    try:
        return calendar.busy(runtime.settings, window.start, window.end)
    except (calendar.CalendarError, OSError) as exc:
        # Offering times that may be taken would be worse than offering none for a moment.
        raise AppError(
            "the recruiter's calendar cannot be reached just now; try again in a few minutes",
            status_code=503,
        ) from exc


def _open(runtime: Runtime, token: str) -> tuple[scheduling.LinkContext, list[Interval]]:
    with transaction(runtime.sessions) as session:
        ctx = scheduling.open_link(session, runtime.settings, token)
    # Outside any transaction: a slow calendar holds no database connection.
    return ctx, scheduling.free_slots(ctx, _calendar_busy(runtime, ctx.window))


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(check_zone(tz))
    except ValueError as exc:
        raise AppError(str(exc), status_code=422) from exc


@router.get("/booking/{token}", response_model=SlotsOut)
def booking_slots(
    runtime: RuntimeDep,
    token: str,
    tz: Annotated[
        str,
        Query(description="the candidate's IANA time zone", json_schema_extra=ZONE_SCHEMA),
    ] = "UTC",
) -> SlotsOut:
    zone = _zone(tz)
    ctx, free = _open(runtime, token)
    return SlotsOut(
        time_zone=tz,
        recruiter=ctx.recruiter_name,
        role=ctx.project_title,
        slot_minutes=ctx.slot_minutes,
        slots=[SlotOut(start=s.start.astimezone(zone), end=s.end.astimezone(zone)) for s in free],
        booking=ctx.own,
        expires_at=ctx.claims.expires_at,
    )


@router.post("/booking/{token}", response_model=BookingOut)
def book(runtime: RuntimeDep, token: str, body: BookIn) -> BookingOut:
    """Book a slot, or move the booking there (same event, SEQUENCE + 1)."""
    ctx, free = _open(runtime, token)
    with transaction(runtime.sessions) as session:
        booking, invite_ids = scheduling.book(
            session, runtime.settings, ctx, body.start, body.time_zone, body.email, free
        )
        booking_id, changed = booking.id, bool(invite_ids)
    if changed:
        delivery.sync_calendar(runtime.sessions, runtime.settings, ctx, booking_id)
        delivery.send_invites(runtime.sessions, runtime.settings, invite_ids)
    return _booking(runtime, booking_id)


@router.post("/booking/{token}/cancel", response_model=BookingOut)
def cancel(runtime: RuntimeDep, token: str) -> BookingOut:
    with transaction(runtime.sessions) as session:
        ctx = scheduling.open_link(session, runtime.settings, token)
        booking = repository.live_booking(
            session, ctx.project_id, ctx.claims.candidate_id, lock=True
        )
        if booking is None:
            raise AppError("there is no booked screen to cancel", status_code=409)
        invite_ids = scheduling.cancel(session, runtime.settings, booking, ctx)
        booking_id = booking.id
    delivery.sync_calendar(runtime.sessions, runtime.settings, ctx, booking_id)
    delivery.send_invites(runtime.sessions, runtime.settings, invite_ids)
    return _booking(runtime, booking_id)


def _booking(runtime: Runtime, booking_id: uuid.UUID) -> BookingOut:
    with transaction(runtime.sessions) as session:
        return scheduling.booking_out(scheduling.booking_by_id(session, booking_id))


@public.get("/book/{token}", include_in_schema=False)
def booking_page(token: str) -> Response:
    """The candidate's page; it reads the token from its own address and calls the JSON
    endpoints above. Served with the web app's strict headers."""
    return page_response("book.html")
