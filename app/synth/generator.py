"""Synthetic talent pools: realistic, deterministic resumes built from O*NET.

Each profile picks an occupation (weighted toward professional, technology-heavy ones), then
draws job titles from its alternate titles, bullets from its task statements and skills from
its technology skills (hot ones more likely), and renders a plain-text resume with the usual
SUMMARY / EXPERIENCE / EDUCATION / SKILLS headings. All randomness comes from one
`random.Random(seed)`, and "today" is a fixed date, so a seed always yields the same pool.
"""

from __future__ import annotations

import heapq
import itertools
import json
import random
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from app.synth import vocabulary as vocab
from app.taxonomy import Occupation, get_taxonomy

PRESENT = 2025 * 12 + 5  # June 2025, in months since year 0: the pool's fixed "today"
_ZONE_WEIGHT = {1: 0.15, 2: 0.4, 3: 1.0, 4: 1.6, 5: 1.2}
# Titles that already say how senior someone is get no "Senior"/"Junior" prefix.
_RANK_WORDS = frozenset(
    vocab.words(
        """senior junior lead principal chief head director vice president manager supervisor
        officer dean superintendent executive assistant associate staff"""
    )
)
_SCIENCE_GROUPS = frozenset({"15", "17", "19", "29"})  # B.S. rather than B.A.
_UNUSABLE_TITLE_WORDS = frozenset(vocab.words("intern trainee apprentice student volunteer"))
_CAREER_CHANGE_CHANCE = 0.2


@dataclass(frozen=True, slots=True)
class _Plan:
    """An occupation prepared for fast sampling."""

    occupation: Occupation
    titles: tuple[str, ...]
    title_weights: tuple[float, ...]  # cumulative
    skills: tuple[str, ...]
    skill_weights: tuple[float, ...]
    company_kinds: tuple[str, ...]
    fields: tuple[str, ...]


def _usable_title(title: str) -> bool:
    words = title.lower().split()
    return 1 <= len(words) <= 5 and not _UNUSABLE_TITLE_WORDS.intersection(words)


def _plan(occupation: Occupation) -> _Plan | None:
    titles = tuple(title for title in occupation.titles if _usable_title(title))[:15]
    if len(titles) < 2 or len(occupation.tasks) < 2:
        return None  # "All Other" residual occupations have no titles or tasks to draw from
    # Skills earlier in O*NET's order (hot, in demand, widely used) are more typical.
    skill_weights = tuple(
        (1 + 3 * skill.hot + 2 * skill.in_demand) / (1 + rank / 10)
        for rank, skill in enumerate(occupation.skills)
    )
    group = occupation.code[:2]
    return _Plan(
        occupation=occupation,
        titles=titles,
        title_weights=tuple(itertools.accumulate(1 / (1 + rank) for rank in range(len(titles)))),
        skills=tuple(skill.name for skill in occupation.skills),
        skill_weights=skill_weights,
        company_kinds=vocab.COMPANY_KINDS.get(group, vocab.DEFAULT_COMPANY_KINDS),
        fields=vocab.FIELDS.get(group, vocab.DEFAULT_FIELDS),
    )


def _occupation_weight(occupation: Occupation) -> float:
    """A tech/professional-leaning pool that still has nurses, drivers and electricians."""
    zone = _ZONE_WEIGHT.get(occupation.job_zone or 0, 0.3)
    hot = sum(skill.hot for skill in occupation.skills)
    return zone * (0.3 + min(hot, 60) / 5)


@cache
def _plans() -> tuple[tuple[_Plan, ...], tuple[float, ...], dict[str, _Plan]]:
    plans = tuple(plan for plan in map(_plan, get_taxonomy().occupations) if plan is not None)
    weights = tuple(itertools.accumulate(_occupation_weight(plan.occupation) for plan in plans))
    return plans, weights, {plan.occupation.code: plan for plan in plans}


_LOCATIONS = tuple(name for name, _ in vocab.LOCATIONS)
_LOCATION_WEIGHTS = tuple(itertools.accumulate(weight for _, weight in vocab.LOCATIONS))


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _month(index: int) -> str:
    return f"{vocab.MONTHS[index % 12]} {index // 12}"


