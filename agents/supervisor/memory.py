"""What the recruiter did before on similar projects: reused as suggestions, never silently.

Scoped to the recruiter: another recruiter's projects are never read here.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from agents.schemas import Qualification
from app.models import Project, QualificationSet


def similar_projects(session: Session, project: Project, onet_code: str | None) -> list[Project]:
    if not onet_code:
        return []
    return list(
        session.scalars(
            select(Project)
            .where(
                Project.recruiter_id == project.recruiter_id,
                Project.id != project.id,
                Project.spec["onet_code"].astext == onet_code,
            )
            .order_by(Project.created_at.desc())
            .limit(5)
        )
    )


def past_qualifications(
    session: Session, project: Project, onet_code: str | None
) -> list[Qualification]:
    out: list[Qualification] = []
    for past in similar_projects(session, project, onet_code):
        qset = session.scalar(
            select(QualificationSet)
            .where(QualificationSet.project_id == past.id, QualificationSet.status == "approved")
            .order_by(QualificationSet.version.desc())
            .limit(1)
        )
        if qset is not None:
            out += [Qualification.model_validate(q) for q in qset.qualifications]
    return out


def past_searches(
    session: Session, project: Project, onet_code: str | None
) -> list[dict[str, Any]]:
    return [
        {"project_id": str(p.id), "title": p.title, "boolean": p.sourcing["boolean"]}
        for p in similar_projects(session, project, onet_code)
        if p.sourcing.get("boolean")
    ]
