"""Source while you sleep: scheduled and nearline sourcing for projects in async mode.

A run claims the project (one running run at most, enforced by a unique index), finds new
or changed candidates, evaluates only pairs it has not evaluated for this content, adds
them to the pipeline as "sourced by assistant", and tells the recruiter once per run.
Nobody is contacted: that stays behind an approval.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from agents.deps import AgentDeps
from agents.evaluation.skill import evaluate_stored_candidate
from agents.schemas import CandidateEvaluation, JobSpec, Qualification
from agents.sourcing.notes import ready_body
from agents.sourcing.queries import build_query
from agents.sourcing.run import source_relaxed
from agents.supervisor.steps import say
from app.db import transaction
from app.events import service as events
from app.models import Candidate, Evaluation, Project, SourcingRun
from app.projects import service as projects
from app.search.query_ast import QuerySyntaxError
from app.search.query_language import compile_tsquery, parse_boolean

log = logging.getLogger(__name__)

ASYNC_BATCH = 50


@dataclass
class RunOutcome:
    run_id: uuid.UUID
    looked_at: int
    evaluated: int
    added: int


def _claim(deps: AgentDeps, project: Project, trigger: str) -> uuid.UUID | None:
    try:
        with transaction(deps.sessions) as session:
            run = SourcingRun(project_id=project.id, org_id=project.org_id, trigger=trigger)
            session.add(run)
            session.flush()
            return run.id
    except IntegrityError:
        return None  # another run of this project is in progress: never overlap


def _matching(session: Session, project: Project, ids: list[uuid.UUID]) -> list[uuid.UUID]:
    """Which of these candidates fit the project's current Boolean query."""
    boolean = project.sourcing.get("boolean")
    if not boolean or not ids:
        return []
    try:
        compiled = compile_tsquery(
            parse_boolean(boolean), search_column="c.search_tsv", location_column="c.location_tsv"
        )
    except QuerySyntaxError:
        log.warning("project %s has an unusable stored query", project.id)
        return []
    rows = session.execute(
        text(
            f"SELECT c.id FROM candidates c WHERE c.org_id = :org AND c.id = ANY(:ids) "
            f"AND ({compiled.where_sql})"
        ),
        {**compiled.params, "org": project.org_id, "ids": ids},
    ).scalars()
    return list(rows)


def run_project(
    deps: AgentDeps,
    project_id: uuid.UUID,
    *,
    trigger: str = "schedule",
    candidate_ids: list[uuid.UUID] | None = None,
) -> RunOutcome | None:
    with transaction(deps.sessions) as session:
        project = session.get(Project, project_id)
        if project is None or project.mode != "async":
            return None
    run_id = _claim(deps, project, trigger)
    if run_id is None:
        return None
    looked = evaluated = 0
    added: list[tuple[uuid.UUID, CandidateEvaluation]] = []
    error: str | None = None
    try:
        with transaction(deps.sessions) as session:
            project = session.get(Project, project_id)
            assert project is not None
            qset = projects.approved_qset(session, project_id)
            assert qset is not None, "async mode requires approved qualifications"
            quals = [Qualification.model_validate(q) for q in qset.qualifications]
            in_pipeline = projects.pipeline_ids(session, project_id)
            if candidate_ids is not None:
                found = _matching(session, project, candidate_ids)
            else:
                spec = JobSpec.model_validate(project.spec)
                sourced = source_relaxed(
                    session,
                    deps.embedder,
                    deps.settings,
                    project.org_id,
                    build_query(spec, quals),
                    spec,
                    limit=ASYNC_BATCH,
                    exclude=in_pipeline,
                )
                found = [h.candidate_id for h in sourced.found]
        for cid in found:
            looked += 1
            with transaction(deps.sessions) as session:
                candidate = session.get(Candidate, cid)
                project = session.get(Project, project_id)
                if candidate is None or project is None or candidate.org_id != project.org_id:
                    continue
                stored = session.scalar(
                    select(Evaluation).where(
                        Evaluation.candidate_id == cid,
                        Evaluation.qualification_set_id == qset.id,
                        Evaluation.content_hash == candidate.content_hash,
                    )
                )
                if stored is None:
                    result = evaluate_stored_candidate(deps, session, candidate, qset, quals)
                    evaluated += 1
                else:
                    result = CandidateEvaluation.model_validate(stored.result)
                if cid not in in_pipeline:
                    projects.add_to_pipeline(
                        session, project, cid, stage="sourced", search={"via": trigger}
                    )
                    added.append((cid, result))
    except Exception as exc:  # recorded on the run; the reconciler or next schedule retries
        log.exception("sourcing run %s failed", run_id)
        error = f"{type(exc).__name__}: {exc}"
    with transaction(deps.sessions) as session:
        project = session.get(Project, project_id)
        run = session.get(SourcingRun, run_id)
        assert project is not None and run is not None
        run.status = "failed" if error else "done"
        run.error = error
        run.looked_at, run.evaluated, run.added = looked, evaluated, len(added)
        run.finished_at = datetime.now(UTC)
        if trigger == "schedule":
            project.next_run_at = datetime.now(UTC) + timedelta(seconds=project.async_interval_s)
        if added:
            _announce(session, project, run_id, added)
    return RunOutcome(run_id, looked, evaluated, len(added))


def _announce(
    session: Session,
    project: Project,
    run_id: uuid.UUID,
    added: list[tuple[uuid.UUID, CandidateEvaluation]],
) -> None:
    """One notice per run, counting only the candidates this run added to the project; those
    meeting none of the required qualifications are in the project but not announced."""
    summary = projects.ready_summary(session, project.id, {cid for cid, _ in added})
    n = len(summary.shown)
    if n == 0:
        return  # nothing worth a look: no notice, the run record still counts them
    events.publish(
        session,
        recruiter_id=project.recruiter_id,
        org_id=project.org_id,
        kind="candidates.ready",
        data={"project_id": str(project.id), "count": n, "run_id": str(run_id)},
    )
    lines = [projects.ready_line(entry) for entry in summary.shown]
    body = ready_body(
        n,
        summary.hidden,
        lines,
        ready_for=f"for {project.title}",
        closing="Nobody has been contacted.",
    )
    say(
        session,
        project,
        f"run:{run_id}:ready",
        sender="agent:sourcing",
        kind="ready",
        body=body,
        payload={
            "count": n,
            "hidden": summary.hidden,
            "run_id": str(run_id),
            "candidate_ids": [str(e.candidate_id) for e in summary.shown],
        },
    )


def async_projects(session: Session, org_id: uuid.UUID | None = None) -> list[uuid.UUID]:
    stmt = select(Project.id).where(Project.mode == "async")
    if org_id is not None:
        stmt = stmt.where(Project.org_id == org_id)
    return list(session.scalars(stmt))


def due_projects(session: Session) -> list[uuid.UUID]:
    now = datetime.now(UTC)
    return list(
        session.scalars(
            select(Project.id).where(
                Project.mode == "async",
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
                SourcingRun.status == "running", SourcingRun.created_at < cutoff
            )
        )
    )
    for run in rows:
        run.status, run.error = "failed", "abandoned (worker lost)"
    return len(rows)
