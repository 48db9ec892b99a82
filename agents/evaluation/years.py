"""Years of experience as the resume shows them: stated ("8 years of experience"), summed from
dated jobs ("Jan 2018 - Present", overlaps counted once), and per skill where the public
corpus lists it ("Python- Experience - 24 months")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from agents.evaluation.text import CandidateText, Hit
from agents.evaluation.vocab import SKILL_MONTHS, YEARS_CLAIM_FOLDED
from app.candidates.parsing.dates import DATE_RANGE, range_of, span_months, total_years

MAX_YEARS = 50.0
LESS_THAN_A_YEAR = 0.5  # the corpus' "Less than 1 year months"
_DATED_KINDS = frozenset({"experience"})
# Without an experience heading, jobs are found where resumes without headings put them.
_FALLBACK_KINDS = frozenset({"summary", "other", "projects"})


@dataclass(frozen=True, slots=True)
class Claim:
    hit: Hit
    years: float


@dataclass(frozen=True, slots=True)
class SkillYears:
    hit: Hit
    name: str  # the skill as the line names it
    years: float


@dataclass(frozen=True, slots=True)
class Role:
    """A dated job: the line that names it and the months it covers."""

    head: Hit  # the title line ("Data Scientist, Acme" or "Data Scientist at Acme (2019 - ...)")
    title: str  # that line without its dates
    span: tuple[int, int]


@dataclass(slots=True)
class YearsFacts:
    dated_years: float | None = None
    dated_hits: list[Hit] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    skill_years: list[SkillYears] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)

    @property
    def best_claim(self) -> Claim | None:
        return max(self.claims, key=lambda claim: claim.years, default=None)

    @property
    def total(self) -> float | None:
        """The larger of the stated and the dated figure: resumes often list only recent
        jobs, and a stated figure may be out of date; either way the larger is shown."""
        claim = self.best_claim
        values = [v for v in (self.dated_years, claim.years if claim else None) if v is not None]
        return min(max(values), MAX_YEARS) if values else None

    @property
    def skill_floor(self) -> SkillYears | None:
        """The longest time stated for any one skill: total experience is at least that."""
        return max(self.skill_years, key=lambda item: item.years, default=None)

    def total_evidence(self) -> tuple[list[Hit], bool]:
        """Hits that show `total`, and whether they are dates (stronger than a statement)."""
        claim = self.best_claim
        if self.dated_years is not None and (claim is None or self.dated_years >= claim.years):
            return self.dated_hits[:3], True
        return ([claim.hit] if claim else []), False


def years_facts(candidate: CandidateText) -> YearsFacts:
    facts = YearsFacts()
    kinds = _DATED_KINDS if "experience" in candidate.kinds else _FALLBACK_KINDS
    spans: list[tuple[int, int]] = []
    for index, section in enumerate(candidate.sections):
        if section.kind in kinds:
            for m in DATE_RANGE.finditer(section.masked):
                start, end, _ = range_of(m)
                span = span_months(start, end, candidate.today)
                if span is not None:
                    spans.append(span)
                    facts.dated_hits.append(Hit(index, m.start(), m.end()))
                    role = _role(section.masked, index, m, span)
                    if role is not None:
                        facts.roles.append(role)
        if section.kind == "education":
            continue  # "4 years of study" is not work experience
        for m in YEARS_CLAIM_FOLDED.finditer(section.folded):
            value = float(m.group("a") or m.group("b"))
            if 0 < value <= MAX_YEARS:
                facts.claims.append(Claim(Hit(index, m.start(), m.end()), value))
        if "Experience -" in section.masked:
            for m in SKILL_MONTHS.finditer(section.masked):
                months = m.group("months")
                years = int(months) / 12 if months else LESS_THAN_A_YEAR
                name = m.group("name").strip()
                facts.skill_years.append(SkillYears(Hit(index, m.start(), m.end()), name, years))
    if spans:
        facts.dated_years = min(total_years(spans), MAX_YEARS)
    return facts


_EDGE = " \t-–—|,:;()[]•*▪●"
_MIN_TITLE = 3


def _role(text: str, index: int, m: re.Match[str], span: tuple[int, int]) -> Role | None:
    """The job a date range dates: its own line without the dates, or the line above when
    the dated line holds nothing else ("Data Analyst, Acme\nJan 2018 - Present")."""
    start = text.rfind("\n", 0, m.start()) + 1
    end = text.find("\n", m.end())
    end = len(text) if end < 0 else end
    title = " ".join((text[start : m.start()] + " " + text[m.end() : end]).split()).strip(_EDGE)
    if len(title) < _MIN_TITLE and start > 0:
        above_end = start - 1
        above = text.rfind("\n", 0, above_end) + 1
        title = " ".join(text[above:above_end].split()).strip(_EDGE)
        start, end = above, above_end
    if len(title) < _MIN_TITLE:
        return None
    return Role(Hit(index, start, end), title, span)
