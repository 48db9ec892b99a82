"""What a recruiter did before on similar projects (all SQL here).

Scoped to the recruiter: another recruiter's projects, even in the same organization, are
never read.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Project, QualificationSet


def similar_projects(
    session: Session, project: Project, onet_code: str | None, *, limit: int = 5
) -> list[Project]:
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
            .limit(limit)
        )
    )


def approved_qualifications(session: Session, project: Project) -> list[dict[str, Any]]:
    """The latest approved qualification set of one project ([] when never approved)."""
    qset = session.scalar(
        select(QualificationSet)
        .where(QualificationSet.project_id == project.id, QualificationSet.status == "approved")
        .order_by(QualificationSet.version.desc())
        .limit(1)
    )
    return list(qset.qualifications) if qset is not None else []
