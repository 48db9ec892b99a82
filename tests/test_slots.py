"""Open slots: working hours in the recruiter's zone (across a daylight-saving change),
busy times left out, overlapping busy times merged."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from app.scheduling.slots import Interval, candidate_slots, open_slots, valid_hours

BERLIN = ZoneInfo("Europe/Berlin")


def test_hours_stay_wall_clock_across_daylight_saving() -> None:
    hours = {"sat": [["09:00", "10:00"]], "sun": [["09:00", "10:00"]]}
    # Berlin leaves summer time on Sunday 2026-10-25.
    start = datetime(2026, 10, 23, tzinfo=UTC)
    slots = list(candidate_slots(hours, BERLIN, 60, start=start, end=start + timedelta(days=3)))
    assert [s.start.astimezone(BERLIN).hour for s in slots] == [9, 9]
    assert [s.start.hour for s in slots] == [7, 8]  # UTC+2, then UTC+1


def test_busy_times_are_left_out_exactly() -> None:
    hours = {d: [["09:00", "17:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    start = datetime(2026, 12, 7, tzinfo=UTC)
    end = start + timedelta(days=5)
    rng = random.Random(7)
    busy = []
    for _ in range(80):
        at = start + timedelta(minutes=rng.randrange(0, 5 * 24 * 60))
        busy.append(Interval(at, at + timedelta(minutes=rng.randrange(5, 180))))
    got = open_slots(hours, BERLIN, 30, start=start, end=end, busy=busy)
    every = list(candidate_slots(hours, BERLIN, 30, start=start, end=end))
    expected = [s for s in every if not any(s.overlaps(b) for b in busy)]
    assert got == expected and 0 < len(got) < len(every)


def test_bad_hours_are_explained() -> None:
    assert valid_hours({"mon": [["09:00", "17:00"]]}) is None
    assert "unknown day" in (valid_hours({"monday": [["09:00", "17:00"]]}) or "")
    assert "HH:MM" in (valid_hours({"mon": [["9am", "5pm"]]}) or "")
    assert "end after" in (valid_hours({"mon": [["17:00", "09:00"]]}) or "")
