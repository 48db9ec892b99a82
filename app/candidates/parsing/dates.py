"""Dates and date ranges as resumes write them: "Jan 2018 - Present", "June 2014 to May 2015",
"Oct, 2017 to Till Date", "03/2019 – 11/2021", "2016-2018"."""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

_MONTH_KEYS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTHS = {key: number for number, key in enumerate(_MONTH_KEYS, start=1)}
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
_DATE = (
    rf"(?:{_MONTH},?[ \t]*['’]?[ \t]*{_YEAR}"  # Jan 2018, Oct, 2017, Jan '2012
    rf"|(?:0?[1-9]|1[0-2])[/.](?:{_YEAR})"  # 03/2019
    rf"|{_YEAR}[-/](?:0[1-9]|1[0-2])(?!\d)"  # 2019-03
    rf"|{_YEAR})"
)
_PRESENT = r"(?:present|current(?:ly)?|now|today|ongoing|till[ \t]+(?:date|now)|to[ \t]+date|date)"
DATE_RANGE = re.compile(
    rf"(?<![\w/])(?P<start>{_DATE})[ \t]*(?:-|–|—|to|till|until)[ \t]*"
    rf"(?P<end>{_PRESENT}|{_DATE})(?![\w/])",
    re.IGNORECASE,
)
_MONTH_YEAR = re.compile(rf"(?P<m>{_MONTH})\W*(?P<y>{_YEAR})", re.IGNORECASE)
_NUMERIC_MONTH_YEAR = re.compile(rf"(?P<m>\d{{1,2}})[/.](?P<y>{_YEAR})")
_YEAR_MONTH = re.compile(rf"(?P<y>{_YEAR})[-/](?P<m>\d{{2}})")
_PRESENT_WORD = re.compile(_PRESENT, re.IGNORECASE)


class DateRange(NamedTuple):
    start: str  # ISO "2018-01", or "2018" when only the year is known
    end: str  # as start, or "present"
    text: str  # as written


def normalize_date(raw: str) -> str:
    """ISO `YYYY-MM` / `YYYY`, or "present"; `raw` unchanged when it is none of those."""
    raw = raw.strip()
    if _PRESENT_WORD.fullmatch(raw):
        return "present"
    for pattern in (_MONTH_YEAR, _NUMERIC_MONTH_YEAR, _YEAR_MONTH):
        m = pattern.search(raw)
        if m:
            month_text = m.group("m")
            month = _MONTHS.get(month_text[:3].lower()) or int(month_text)
            return f"{m.group('y')}-{month:02d}"
    m = re.search(_YEAR, raw)
    return m.group() if m else raw


def find_date_ranges(text: str) -> list[DateRange]:
    return [
        DateRange(normalize_date(m.group("start")), normalize_date(m.group("end")), m.group())
        for m in DATE_RANGE.finditer(text)
    ]


def _month_index(value: str, today: date, *, is_end: bool) -> int | None:
    """Months since year 0; a bare year counts from January (start) or December (end)."""
    if value == "present":
        return today.year * 12 + today.month - 1
    try:
        if len(value) == 7:
            return int(value[:4]) * 12 + int(value[5:]) - 1
        if len(value) == 4:
            return int(value) * 12 + (11 if is_end else 0)
    except ValueError:
        return None
    return None


def span_months(start: str | None, end: str | None, today: date) -> tuple[int, int] | None:
    """(first month, last month) of a range, or None when either end is unknown or reversed."""
    if not start or not end:
        return None
    first = _month_index(start, today, is_end=False)
    last = _month_index(end, today, is_end=True)
    if first is None or last is None or last < first:
        return None
    return first, min(last, today.year * 12 + today.month - 1)


def total_years(spans: list[tuple[int, int]]) -> float:
    """Years covered by the spans, counting overlapping months (concurrent jobs) once."""
    months = 0
    current_end = -1
    for first, last in sorted(spans):
        if last <= current_end:
            continue
        months += last - max(first, current_end + 1) + 1
        current_end = last
    return round(months / 12, 1)
