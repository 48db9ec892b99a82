"""Value types the taxonomy hands out. Frozen, so callers can cache and share them freely."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TechSkill:
    """One O*NET technology skill ("Example"), e.g. `Microsoft Excel`.

    `in_demand` is per occupation in O*NET: inside `Occupation.skills` it is that occupation's
    flag; anywhere else it means "in demand for at least one occupation".
    """

    name: str
    category: str  # the O*NET commodity title, e.g. "Spreadsheet software"
    hot: bool
    in_demand: bool


@dataclass(frozen=True, slots=True)
class Occupation:
    code: str  # O*NET-SOC code, e.g. "15-1252.00"
    title: str  # e.g. "Software Developers"
    description: str
    job_zone: int | None  # 1 (little preparation) .. 5 (extensive); None where O*NET has none
    titles: tuple[str, ...]  # alternate and reported titles, most common first
    skills: tuple[TechSkill, ...]  # hot and in-demand first
    related: tuple[str, ...]  # related occupation codes, most related first
    tasks: tuple[str, ...]  # a few short core task statements


@dataclass(frozen=True, slots=True)
class TitleMatch:
    code: str
    occupation_title: str
    matched_title: str  # the O*NET title (occupation, alternate or reported) that matched
    score: float  # 1.0 for an exact match after normalization, else a 0..1 similarity


@dataclass(frozen=True, slots=True)
class SkillMatch:
    name: str  # canonical O*NET name
    raw: str  # exactly as written: text[start:end] == raw
    start: int
    end: int
    category: str
    hot: bool
    in_demand: bool
