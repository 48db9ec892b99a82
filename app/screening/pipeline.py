"""The one check every screening call starts with: the candidate is the caller's and in
this project's pipeline."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from app.errors import AppError, NotFound
from app.models import Candidate, Project, ProjectCandidate
from app.orgs.service import Caller
from app.screening import repository


def in_pipeline(
    session: Session, caller: Caller, project: Project, candidate_id: uuid.UUID
) -> ProjectCandidate:
    candidate = session.get(Candidate, candidate_id)
    if candidate is None or candidate.org_id != caller.org.id:
        raise NotFound("candidate")
    row = repository.pipeline_row(session, project.id, candidate_id)
    if row is None:
        raise AppError(
            "this candidate is not in the project: add them first "
            f'(POST /v1/projects/{project.id}/candidates/{candidate_id} {{"action": "add"}})',
            status_code=409,
        )
    return row
