"""Projects, their versioned qualification sets, pipelines and evaluations (all SQL here)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from app.audit import service as audit
from app.errors import AppError, NotFound
from app.events import service as events
from app.models import Candidate, Evaluation, ProjectCandidate

# Re-exported: agents hold a project as an opaque handle they pass back to services.
from app.models import Project as Project
from app.models import QualificationSet as QualificationSet
from app.orgs.service import Caller
from app.pagination import parse_offset
from app.pipeline import repository as stage_history
from app.projects import listing

# Re-exported: agents read and write plan/sourcing through the service.
from app.projects.plan import plan_of as plan_of
from app.projects.plan import sourcing_of as sourcing_of
from app.projects.plan import update_plan as update_plan
from app.projects.plan import update_sourcing as update_sourcing
from app.projects.schemas import (
    CandidateActionIn,
    CandidateListScope,
    LLMUsageOut,
    ProjectOut,
    ProjectPage,
    ProjectSummary,
    RankedPage,
    ReadySummary,
)
from app.projects.states import CandidateStage, ProjectMode, QualificationSetStatus
from app.usage import service as usage


def create(session: Session, caller: Caller, text: str) -> Project:
    first_line = " ".join(text.strip().split())[:80] or "New project"
    project = Project(
        org_id=caller.org.id, recruiter_id=caller.recruiter.id, request=text, title=first_line
    )
    session.add(project)
    session.flush()
    return project


def get_owned(session: Session, caller: Caller, project_id: uuid.UUID) -> Project:
    """A recruiter sees only their own projects; others' look exactly like missing ones."""
    project = session.get(Project, project_id)
    if project is None or project.recruiter_id != caller.recruiter.id:
        raise NotFound("project")
    return project


def find(session: Session, project_id: uuid.UUID) -> Project | None:
    return session.get(Project, project_id)


def get(session: Session, project_id: uuid.UUID) -> Project:
    """A project the caller already knows exists (an agent's own thread)."""
    project = session.get(Project, project_id)
    assert project is not None
    return project


def scope_of(session: Session, project_id: uuid.UUID) -> tuple[uuid.UUID, uuid.UUID]:
    """(org id, project id): whom an LLM call made for this project is recorded against."""
    project = get(session, project_id)
    return project.org_id, project.id


def all_ids(session: Session) -> list[uuid.UUID]:
    return list(session.scalars(select(Project.id)))


def latest_qset(session: Session, project_id: uuid.UUID) -> QualificationSet | None:
    return session.scalar(
        select(QualificationSet)
        .where(QualificationSet.project_id == project_id)
        .order_by(QualificationSet.version.desc())
        .limit(1)
    )


def approved_qset(session: Session, project_id: uuid.UUID) -> QualificationSet | None:
    return session.scalar(
        select(QualificationSet)
        .where(
            QualificationSet.project_id == project_id,
            QualificationSet.status == QualificationSetStatus.APPROVED,
        )
        .order_by(QualificationSet.version.desc())
        .limit(1)
    )


def similar_of_recruiter(
    session: Session, project: Project, onet_code: str, limit: int = 5
) -> list[Project]:
    """The recruiter's own other projects for the same occupation, newest first (another
    recruiter's projects are never returned)."""
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


def propose_qset(
    session: Session,
    project: Project,
    qualifications: list[dict[str, Any]],
    refused: list[dict[str, Any]],
    *,
    approved: bool = False,
) -> QualificationSet:
    latest = latest_qset(session, project.id)
    qset = QualificationSet(
        project_id=project.id,
        org_id=project.org_id,
        version=(latest.version + 1) if latest else 1,
        qualifications=qualifications,
        refused=refused,
        status=QualificationSetStatus.APPROVED if approved else QualificationSetStatus.PROPOSED,
        approved_at=datetime.now(UTC) if approved else None,
    )
    session.add(qset)
    session.flush()
    return qset


