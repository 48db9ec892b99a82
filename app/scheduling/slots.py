"""Open slots from weekly working hours, minus busy times: pure functions, no I/O.

Hours are wall-clock times in the recruiter's zone, so a 09:00 start stays 09:00 across a
daylight-saving change; slots are computed in UTC and shown in the candidate's zone.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Interval:
    start: datetime  # aware, UTC
    end: datetime

    def overlaps(self, other: Interval) -> bool:
        return self.start < other.end and other.start < self.end


def parse_hhmm(text: str) -> time:
    hours, minutes = text.split(":")
    if hours == "24" and minutes == "00":
        return time.max
    return time(int(hours), int(minutes))


def _local(day: date, at: time, zone: ZoneInfo) -> datetime:
    # fold=0: in a repeated hour (clocks going back) the first occurrence is meant.
    return datetime.combine(day, at, tzinfo=zone)


def candidate_slots(
    hours: dict[str, list[list[str]]],
    zone: ZoneInfo,
    slot_minutes: int,
    *,
    start: datetime,
    end: datetime,
) -> Iterator[Interval]:
    """Every slot of the working hours between start and end (UTC), in order."""
    step = timedelta(minutes=slot_minutes)
    day = start.astimezone(zone).date()
    last = end.astimezone(zone).date()
    while day <= last:
        for window in hours.get(DAYS[day.weekday()], []):
            w_start = _local(day, parse_hhmm(window[0]), zone).astimezone(UTC)
            w_end = _local(day, parse_hhmm(window[1]), zone).astimezone(UTC)
            at = w_start
            while at + step <= w_end:
                if at >= start and at + step <= end:
                    yield Interval(at, at + step)
                at += step
        day += timedelta(days=1)


def open_slots(
    hours: dict[str, list[list[str]]],
    zone: ZoneInfo,
    slot_minutes: int,
    *,
    start: datetime,
    end: datetime,
    busy: Iterable[Interval],
) -> list[Interval]:
    taken = _merged(busy)
    starts = [b.start for b in taken]

    def free(slot: Interval) -> bool:
        # Merged intervals are disjoint and sorted: only the one starting at or before the
        # slot and the next one can overlap it.
        i = bisect_right(starts, slot.start) - 1
        return not any(0 <= j < len(taken) and slot.overlaps(taken[j]) for j in (i, i + 1))

    return [
        slot
        for slot in candidate_slots(hours, zone, slot_minutes, start=start, end=end)
        if free(slot)
    ]


def _merged(busy: Iterable[Interval]) -> list[Interval]:
    out: list[Interval] = []
    for b in sorted(busy, key=lambda i: i.start):
        if out and b.start <= out[-1].end:
            out[-1] = Interval(out[-1].start, max(out[-1].end, b.end))
        else:
            out.append(b)
    return out


def valid_hours(hours: dict[str, list[list[str]]]) -> str | None:
    """None when the weekly hours are usable, else what is wrong, in words."""
    for day, windows in hours.items():
        if day not in DAYS:
            return f"unknown day {day!r}: use {', '.join(DAYS)}"
        for window in windows:
            if len(window) != 2:
                return f"{day}: each window is [start, end], like ['09:00', '17:00']"
            try:
                begin, finish = parse_hhmm(window[0]), parse_hhmm(window[1])
            except ValueError:
                return f"{day}: times are HH:MM, like 09:00 (got {window})"
            if begin >= finish:
                return f"{day}: a window must end after it starts (got {window})"
    return None
