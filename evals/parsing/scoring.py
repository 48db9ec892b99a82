"""Score one imported profile against its gold, and roll counts up into metrics.

Counts, not rates, are kept per (resume, layout), so any grouping (overall, corpus vs
written, per layout) sums them and divides once: micro-averages, every role or skill weighing
the same wherever it sits.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from evals.parsing.gold import GoldResume, gold_years, gold_years_source
from evals.parsing.matching import (
    ParsedEducation,
    ParsedRole,
    location_matches,
    match_education,
    match_roles,
    normalize_date,
    same_date,
    similar,
    skill_matches,
)

YEARS_TOLERANCE = 1.0


@dataclass
class Counts:
    resumes: int = 0
    read_failures: int = 0
    roles_gold: int = 0
    roles_parsed: int = 0
    roles_matched: int = 0
    start_checked: int = 0
    start_ok: int = 0
    end_checked: int = 0
    end_ok: int = 0
    company_checked: int = 0
    company_ok: int = 0
    years_gold: int = 0
    years_ok: int = 0
    years_parsed: int = 0
    years_source_ok: int = 0
    location_stated: int = 0
    location_ok: int = 0
    location_unstated: int = 0
    location_spurious: int = 0
    education_gold: int = 0
    education_parsed: int = 0
    education_matched: int = 0
    skills_gold: int = 0
    skills_found: int = 0
    skills_parsed: int = 0
    skills_correct: int = 0

    def __iadd__(self, other: Counts) -> Counts:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        return self


@dataclass
class Parsed:
    """What the product stored for one resume (None: the file failed to import)."""

    roles: list[ParsedRole]
    education: list[ParsedEducation]
    skills: list[str]
    location: str | None
    years: float | None
    city: str | None = None  # the gazetteer's reading of the location, where the product has it
    country_code: str | None = None
    years_source: str | None = None


def parsed_from_profile(
    profile: dict[str, Any], location: str | None, years: float | None
) -> Parsed:
    """From a stored candidate's `profile` JSON (the shape `ParsedProfile` dumps)."""
    roles = [
        ParsedRole(
            title=w.get("title"),
            company=w.get("company"),
            start=normalize_date(w.get("start")),
            end=normalize_date(w.get("end")),
        )
        for w in profile.get("work_history") or []
    ]
    education = [
        ParsedEducation(
            degree=e.get("degree"),
            institution=e.get("institution"),
            year=e.get("year"),
            text=e.get("text") or "",
        )
        for e in profile.get("education") or []
    ]
    skills = [s["name"] for s in profile.get("skills") or [] if s.get("name")]
    place = profile.get("place") or {}
    return Parsed(
        roles,
        education,
        skills,
        location,
        years,
        city=place.get("city"),
        country_code=place.get("country_code"),
        years_source=profile.get("years_source"),
    )


