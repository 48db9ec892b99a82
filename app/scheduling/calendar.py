"""The recruiter's CalDAV calendar (SCOUT_CALDAV_URL, a calendar collection): busy times
to leave out of the offered slots, and the booked screens written as events.

Network calls, so callers make them outside any database transaction. Events are PUT under
their UID with our own SEQUENCE (the library must not bump it), so writing the same
booking twice leaves one event: a retry is harmless.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, time
from typing import Any

from caldav.davclient import DAVClient
from caldav.lib import error as caldav_error

from app.config import Settings
from app.scheduling.slots import Interval

log = logging.getLogger(__name__)

CalendarError = caldav_error.DAVError


def configured(settings: Settings) -> bool:
    return bool(settings.caldav_url)


def _calendar(settings: Settings) -> Any:
    assert settings.caldav_url
    client = DAVClient(
        url=settings.caldav_url,
        username=settings.caldav_username,
        password=(
            settings.caldav_password.get_secret_value() if settings.caldav_password else None
        ),
        timeout=10,
    )
    return client.calendar(url=settings.caldav_url)  # type: ignore[no-untyped-call]


def _utc(value: datetime | date) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.combine(value, time.min, tzinfo=UTC)  # an all-day event


def busy(settings: Settings, start: datetime, end: datetime) -> list[Interval]:
    """Opaque, not cancelled events overlapping [start, end), recurring ones expanded."""
    found = _calendar(settings).search(start=start, end=end, event=True, expand=True)
    out: list[Interval] = []
    for item in found:
        comp = item.icalendar_component
        if str(comp.get("status", "")).upper() == "CANCELLED":
            continue
        if str(comp.get("transp", "")).upper() == "TRANSPARENT":
            continue
        begin = comp.decoded("dtstart")
        finish = comp.decoded("dtend") if "dtend" in comp else begin
        out.append(Interval(_utc(begin), _utc(finish)))
    return out


def write_event(settings: Settings, ics: str) -> None:
    """Create or replace the event with this UID (the ICS carries it)."""
    _calendar(settings).add_event(ics, increase_seqno=False)


def read_event(settings: Settings, uid: str) -> str:
    """The stored event's iCalendar text (tests and support read it back)."""
    event = _calendar(settings).get_event_by_uid(uid)
    return str(event.data)
