"""Phone screens: the recruiter's availability, signed booking links, open slots in the
candidate's zone, and booking, rescheduling and cancelling one event (one UID).

Every step here runs inside the caller's transaction and only flushes; the network work
(CalDAV, SMTP) is in app.scheduling.delivery, which the boundary runs after the commit.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.config import Settings
from app.errors import AppError, NotFound
from app.events import service as events
from app.models import Candidate, InviteOutbox, Recruiter, ScreenBooking
from app.orgs.service import Caller
from app.pipeline import repository as pipeline_rows
from app.pipeline import service as pipeline
from app.projects import service as projects
from app.projects.states import CandidateStage
from app.scheduling import invites, repository, tokens
from app.scheduling.schemas import (
    DEFAULT_HOURS,
    AvailabilityIn,
    AvailabilityOut,
    BookingOut,
    InviteOut,
    LinkOut,
)
from app.scheduling.slots import Interval, open_slots
from app.signing import app_secret, public_base

# A booking moves the candidate to "screen scheduled" only from an earlier stage: someone
# already screened or submitted stays where the recruiter put them.
_BEFORE_SCREEN = {
    CandidateStage.CALIBRATION,
    CandidateStage.SOURCED,
    CandidateStage.PIPELINE,
    CandidateStage.CONTACTED,
    CandidateStage.REPLIED,
}
# Candidates the recruiter ruled out cannot book (their link stops working).
_CLOSED = {CandidateStage.ARCHIVED, CandidateStage.NOT_A_FIT}


# -- availability -------------------------------------------------------------------------


def availability_out(
    session: Session, settings: Settings, recruiter_id: uuid.UUID
) -> AvailabilityOut:
    row = repository.availability(session, recruiter_id)
    calendar = bool(settings.caldav_url)
    if row is None:
        return AvailabilityOut(
            time_zone="UTC", hours=DEFAULT_HOURS, configured=False, calendar=calendar
        )
    return AvailabilityOut(
        time_zone=row.time_zone,
        hours=row.hours,
        slot_minutes=row.slot_minutes,
        min_notice_hours=row.min_notice_hours,
        horizon_days=row.horizon_days,
        configured=True,
        calendar=calendar,
    )


def set_availability(session: Session, caller: Caller, body: AvailabilityIn) -> None:
    repository.put_availability(
        session,
        recruiter_id=caller.recruiter.id,
        org_id=caller.org.id,
        time_zone=body.time_zone,
        hours=body.hours,
        slot_minutes=body.slot_minutes,
        min_notice_hours=body.min_notice_hours,
        horizon_days=body.horizon_days,
    )


# -- links --------------------------------------------------------------------------------


def create_link(
    session: Session,
    settings: Settings,
    caller: Caller,
    project: projects.Project,
    candidate_id: uuid.UUID,
    hours: int | None,
) -> LinkOut:
    row = pipeline_rows.rows_for(session, project.id, [candidate_id], lock=False).get(candidate_id)
    if row is None or row.org_id != caller.org.id:
        raise NotFound("candidate in this project")
    if row.stage in _CLOSED:
        raise AppError(
            f"this candidate is {row.stage}; restore them before booking a screen", status_code=409
        )
    expires = datetime.now(UTC) + timedelta(hours=hours or settings.booking_link_hours)
    token = tokens.sign(
        app_secret(settings),
        tokens.LinkClaims(project_id=project.id, candidate_id=candidate_id, expires_at=expires),
    )
    base = public_base(settings)
    return LinkOut(
        token=token, url=f"{base}/book/{token}", expires_at=expires.replace(microsecond=0)
    )


# -- the public side ----------------------------------------------------------------------


@dataclass(frozen=True)
class LinkContext:
    """What a valid link opens: read in one short transaction, used after it."""

    claims: tokens.LinkClaims
    project_id: uuid.UUID
    project_title: str
    org_id: uuid.UUID
    recruiter_id: uuid.UUID
    recruiter_email: str
    recruiter_name: str
    candidate_emails: tuple[str, ...]
    stage: str
    zone: ZoneInfo
    hours: dict[str, list[list[str]]]
    slot_minutes: int
    window: Interval
    booked: tuple[Interval, ...]  # the recruiter's live bookings in the window
    own: BookingOut | None  # this candidate's live booking


def open_link(session: Session, settings: Settings, token: str) -> LinkContext:
    claims = tokens.verify(app_secret(settings), token)
    project = projects.find(session, claims.project_id)
    row = (
        pipeline_rows.rows_for(session, claims.project_id, [claims.candidate_id], lock=False).get(
            claims.candidate_id
        )
        if project
        else None
    )
    if project is None or row is None or row.stage in _CLOSED:
        raise AppError("this booking link is no longer open; ask the recruiter", status_code=410)
    recruiter = session.get(Recruiter, project.recruiter_id)
    candidate = session.get(Candidate, claims.candidate_id)
    assert recruiter is not None and candidate is not None
    avail = availability_out(session, settings, recruiter.id)
    now = datetime.now(UTC)
    row_avail = repository.availability(session, recruiter.id)
    notice = timedelta(hours=row_avail.min_notice_hours if row_avail else 12)
    horizon = timedelta(days=row_avail.horizon_days if row_avail else 14)
    window = Interval(now + notice, now + horizon)
    booked = tuple(
        Interval(b.starts_at, b.ends_at)
        for b in repository.booked_between(session, recruiter.id, window.start, window.end)
    )
    own = repository.live_booking(session, claims.project_id, claims.candidate_id)
    return LinkContext(
        claims=claims,
        project_id=project.id,
        project_title=project.title,
        org_id=project.org_id,
        recruiter_id=recruiter.id,
        recruiter_email=recruiter.email,
        recruiter_name=recruiter.name or recruiter.email,
        candidate_emails=tuple(candidate.emails or ()),
        stage=row.stage,
        zone=ZoneInfo(avail.time_zone),
        hours=avail.hours,
        slot_minutes=avail.slot_minutes,
        window=window,
        booked=booked,
        own=booking_out(own) if own else None,
    )


def free_slots(ctx: LinkContext, calendar_busy: list[Interval]) -> list[Interval]:
    return open_slots(
        ctx.hours,
        ctx.zone,
        ctx.slot_minutes,
        start=ctx.window.start,
        end=ctx.window.end,
        busy=[*ctx.booked, *calendar_busy],
    )


def book(
    session: Session,
    settings: Settings,
    ctx: LinkContext,
    start: datetime,
    candidate_zone: str,
    email: str | None,
    offered: list[Interval],
) -> tuple[ScreenBooking, list[uuid.UUID]]:
    """Book (or move the live booking to) `start`; returns the booking and the invites to
    deliver after the commit. The chosen time must be one just offered, and the unique
    index refuses a slot someone else took in the meantime."""
    start = start.astimezone(UTC)
    booking = repository.live_booking(session, ctx.project_id, ctx.claims.candidate_id, lock=True)
    if booking is not None and booking.starts_at == start:
        return booking, []  # a retried request: nothing changes, nothing is sent twice
    slot = next((s for s in offered if s.start == start), None)
    if slot is None:
        raise AppError("that time is not free any more; pick another slot", status_code=409)
    address = email or (ctx.candidate_emails[0] if ctx.candidate_emails else None)
    if not address:
        raise AppError("enter an email address for the invitation", status_code=422)
    if booking is None:
        booking = ScreenBooking(
            org_id=ctx.org_id,
            recruiter_id=ctx.recruiter_id,
            project_id=ctx.project_id,
            candidate_id=ctx.claims.candidate_id,
            uid=f"{uuid.uuid4()}@scout",
            sequence=0,
            status=repository.LIVE,
        )
        session.add(booking)
    else:
        booking.sequence += 1
        booking.updated_at = datetime.now(UTC)
    booking.starts_at, booking.ends_at = slot.start, slot.end
    booking.candidate_time_zone, booking.candidate_email = candidate_zone, address
    booking.calendar_status = "pending" if settings.caldav_url else "not_configured"
    try:
        session.flush()
    except IntegrityError as exc:
        raise AppError(
            "that time was just booked by someone else; pick another slot", status_code=409
        ) from exc
    if ctx.stage in _BEFORE_SCREEN:
        pipeline.move(
            session,
            projects.get(session, ctx.project_id),
            ctx.claims.candidate_id,
            CandidateStage.SCREEN_SCHEDULED,
            reason="the candidate booked a phone screen",
            actor="candidate",
        )
    return booking, _queue_invites(session, settings, ctx, booking)


def cancel(
    session: Session, settings: Settings, booking: ScreenBooking, ctx: LinkContext
) -> list[uuid.UUID]:
    booking.status = repository.CANCELLED
    booking.sequence += 1
    booking.updated_at = datetime.now(UTC)
    booking.calendar_status = "pending" if settings.caldav_url else "not_configured"
    session.flush()
    return _queue_invites(session, settings, ctx, booking)


def screen_of(ctx: LinkContext, booking: ScreenBooking, attendee: str | None) -> invites.Screen:
    return invites.Screen(
        uid=booking.uid,
        sequence=booking.sequence,
        starts_at=booking.starts_at,
        ends_at=booking.ends_at,
        summary=f"Phone screen: {ctx.project_title}",
        description=f"A phone screen with {ctx.recruiter_name} about {ctx.project_title}.",
        organizer_email=ctx.recruiter_email,
        organizer_name=ctx.recruiter_name,
        attendee_email=attendee,
        cancelled=booking.status == repository.CANCELLED,
    )


def _queue_invites(
    session: Session, settings: Settings, ctx: LinkContext, booking: ScreenBooking
) -> list[uuid.UUID]:
    method = "CANCEL" if booking.status == repository.CANCELLED else "REQUEST"
    verb = "Cancelled" if method == "CANCEL" else ("Updated" if booking.sequence else "Invitation")
    screen = screen_of(ctx, booking, booking.candidate_email)
    copies = [
        (booking.candidate_email, ZoneInfo(booking.candidate_time_zone)),
        (ctx.recruiter_email, ctx.zone),
    ]
    ids = []
    for to, zone in copies:
        if not to:
            continue
        row = InviteOutbox(
            org_id=ctx.org_id,
            booking_id=booking.id,
            to_address=to,
            subject=f"{verb}: {screen.summary}",
            method=method,
            sequence=booking.sequence,
            ics=invites.ics(screen, zone, method=method),
            status="pending" if settings.smtp_url else "not_sent",
        )
        session.add(row)
        session.flush()
        ids.append(row.id)
    events.publish(
        session,
        recruiter_id=ctx.recruiter_id,
        org_id=ctx.org_id,
        kind="booking.changed",
        data={
            "project_id": str(ctx.project_id),
            "candidate_id": str(booking.candidate_id),
            "status": booking.status,
            "starts_at": booking.starts_at.isoformat(),
        },
    )
    return ids


# -- the recruiter's views ----------------------------------------------------------------


def booking_out(b: ScreenBooking) -> BookingOut:
    return BookingOut.model_validate(b, from_attributes=True)


def project_bookings(session: Session, project: projects.Project) -> list[BookingOut]:
    return [booking_out(b) for b in repository.of_project(session, project.id)]


def project_invites(session: Session, project: projects.Project) -> list[InviteOut]:
    ids = [b.id for b in repository.of_project(session, project.id)]
    return [
        InviteOut.model_validate(i, from_attributes=True)
        for i in repository.invites_of(session, ids)
    ]


def booking_by_id(session: Session, booking_id: uuid.UUID) -> ScreenBooking:
    row = session.get(ScreenBooking, booking_id)
    if row is None:
        raise NotFound("booking")
    return row