class _ProfileBuilder:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.plans, self.weights, self.by_code = _plans()

    def build(self, number: int) -> dict[str, object]:
        rng = self.rng
        plan = rng.choices(self.plans, cum_weights=self.weights)[0]
        first, last = rng.choice(vocab.FIRST_NAMES), rng.choice(vocab.LAST_NAMES)
        years = self._years(plan)
        skills = self._skills(plan)
        experience = self._experience(plan, years, skills)
        education = self._education(plan, years)
        current = experience[0]
        headline = self._headline(current, skills)
        summary = self._summary(plan, str(current["title"]), years, skills)
        profile: dict[str, object] = {
            "id": f"synth-{number:06d}",
            "name": f"{first} {last}",
            "email": f"{_ascii(first)}.{_ascii(last)}{rng.randint(1, 99)}@"
            f"{rng.choice(vocab.EMAIL_DOMAINS)}",
            "phone": f"+1-{rng.randint(201, 989)}-555-01{rng.randint(0, 99):02d}",
            "headline": headline,
            "location": rng.choices(_LOCATIONS, cum_weights=_LOCATION_WEIGHTS)[0],
            "years_experience": years,
            "onet_code": plan.occupation.code,  # ground truth for evals; not shown in text
            "summary": summary,
            "experience": experience,
            "education": education,
            "skills": skills,
        }
        profile["text"] = render_text(profile)
        return profile

    def _years(self, plan: _Plan) -> int:
        zone = plan.occupation.job_zone or 2
        low = {5: 2, 4: 1}.get(zone, 0)
        return round(self.rng.triangular(low, 28, 6 + zone))

    def _skills(self, plan: _Plan) -> list[str]:
        if not plan.skills:
            return []
        rng = self.rng
        wanted = min(len(plan.skills), rng.randint(6, 14))
        # Weighted sampling without replacement (Efraimidis-Spirakis): key = u ** (1 / w).
        keyed = ((rng.random() ** (1 / w), i) for i, w in enumerate(plan.skill_weights))
        chosen = sorted(i for _, i in heapq.nlargest(wanted, keyed))
        return [plan.skills[i] for i in chosen]

    def _title(self, plan: _Plan, career_years: float, zone: int) -> str:
        rng = self.rng
        title = rng.choices(plan.titles, cum_weights=plan.title_weights)[0]
        if zone < 3 or _RANK_WORDS.intersection(title.lower().split()):
            return title
        if career_years >= 12 and rng.random() < 0.25:
            return f"{rng.choice(('Lead', 'Principal'))} {title}"
        if career_years >= 6 and rng.random() < 0.55:
            return f"Senior {title}"
        if career_years < 1.5 and rng.random() < 0.3:
            return f"Junior {title}"
        return title

    def _company(self, plan: _Plan) -> str:
        return f"{self.rng.choice(vocab.COMPANY_WORDS)} {self.rng.choice(plan.company_kinds)}"

    def _experience(self, plan: _Plan, years: int, skills: list[str]) -> list[dict[str, object]]:
        rng = self.rng
        total = max(4, years * 12 + rng.randint(0, 11))
        jobs = max(1, min(5, 1 + years // 4 + rng.choice((-1, 0, 0, 1))))
        shares = [rng.uniform(0.6, 1.6) for _ in range(jobs)]
        durations = [max(3, round(total * share / sum(shares))) for share in shares]
        zone = plan.occupation.job_zone or 2
        career_start = PRESENT - total
        items: list[dict[str, object]] = []
        end = PRESENT
        for index, duration in enumerate(durations):  # newest first
            start = end - duration
            source = plan
            oldest = index == jobs - 1
            if oldest and jobs > 1 and rng.random() < _CAREER_CHANGE_CHANCE:
                related = [self.by_code[c] for c in plan.occupation.related if c in self.by_code]
                source = rng.choice(related) if related else plan
            tasks = rng.sample(source.occupation.tasks, min(len(source.occupation.tasks), 3))
            bullets = [f"- {vocab.past_tense(task)}" for task in tasks]
            if index == 0 and skills:
                bullets.append(f"- Tools: {', '.join(rng.sample(skills, min(4, len(skills))))}.")
            items.append(
                {
                    "title": self._title(source, (start - career_start) / 12, zone),
                    "company": self._company(source),
                    "start": _month(start),
                    "end": "Present" if index == 0 else _month(end),
                    "description": "\n".join(bullets),
                }
            )
            end = start - rng.choice((0, 0, 1, 2, 3))  # short gaps between jobs
        return items

    def _education(self, plan: _Plan, years: int) -> list[dict[str, object]]:
        rng = self.rng
        zone = plan.occupation.job_zone or 2
        field = rng.choice(plan.fields)
        place = rng.choice(vocab.SCHOOL_PLACES)
        graduated = PRESENT // 12 - years - rng.randint(0, 2)
        if zone <= 2:
            if rng.random() < 0.6:
                return [_degree("High School Diploma", f"{place} High School", graduated)]
            return [_degree(f"Certificate in {field}", f"{place} Community College", graduated)]
        if zone == 3 and rng.random() < 0.5:
            return [_degree(f"A.S. in {field}", f"{place} Community College", graduated)]
        school = rng.choice((f"University of {place}", f"{place} State University"))
        science = plan.occupation.code[:2] in _SCIENCE_GROUPS
        letters = "B.S." if science else rng.choice(("B.S.", "B.A."))
        bachelor = _degree(f"{letters} in {field}", school, graduated)
        if zone == 5 or (zone == 4 and rng.random() < 0.3):
            advanced = rng.choice(("M.S.", "M.A.", "MBA", "Ph.D.")) if zone == 5 else "M.S."
            degree = advanced if advanced == "MBA" else f"{advanced} in {field}"
            other = rng.choice(vocab.SCHOOL_PLACES)
            master = _degree(degree, f"{other} Institute of Technology", graduated - 2)
            bachelor["year"] = str(graduated - 4)
            return [master, bachelor]
        return [bachelor]

    def _headline(self, current: dict[str, object], skills: list[str]) -> str:
        if skills and self.rng.random() < 0.6:
            return f"{current['title']} | {' · '.join(skills[:3])}"
        return f"{current['title']} at {current['company']}"

    def _summary(self, plan: _Plan, title: str, years: int, skills: list[str]) -> str:
        rng = self.rng
        opening = (
            f"{title} with {years} years of experience."
            if years >= 2
            else f"{title} early in their career, eager to grow."
        )
        focus = vocab.gerund_phrase(rng.choice(plan.occupation.tasks))
        parts = [opening, f"Experienced in {focus}."]
        if len(skills) >= 2:
            parts.append(f"Skilled in {', '.join(skills[:3][:-1])} and {skills[:3][-1]}.")
        return " ".join(parts)


def _degree(degree: str, institution: str, year: int) -> dict[str, object]:
    return {"degree": degree, "institution": institution, "year": str(year)}


def render_text(profile: dict[str, object]) -> str:
    """The plain-text resume: contact block, then SUMMARY, EXPERIENCE, EDUCATION, SKILLS."""
    experience = profile["experience"]
    education = profile["education"]
    skills = profile["skills"]
    assert isinstance(experience, list) and isinstance(education, list)
    assert isinstance(skills, list)
    lines = [
        str(profile["name"]),
        str(profile["headline"]),
        f"{profile['location']} | {profile['email']} | {profile['phone']}",
        "",
        "SUMMARY",
        str(profile["summary"]),
        "",
        "EXPERIENCE",
    ]
    for job in experience:
        lines += [f"{job['title']} — {job['company']}", f"{job['start']} – {job['end']}"]
        lines += [str(job["description"]), ""]
    lines.append("EDUCATION")
    lines += [f"{item['degree']}, {item['institution']}, {item['year']}" for item in education]
    lines += ["", "SKILLS", ", ".join(str(skill) for skill in skills)]
    return "\n".join(lines) + "\n"


def phrases() -> tuple[list[str], list[str]]:
    """(titles, skills): every job title (before a rank word is added) and skill a generated
    profile can carry, whatever the seed and count, so their vectors can be made once."""
    plans = _plans()[0]
    titles = sorted({title for plan in plans for title in plan.titles})
    return titles, sorted({skill for plan in plans for skill in plan.skills})


def generate_profiles(count: int, seed: int = 7) -> Iterator[dict[str, object]]:
    """Yield `count` JSONL-ready profiles; the same seed always yields the same profiles."""
    if count < 0:
        raise ValueError("count must not be negative")
    builder = _ProfileBuilder(random.Random(seed))
    for number in range(1, count + 1):
        yield builder.build(number)


def write_jsonl(path: str | Path, count: int, seed: int = 7) -> int:
    """Write `count` profiles to `path` as JSON Lines; returns the number written."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with target.open("w", encoding="utf-8") as handle:
        for profile in generate_profiles(count, seed):
            handle.write(json.dumps(profile, ensure_ascii=False) + "\n")
            written += 1
    return written