def to_out(session: Session, project: Project) -> ProjectOut:
    """The approved set is what the project works with; a newer proposal (first intake,
    or a change waiting for approval) is shown beside it, never in its place."""
    latest = latest_qset(session, project.id)
    approved = approved_qset(session, project.id)
    shown = approved or latest
    pending = (
        latest if latest is not None and latest.status == QualificationSetStatus.PROPOSED else None
    )
    if pending is shown:
        pending = None
    return ProjectOut(
        id=project.id,
        title=project.title,
        status=project.status,
        request=project.request,
        spec=project.spec,
        qualifications=shown.qualifications if shown else [],
        refused_qualifications=shown.refused if shown else [],
        qualification_set_version=shown.version if shown else None,
        qualifications_approved=bool(shown and shown.status == QualificationSetStatus.APPROVED),
        pending_qualifications=pending.qualifications if pending else None,
        suggestions=plan_of(project).suggestions,
        plan=project.plan,
        sourcing=project.sourcing,
        mode=project.mode,
        async_interval_minutes=project.async_interval_s // 60,
        next_run_at=project.next_run_at,
        created_at=project.created_at,
        updated_at=project.updated_at,
        llm_usage=LLMUsageOut(
            **usage.project_usage(session, project.id), engine=ranking_engine(session, project)
        ),
    )


def ranking_engine(session: Session, project: Project) -> str | None:
    """The engine behind the current ranking: one name, "mixed", or None (nothing scored)."""
    qset = approved_qset(session, project.id)
    if qset is None:
        return None
    engines = set(
        session.scalars(
            select(Evaluation.engine)
            .join(ProjectCandidate, ProjectCandidate.candidate_id == Evaluation.candidate_id)
            .where(
                ProjectCandidate.project_id == project.id,
                Evaluation.qualification_set_id == qset.id,
            )
            .distinct()
        )
    )
    if not engines:
        return None
    return engines.pop() if len(engines) == 1 else "mixed"


def add_to_pipeline(
    session: Session,
    project: Project,
    candidate_id: uuid.UUID,
    *,
    stage: str,
    search: dict[str, Any],
) -> None:
    session.execute(
        insert(ProjectCandidate)
        .values(
            id=uuid.uuid4(),
            project_id=project.id,
            org_id=project.org_id,
            candidate_id=candidate_id,
            stage=stage,
            search=search,
        )
        .on_conflict_do_nothing(index_elements=["project_id", "candidate_id"])
    )


def pipeline_ids(session: Session, project_id: uuid.UUID) -> set[uuid.UUID]:
    return set(
        session.scalars(
            select(ProjectCandidate.candidate_id).where(ProjectCandidate.project_id == project_id)
        )
    )


def active_pipeline_ids(session: Session, project_id: uuid.UUID) -> set[uuid.UUID]:
    """The pipeline the recruiter sees: everyone but the archived."""
    return set(
        session.scalars(
            select(ProjectCandidate.candidate_id).where(
                ProjectCandidate.project_id == project_id,
                ProjectCandidate.stage != CandidateStage.ARCHIVED,
            )
        )
    )


def ranked(
    session: Session,
    caller: Caller,
    project: Project,
    *,
    cursor: str | None,
    limit: int,
    include: CandidateListScope = "qualified",
) -> RankedPage:
    qset = approved_qset(session, project.id)
    if qset is None:
        return RankedPage(items=[], next_cursor=None)
    return listing.ranked_page(
        session, caller, project, qset, offset=_offset(cursor), limit=limit, include=include
    )


def list_counts(session: Session, project_id: uuid.UUID) -> tuple[int, int]:
    """(shown by default, hidden: meeting no required qualification) for the approved set."""
    qset = approved_qset(session, project_id)
    if qset is None:
        return 0, 0
    return listing.counts(session, get(session, project_id), qset)


