"""What the recruiter did before on similar projects, read from their memory (`app.memory`):
offered as a short, named list of suggestions the recruiter can take, never appended to a
proposal by itself. A memory item the recruiter deleted is no longer offered.

Scoped to the recruiter (memory is read by the project's recruiter only) and to the role
family (the O*NET occupation of the project).
"""

from __future__ import annotations

import re
from typing import Any

from agents.intake.responsible_ai import check_qualification
from agents.memory.capture import remember_search
from agents.schemas import Qualification
from app.memory import service as memory
from app.memory.schemas import Remembered
from app.projects.service import Project
from app.taxonomy import get_taxonomy
from app.unit_of_work import UnitOfWork

MAX_SUGGESTIONS = 5
_YEARS = re.compile(r"\b\d{1,2}\s*\+?\s*(?:years?|yrs?)\b", re.I)

__all__ = ["describe", "past_searches", "remember_search", "suggestions"]


def _key(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9+#]+", text.lower()))


def _by_project(items: list[Remembered], project: Project) -> list[list[Remembered]]:
    """Other projects' items, newest project first, each in its approved order."""
    groups: dict[str, list[Remembered]] = {}
    for item in items:  # newest first
        pid = str(item.source.get("project_id", ""))
        if pid and pid != str(project.id):
            groups.setdefault(pid, []).append(item)
    return [sorted(g, key=lambda i: int(i.data.get("order", 0))) for g in groups.values()]


def suggestions(
    session: UnitOfWork,
    project: Project,
    onet_code: str | None,
    proposal: list[Qualification],
) -> list[dict[str, Any]]:
    """At most a handful, deduplicated against the proposal (same words or same skills)
    and each other; a years line never, since this project states its own."""
    if not onet_code:
        return []
    taxonomy = get_taxonomy()
    have = {_key(q.text) for q in proposal}
    skills = {m.name for q in proposal for m in taxonomy.find_skills(q.text)}
    remembered = memory.recall(
        session, project.recruiter_id, kind="decision", topic="qualification", role_family=onet_code
    )
    out: list[dict[str, Any]] = []
    for group in _by_project(remembered, project):
        for item in group:
            key = _key(item.text)
            mentioned = {m.name for m in taxonomy.find_skills(item.text)}
            if (
                key in have
                or (mentioned and mentioned <= skills)
                or _YEARS.search(item.text)
                or check_qualification(item.text) is not None
            ):
                continue
            have.add(key)
            skills |= mentioned
            out.append(
                {
                    "id": f"m{len(out) + 1}",
                    "text": item.text,
                    "required": False,
                    "evidence_hint": str(item.data.get("evidence_hint") or ""),
                    "from_project_id": str(item.source.get("project_id")),
                    "from_title": str(item.source.get("project_title", "")),
                    "from_label": str(item.source.get("label", "")),
                    "from_memory": True,
                    "memory_id": str(item.id),
                }
            )
            if len(out) >= MAX_SUGGESTIONS:
                return out
    return out


def describe(items: list[dict[str, Any]]) -> str:
    """ "From memory: from your earlier projects you could reuse 3 from 'Java developer,
    May': SQL; Spark; Docker." """
    if not items:
        return ""
    groups: dict[str, list[str]] = {}
    for s in items:
        groups.setdefault(str(s["from_label"]), []).append(str(s["text"]))
    parts = [f"{len(texts)} from '{label}': {'; '.join(texts)}" for label, texts in groups.items()]
    return (
        "From memory: from your earlier projects you could reuse "
        + ", and ".join(parts)
        + ". They are not in the proposal: tick them when you approve, or say "
        '"reuse the suggestions" later.'
    )


def past_searches(
    session: UnitOfWork, project: Project, onet_code: str | None
) -> list[dict[str, Any]]:
    """Earlier Boolean searches of the same role family, from memory, newest first."""
    if not onet_code:
        return []
    return [
        {
            "project_id": str(item.source.get("project_id")),
            "title": str(item.source.get("project_title", "")),
            "boolean": item.text,
            "from_memory": True,
            "memory_id": str(item.id),
        }
        for item in memory.recall(
            session, project.recruiter_id, kind="decision", topic="search", role_family=onet_code
        )
        if str(item.source.get("project_id")) != str(project.id)
    ][:MAX_SUGGESTIONS]
