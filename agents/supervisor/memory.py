"""What the recruiter did before on similar projects: reused as suggestions, never silently.

Scoped to the recruiter: another recruiter's projects are never read here.
"""

from __future__ import annotations

from typing import Any

from agents.schemas import Qualification
from app.projects import service as projects
from app.projects.service import Project
from app.unit_of_work import UnitOfWork


def similar_projects(session: UnitOfWork, project: Project, onet_code: str | None) -> list[Project]:
    if not onet_code:
        return []
    return projects.similar_of_recruiter(session, project, onet_code)


def past_qualifications(
    session: UnitOfWork, project: Project, onet_code: str | None
) -> list[Qualification]:
    out: list[Qualification] = []
    for past in similar_projects(session, project, onet_code):
        qset = projects.approved_qset(session, past.id)
        if qset is not None:
            out += [Qualification.model_validate(q) for q in qset.qualifications]
    return out


def past_searches(
    session: UnitOfWork, project: Project, onet_code: str | None
) -> list[dict[str, Any]]:
    return [
        {"project_id": str(p.id), "title": p.title, "boolean": p.sourcing["boolean"]}
        for p in similar_projects(session, project, onet_code)
        if p.sourcing.get("boolean")
    ]
