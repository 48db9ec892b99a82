"""Years of experience: from a structured field, the dated roles, or a stated phrase."""

from __future__ import annotations

import re
from datetime import date

from app.candidates.parsing.dates import span_months, total_years
from app.candidates.profile import WorkItem

MAX_YEARS = 50.0

_YEARS_STATEMENT = re.compile(
    r"(?P<a>\d{1,2}(?:\.\d)?)[ \t]*\+?[ \t]*(?:years?|yrs?)['’]?(?:[ \t]+of)?"
    r"(?:[ \t]+[\w-]+){0,4}?[ \t]+experience"
    r"|experience[ \t]+(?:of[ \t]+)?(?:(?:over|more than|around|about|nearly|almost)[ \t]+)?"
    r"(?P<b>\d{1,2}(?:\.\d)?)[ \t]*\+?[ \t]*(?:years?|yrs?)\b",
    re.IGNORECASE,
)
_SKILL_MONTHS = re.compile(r"- Experience - (\d{1,3}) months?")


def _as_years(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        years = float(value)
    elif isinstance(value, str):
        try:
            years = float(value.strip().rstrip("+"))
        except ValueError:
            return None
    else:
        return None
    return min(years, MAX_YEARS) if years >= 0 else None


def years_of_experience(
    field_value: object, text: str, work: list[WorkItem], today: date
) -> tuple[float | None, str | None]:
    """Years of experience and where the figure came from (`ParsedProfile.years_source`).

    A structured field wins ("field"); then the months the dated jobs cover, overlaps counted
    once and "present" as `today` ("history": the dates are what a recruiter would add up;
    a "3+ years FullStack" phrase is often about one skill); then the largest "N years of
    experience" claim ("phrase"); then (public corpus) the longest "Skill - Experience - N
    months" ("phrase"). A history past `MAX_YEARS` is a misread, not a career, so it yields
    to the phrase.
    """
    from_fields = _as_years(field_value)
    if from_fields is not None:
        return from_fields, "field"
    spans = [s for w in work if (s := span_months(w.start, w.end, today)) is not None]
    covered = total_years(spans) if spans else None
    if covered is not None and 0 < covered <= MAX_YEARS:
        return covered, "history"
    claims = [float(m.group("a") or m.group("b")) for m in _YEARS_STATEMENT.finditer(text)]
    claims = [c for c in claims if c <= MAX_YEARS]
    if claims:
        return max(claims), "phrase"
    months = [int(m.group(1)) for m in _SKILL_MONTHS.finditer(text)]
    if months and max(months) / 12 <= MAX_YEARS:
        return round(max(months) / 12, 1), "phrase"
    return None, None
