"""Scheduling I/O: availability, booking links, open slots, bookings and sent invites."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import BaseModel, Field, field_validator

from app.scheduling.slots import valid_hours

DEFAULT_HOURS: dict[str, list[list[str]]] = {
    day: [["09:00", "12:00"], ["13:00", "17:00"]] for day in ("mon", "tue", "wed", "thu", "fri")
}


def check_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(
            f"unknown time zone {value!r}: use an IANA name like Europe/Berlin"
        ) from exc
    return value


# An IANA zone name's characters ("America/Argentina/Buenos_Aires", "Etc/GMT+5").
_ZONE = r"^[A-Za-z0-9_+\-/]+$"
# The zones this server knows, listed in the schema so a client (or a fuzzer) can only pick
# one that will be accepted.
ZONES = sorted(available_timezones())
ZONE_SCHEMA: dict[str, Any] = {"enum": ZONES}


class AvailabilityIn(BaseModel):
    time_zone: str = Field(
        min_length=1,
        max_length=64,
        pattern=_ZONE,
        description="IANA name, e.g. Europe/Berlin",
        json_schema_extra=ZONE_SCHEMA,
    )
    hours: dict[str, list[list[str]]] = Field(default_factory=lambda: dict(DEFAULT_HOURS))
    # Strict: a JSON `false` is not 0 hours.
    slot_minutes: int = Field(default=30, ge=10, le=240, strict=True)
    min_notice_hours: int = Field(default=12, ge=0, le=24 * 14, strict=True)
    horizon_days: int = Field(default=14, ge=1, le=90, strict=True)

    _zone = field_validator("time_zone")(check_zone)

    @field_validator("hours")
    @classmethod
    def _hours(cls, value: dict[str, list[list[str]]]) -> dict[str, list[list[str]]]:
        problem = valid_hours(value)
        if problem:
            raise ValueError(problem)
        return value


class AvailabilityOut(AvailabilityIn):
    configured: bool  # False: the defaults, never saved
    calendar: bool  # busy times come from a CalDAV calendar too


class LinkIn(BaseModel):
    expires_in_hours: int | None = Field(default=None, ge=1, le=24 * 30)


class LinkOut(BaseModel):
    token: str
    url: str
    expires_at: datetime


class SlotOut(BaseModel):
    start: datetime  # in the zone asked for
    end: datetime


class BookingOut(BaseModel):
    id: uuid.UUID
    project_id: uuid.UUID
    candidate_id: uuid.UUID
    status: str  # booked | cancelled
    starts_at: datetime
    ends_at: datetime
    candidate_time_zone: str
    uid: str
    sequence: int
    calendar_status: str  # not_configured | written | failed
    calendar_error: str | None = None


class SlotsOut(BaseModel):
    time_zone: str
    recruiter: str
    role: str
    slot_minutes: int
    slots: list[SlotOut]
    booking: BookingOut | None  # the live booking, if any: the page offers to move it
    expires_at: datetime


class BookIn(BaseModel):
    start: datetime = Field(description="the chosen slot's start, as offered")
    time_zone: str = Field(
        min_length=1, max_length=64, pattern=_ZONE, json_schema_extra=ZONE_SCHEMA
    )
    email: str | None = Field(default=None, max_length=320, pattern=r"^[^@\s]+@[^@\s]+$")

    _zone = field_validator("time_zone")(check_zone)


class InviteOut(BaseModel):
    id: uuid.UUID
    booking_id: uuid.UUID
    to_address: str
    subject: str
    method: str
    sequence: int
    status: str  # not_sent (no SMTP configured: shown as "would send") | pending | sent | failed
    error: str | None
    created_at: datetime
    sent_at: datetime | None
    ics: str