def ready_summary(
    session: Session, project_id: uuid.UUID, candidate_ids: set[uuid.UUID]
) -> ReadySummary:
    """The evaluated candidates among `candidate_ids` (those new in a run), best first, split
    into those worth showing (meeting a required qualification) and how many are hidden."""
    qset = approved_qset(session, project_id)
    if qset is None or not candidate_ids:
        return ReadySummary(shown=[], hidden=0)
    return listing.ready(session, qset, candidate_ids)


ready_line = listing.ready_line
new_in_plan = listing.new_in_plan


def _offset(cursor: str | None) -> int:
    return parse_offset(cursor)


def set_async(session: Session, project: Project, enabled: bool, interval_minutes: int) -> None:
    if enabled:
        if approved_qset(session, project.id) is None or not pipeline_ids(session, project.id):
            raise AppError(
                "approve the qualifications and review the calibration batch before "
                "switching on source-while-you-sleep",
                status_code=409,
            )
        project.mode = ProjectMode.ASYNC
        project.async_interval_s = interval_minutes * 60
        project.next_run_at = datetime.now(UTC) + timedelta(minutes=interval_minutes)
    else:
        project.mode = ProjectMode.INTERACTIVE
        project.next_run_at = None
    _changed(session, project, "async")


def react(
    session: Session,
    caller: Caller,
    project: Project,
    candidate_id: uuid.UUID,
    body: CandidateActionIn,
) -> None:
    candidate = session.get(Candidate, candidate_id)
    if candidate is None or candidate.org_id != caller.org.id:
        raise NotFound("candidate")
    row = session.scalar(
        select(ProjectCandidate).where(
            ProjectCandidate.project_id == project.id, ProjectCandidate.candidate_id == candidate_id
        )
    )
    before: str | None = row.stage if row is not None else None
    if row is None:
        row = ProjectCandidate(
            project_id=project.id,
            org_id=project.org_id,
            candidate_id=candidate_id,
            stage=CandidateStage.PIPELINE,
            added_by="recruiter",
        )
        session.add(row)
    if body.action == "add":
        row.stage = CandidateStage.PIPELINE
    elif body.action == "archive":
        row.stage, row.reason = CandidateStage.ARCHIVED, body.reason
    else:
        row.rating, row.reason = body.rating, body.reason or row.reason
    session.flush()
    if row.stage != before:
        # The pipeline's history (who moved whom, when, why) covers these moves too.
        stage_history.record_change(
            session,
            row,
            from_stage=before,
            reason=body.reason,
            actor="recruiter",
            recruiter_id=caller.recruiter.id,
        )
        session.flush()
    if body.action in ("add", "archive"):
        audit.record(
            session,
            caller,
            "candidate.stage_changed",
            f"candidate:{candidate_id}",
            {"project_id": str(project.id), "stage": str(row.stage)},
        )
    _changed(session, project, f"candidate:{body.action}", candidate_id=str(candidate_id))


def _changed(session: Session, project: Project, what: str, **data: str) -> None:
    """Every open tab and device of the recruiter hears about the change."""
    events.publish(
        session,
        recruiter_id=project.recruiter_id,
        org_id=project.org_id,
        kind="project.updated",
        data={"project_id": str(project.id), "what": what, **data},
    )


def list_projects(
    session: Session, caller: Caller, *, cursor: str | None, limit: int
) -> ProjectPage:
    offset = _offset(cursor)
    rows = list(
        session.scalars(
            select(Project)
            .where(Project.recruiter_id == caller.recruiter.id)
            .order_by(Project.created_at.desc(), Project.id)
            .offset(offset)
            .limit(limit + 1)
        )
    )
    items = [
        ProjectSummary(
            id=p.id,
            title=p.title,
            status=p.status,
            mode=p.mode,
            created_at=p.created_at,
            updated_at=p.updated_at,
        )
        for p in rows[:limit]
    ]
    return ProjectPage(items=items, next_cursor=str(offset + limit) if len(rows) > limit else None)