def score(gold: GoldResume, parsed: Parsed | None, today: date) -> tuple[Counts, dict[str, Any]]:
    """Counts for one resume in one layout, and what went wrong (for the report)."""
    c = Counts(resumes=1, roles_gold=len(gold.roles), education_gold=len(gold.education))
    c.skills_gold = len(set(gold.skills))
    years = gold_years(gold, today)
    c.years_gold = int(years is not None)
    c.location_stated = int(gold.location is not None)
    c.location_unstated = int(gold.location is None)
    if parsed is None:
        c.read_failures = 1
        return c, {"read_failure": True}

    pairs = match_roles(gold.roles, parsed.roles)
    c.roles_parsed, c.roles_matched = len(parsed.roles), len(pairs)
    wrong_dates = []
    for gi, pi in pairs:
        g, p = gold.roles[gi], parsed.roles[pi]
        if g.start:
            c.start_checked += 1
            c.start_ok += same_date(g.start, p.start)
        if g.end:
            c.end_checked += 1
            c.end_ok += same_date(g.end, p.end)
        if g.company:
            c.company_checked += 1
            c.company_ok += similar(g.company, p.company)
        if (g.start and not same_date(g.start, p.start)) or (g.end and not same_date(g.end, p.end)):
            wrong_dates.append(f"{g.title or g.company}: {g.start}..{g.end} vs {p.start}..{p.end}")

    c.years_parsed = int(parsed.years is not None)
    if years is not None and parsed.years is not None:
        c.years_ok = int(abs(parsed.years - years) <= YEARS_TOLERANCE)
    if years is not None:
        c.years_source_ok = int(parsed.years_source == gold_years_source(gold))

    if gold.location is not None:
        c.location_ok = int(
            location_matches(gold.location, parsed.location, parsed.city, parsed.country_code)
        )
    else:
        c.location_spurious = int(bool(parsed.location and parsed.location.strip()))

    edu_pairs = match_education(gold.education, parsed.education)
    c.education_parsed, c.education_matched = len(parsed.education), len(edu_pairs)

    unique = list(dict.fromkeys(parsed.skills))
    wanted = list(dict.fromkeys(gold.skills))
    correct = [s for s in unique if any(skill_matches(g, s) for g in wanted)]
    found = [g for g in wanted if any(skill_matches(g, s) for s in unique)]
    c.skills_parsed, c.skills_correct, c.skills_found = len(unique), len(correct), len(found)

    matched_g = {gi for gi, _ in pairs}
    matched_p = {pi for _, pi in pairs}
    issues: dict[str, Any] = {
        "missed_roles": [
            f"{r.title} | {r.company} | {r.start}"
            for i, r in enumerate(gold.roles)
            if i not in matched_g
        ],
        "extra_roles": [
            f"{r.title} | {r.company} | {r.start}"
            for i, r in enumerate(parsed.roles)
            if i not in matched_p
        ],
        "wrong_dates": wrong_dates,
        "years": None if years is None or c.years_ok else [years, parsed.years],
        "location": None
        if c.location_ok or (gold.location is None and not c.location_spurious)
        else [gold.location.model_dump() if gold.location else None, parsed.location],
        "junk_skills": [s for s in unique if s not in correct],
        "missed_education": len(gold.education) - len(edu_pairs),
    }
    return c, {k: v for k, v in issues.items() if v}


def _ratio(num: int, den: int) -> float:
    return round(num / den, 4) if den else float("nan")


def _f1(p: float, r: float) -> float:
    if p != p or r != r:  # NaN
        return float("nan")
    return round(2 * p * r / (p + r), 4) if p + r else 0.0


def metrics_of(c: Counts) -> dict[str, float]:
    """Rates from summed counts; NaN where nothing was there to measure (reported as n/a)."""
    roles_p = _ratio(c.roles_matched, c.roles_parsed)
    roles_r = _ratio(c.roles_matched, c.roles_gold)
    edu_p = _ratio(c.education_matched, c.education_parsed)
    edu_r = _ratio(c.education_matched, c.education_gold)
    return {
        "roles.precision": roles_p,
        "roles.recall": roles_r,
        "roles.f1": _f1(roles_p, roles_r),
        "roles.company_accuracy": _ratio(c.company_ok, c.company_checked),
        "dates.start_accuracy": _ratio(c.start_ok, c.start_checked),
        "dates.end_accuracy": _ratio(c.end_ok, c.end_checked),
        "years.within_1": _ratio(c.years_ok, c.years_gold),
        "years.source_accuracy": _ratio(c.years_source_ok, c.years_gold),
        "location.accuracy": _ratio(c.location_ok, c.location_stated),
        "location.spurious_rate": _ratio(c.location_spurious, c.location_unstated),
        "education.precision": edu_p,
        "education.recall": edu_r,
        "education.f1": _f1(edu_p, edu_r),
        "skills.precision": _ratio(c.skills_correct, c.skills_parsed),
        "skills.recall": _ratio(c.skills_found, c.skills_gold),
        "read_failure_rate": _ratio(c.read_failures, c.resumes),
    }
