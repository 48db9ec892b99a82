"""Talent insights: what the organization's pool holds for a title or skill, plus O*NET's
view of adjacent titles and the usual technology skills (our stand-in economic graph)."""

from __future__ import annotations

import re
import uuid

from sqlalchemy.orm import Session

from app.errors import AppError
from app.insights import repository
from app.insights.schemas import Count, Insights, SkillInfo
from app.taxonomy import get_taxonomy

_WORD = re.compile(r"[a-z0-9]+")


def insights(
    session: Session, org_id: uuid.UUID, *, title: str | None, skill: str | None
) -> Insights:
    title = (title or "").strip() or None
    skill = (skill or "").strip() or None
    if title is None and skill is None:
        raise AppError("give a title or a skill, e.g. ?title=data scientist or ?skill=python")
    taxonomy = get_taxonomy()
    result = Insights(title=title, skill=skill, matching_candidates=0)
    title_q: str | None = None
    codes: list[str] = []
    if title is not None:
        words = _WORD.findall(title.lower())
        if not words:
            raise AppError(f"title {title!r} has no letters or digits to search for")
        # Alphanumeric words only, so this tsquery string cannot be malformed; :A = titles.
        title_q = " & ".join(f"'{w}':A" for w in words)
        match = taxonomy.normalize_title(title)
        if match is not None:
            codes = [match.code]
            result.occupation = match.occupation_title
            result.onet_code = match.code
            result.adjacent_titles = taxonomy.related_titles(match.code, limit=10)
            result.usual_skills = [
                SkillInfo(name=s.name, hot=s.hot, in_demand=s.in_demand)
                for s in taxonomy.usual_skills(match.code, limit=15)
            ]
    skills: list[str] = []
    if skill is not None:
        known = taxonomy.canonical_skill(skill)
        skills = list(dict.fromkeys([skill, *([known.name] if known else [])]))
    agg = repository.pool_aggregates(
        session, org_id, title_tsquery=title_q, codes=codes, skills=skills, skill=skill
    )
    result.matching_candidates = agg["count"]
    result.top_titles = [Count(value=v, count=n) for v, n in agg["titles"]]
    result.top_skills = [Count(value=v, count=n) for v, n in agg["skills"]]
    result.top_locations = [Count(value=v, count=n) for v, n in agg["locations"]]
    result.top_companies = [Count(value=v, count=n) for v, n in agg["companies"]]
    return result
