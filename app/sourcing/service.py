"""Sourcing runs (source while you sleep): claiming a run, closing it, scheduling the next,
and which candidates fit a project's stored Boolean query. The agents decide what to do
with a run; every query about runs lives here."""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.models import Project, SourcingRun
from app.projects.states import ProjectMode
from app.search.query_ast import QuerySyntaxError
from app.search.query_language import compile_tsquery, parse_boolean
from app.sourcing.states import SourcingRunStatus

log = logging.getLogger(__name__)


def claim_run(
    session: Session, project_id: uuid.UUID, org_id: uuid.UUID, trigger: str
) -> uuid.UUID | None:
    """A new running run for the project, or None when one is already running (a unique
    index allows one): the savepoint keeps the caller's transaction usable either way."""
    try:
        with session.begin_nested():
            run = SourcingRun(project_id=project_id, org_id=org_id, trigger=trigger)
            session.add(run)
            session.flush()
    except IntegrityError:
        return None  # another run of this project is in progress: never overlap
    return run.id


def finish_run(
    session: Session,
    run_id: uuid.UUID,
    *,
    error: str | None,
    looked_at: int,
    evaluated: int,
    added: int,
) -> None:
    run = session.get(SourcingRun, run_id)
    assert run is not None
    run.status = SourcingRunStatus.FAILED if error else SourcingRunStatus.DONE
    run.error = error
    run.looked_at, run.evaluated, run.added = looked_at, evaluated, added
    run.finished_at = datetime.now(UTC)


def schedule_next(session: Session, project_id: uuid.UUID) -> None:
    """The next scheduled run is one interval from now (not from when this one was due)."""
    project = session.get(Project, project_id)
    assert project is not None
    project.next_run_at = datetime.now(UTC) + timedelta(seconds=project.async_interval_s)


def matching(
    session: Session,
    org_id: uuid.UUID,
    project_id: uuid.UUID,
    boolean: str | None,
    ids: list[uuid.UUID],
) -> list[uuid.UUID]:
    """Which of these candidates of the org fit the project's stored Boolean query."""
    if not boolean or not ids:
        return []
    try:
        compiled = compile_tsquery(
            parse_boolean(boolean), search_column="c.search_tsv", location_column="c.location_tsv"
        )
    except QuerySyntaxError:
        log.warning("project %s has an unusable stored query", project_id)
        return []
    rows = session.execute(
        text(
            f"SELECT c.id FROM candidates c WHERE c.org_id = :org AND c.id = ANY(:ids) "
            f"AND ({compiled.where_sql})"
        ),
        {**compiled.params, "org": org_id, "ids": ids},
    ).scalars()
    return list(rows)


def async_projects(session: Session, org_id: uuid.UUID | None = None) -> list[uuid.UUID]:
    stmt = select(Project.id).where(Project.mode == ProjectMode.ASYNC)
    if org_id is not None:
        stmt = stmt.where(Project.org_id == org_id)
    return list(session.scalars(stmt))


def due_projects(session: Session) -> list[uuid.UUID]:
    now = datetime.now(UTC)
    return list(
        session.scalars(
            select(Project.id).where(
                Project.mode == ProjectMode.ASYNC,
                (Project.next_run_at.is_(None)) | (Project.next_run_at <= now),
            )
        )
    )


def stale_runs(session: Session, older_than_s: int = 900) -> int:
    """Runs left `running` by a killed worker block their project forever; close them."""
    cutoff = datetime.now(UTC) - timedelta(seconds=older_than_s)
    rows = list(
        session.scalars(
            select(SourcingRun).where(
                SourcingRun.status == SourcingRunStatus.RUNNING, SourcingRun.created_at < cutoff
            )
        )
    )
    for run in rows:
        run.status, run.error = "failed", "abandoned (worker lost)"
    return len(rows)
