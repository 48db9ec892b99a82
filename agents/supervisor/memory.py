"""What the recruiter did before on similar projects: offered as a short, named list of
suggestions the recruiter can take, never appended to a proposal by itself.

Scoped to the recruiter (the service reads only their projects).
"""

from __future__ import annotations

import re
from typing import Any

from agents.intake.responsible_ai import check_qualification
from agents.schemas import Qualification
from app.projects import service as projects
from app.projects.service import Project
from app.taxonomy import get_taxonomy
from app.unit_of_work import UnitOfWork

MAX_SUGGESTIONS = 5
_YEARS = re.compile(r"\b\d{1,2}\s*\+?\s*(?:years?|yrs?)\b", re.I)


def _key(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9+#]+", text.lower()))


def _label(project: Project) -> str:
    """ "Java developer, May": how a recruiter remembers a project."""
    return f"{project.title}, {project.created_at:%b}" if project.created_at else project.title


def suggestions(
    session: UnitOfWork,
    project: Project,
    onet_code: str | None,
    proposal: list[Qualification],
) -> list[dict[str, Any]]:
    """At most a handful, deduplicated against the proposal (same words or same skills)
    and each other; a years line never, since this project states its own."""
    taxonomy = get_taxonomy()
    have = {_key(q.text) for q in proposal}
    skills = {m.name for q in proposal for m in taxonomy.find_skills(q.text)}
    out: list[dict[str, Any]] = []
    for past in similar_projects(session, project, onet_code):
        qset = projects.approved_qset(session, past.id)
        for raw in qset.qualifications if qset is not None else []:
            q = Qualification.model_validate(raw)
            key = _key(q.text)
            mentioned = {m.name for m in taxonomy.find_skills(q.text)}
            if (
                key in have
                or (mentioned and mentioned <= skills)
                or _YEARS.search(q.text)
                or check_qualification(q.text) is not None
            ):
                continue
            have.add(key)
            skills |= mentioned
            out.append(
                {
                    "id": f"m{len(out) + 1}",
                    "text": q.text,
                    "required": False,
                    "evidence_hint": q.evidence_hint,
                    "from_project_id": str(past.id),
                    "from_title": past.title,
                    "from_label": _label(past),
                }
            )
            if len(out) >= MAX_SUGGESTIONS:
                return out
    return out


def similar_projects(session: UnitOfWork, project: Project, onet_code: str | None) -> list[Project]:
    if not onet_code:
        return []
    return projects.similar_of_recruiter(session, project, onet_code)


def describe(items: list[dict[str, Any]]) -> str:
    """ "You could reuse 3 from 'Java developer, May': SQL; Spark; Docker." """
    if not items:
        return ""
    groups: dict[str, list[str]] = {}
    for s in items:
        groups.setdefault(str(s["from_label"]), []).append(str(s["text"]))
    parts = [f"{len(texts)} from '{label}': {'; '.join(texts)}" for label, texts in groups.items()]
    return (
        "From your earlier projects you could reuse "
        + ", and ".join(parts)
        + ". They are not in the proposal: tick them when you approve, or say "
        '"reuse the suggestions" later.'
    )


def past_searches(
    session: UnitOfWork, project: Project, onet_code: str | None
) -> list[dict[str, Any]]:
    return [
        {"project_id": str(p.id), "title": p.title, "boolean": boolean}
        for p in similar_projects(session, project, onet_code)
        if (boolean := projects.sourcing_of(p).boolean)
    ]
