"""Aggregates over one organization's pool."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session


def pool_aggregates(
    session: Session,
    org_id: uuid.UUID,
    *,
    title_tsquery: str | None,
    codes: list[str],
    skills: list[str],
    skill: str | None,
    limit: int = 10,
) -> dict[str, Any]:
    parts = ["c.org_id = :org_id"]
    params: dict[str, Any] = {"org_id": org_id, "limit": limit}
    if title_tsquery is not None:
        parts.append("(c.search_tsv @@ to_tsquery('english', :title_q) OR c.onet_codes && :codes)")
        params.update(title_q=title_tsquery, codes=codes)
    if skill is not None:
        parts.append("(c.skills && :skills OR c.search_tsv @@ plainto_tsquery('english', :skill))")
        params.update(skills=skills, skill=skill)
    where = " AND ".join(parts)
    matched = f"SELECT * FROM candidates c WHERE {where}"

    def top(expr: str) -> list[tuple[str, int]]:
        rows = session.execute(
            text(
                f"""
                SELECT v, count(*) AS n FROM (SELECT {expr} AS v FROM ({matched}) c) t
                WHERE v IS NOT NULL AND v <> ''
                GROUP BY v ORDER BY n DESC, v LIMIT :limit
                """
            ),
            params,
        ).tuples()
        return [(str(v), int(n)) for v, n in rows]

    count = session.execute(text(f"SELECT count(*) FROM ({matched}) m"), params).scalar_one()
    return {
        "count": int(count),
        "titles": top("c.headline"),
        "skills": top("unnest(c.skills)"),
        "locations": top("c.location"),
        "companies": top("jsonb_array_elements(c.profile->'work_history')->>'company'"),
    }
