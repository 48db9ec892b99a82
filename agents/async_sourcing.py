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

from agents.deps import AgentDeps
from agents.evaluation.skill import (
    EvaluationJob,
    prepare_evaluation,
    run_evaluation,
    store_evaluation,
)
from agents.schemas import CandidateEvaluation, JobSpec, Qualification
from agents.sourcing.notes import ready_body
from agents.sourcing.queries import build_query
from agents.sourcing.run import source_relaxed
from agents.supervisor.steps import say
from app.candidates import repository as candidates
from app.evaluations import service as evaluations
from app.events import service as events
from app.projects import service as projects
from app.projects.service import Project
from app.projects.states import CandidateStage, ProjectMode
from app.signals import service as signals
from app.sourcing import service as sourcing
from app.unit_of_work import UnitOfWork, transaction

log = logging.getLogger(__name__)

ASYNC_BATCH = 50


@dataclass
class RunOutcome:
    run_id: uuid.UUID
    looked_at: int
    evaluated: int
    added: int


def _claim(deps: AgentDeps, project: Project, trigger: str) -> uuid.UUID | None:
    # Committed at once, so another process sees the run and never overlaps it.
    with transaction(deps.sessions) as session:
        return sourcing.claim_run(session, project.id, project.org_id, trigger)


def _matching(session: UnitOfWork, project: Project, ids: list[uuid.UUID]) -> list[uuid.UUID]:
    """Which of these candidates fit the project's current Boolean query."""
    return sourcing.matching(
        session, project.org_id, project.id, projects.sourcing_of(project).boolean, ids
    )


def run_project(
    deps: AgentDeps,
    project_id: uuid.UUID,
    *,
    trigger: str = "schedule",
    candidate_ids: list[uuid.UUID] | None = None,
) -> RunOutcome | None:
    with transaction(deps.sessions) as session:
        project = projects.find(session, project_id)
        if project is None or project.mode != ProjectMode.ASYNC:
            return None
    run_id = _claim(deps, project, trigger)
    if run_id is None:
        return None
    looked = evaluated = 0
    added: list[tuple[uuid.UUID, CandidateEvaluation]] = []
    error: str | None = None
    try:
        with transaction(deps.sessions) as session:
            project = projects.get(session, project_id)
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
                    # Widened the same way as interactive sourcing: reactions first.
                    build_query(spec, quals, signals.learned_emphasis(session, project_id)),
                    spec,
                    limit=ASYNC_BATCH,
                    exclude=in_pipeline,
                )
                found = [h.candidate_id for h in sourced.found]
        for cid in found:
            looked += 1
            with transaction(deps.sessions) as session:
                project = projects.find(session, project_id)
                if project is None:
                    continue
                candidate = candidates.get_candidate(session, project.org_id, cid)
                if candidate is None:
                    continue
                stored = evaluations.stored_result(session, cid, qset.id, candidate.content_hash)
                job: EvaluationJob | None = None
                if stored is None:
                    job = prepare_evaluation(session, candidate, qset)
            if job is None:
                result = CandidateEvaluation.model_validate(stored)
            else:
                # The model is called with no transaction open; its result is stored after.
                result = run_evaluation(deps, job, quals)
                evaluated += 1
            with transaction(deps.sessions) as session:
                if job is not None:
                    store_evaluation(session, job, result)
                if cid not in in_pipeline:
                    project = projects.get(session, project_id)
                    projects.add_to_pipeline(
                        session, project, cid, stage=CandidateStage.SOURCED, search={"via": trigger}
                    )
                    added.append((cid, result))
    except Exception as exc:  # recorded on the run; the reconciler or next schedule retries
        log.exception("sourcing run %s failed", run_id)
        error = f"{type(exc).__name__}: {exc}"
    with transaction(deps.sessions) as session:
        project = projects.get(session, project_id)
        sourcing.finish_run(
            session, run_id, error=error, looked_at=looked, evaluated=evaluated, added=len(added)
        )
        if trigger == "schedule":
            sourcing.schedule_next(session, project_id)
        if added:
            _announce(session, project, run_id, added, {q.id: q.text for q in quals})
    return RunOutcome(run_id, looked, evaluated, len(added))


def _announce(
    session: UnitOfWork,
    project: Project,
    run_id: uuid.UUID,
    added: list[tuple[uuid.UUID, CandidateEvaluation]],
    names: dict[str, str],
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


# The reconciler and the nearline hook ask these; the queries live with the runs.
async_projects = sourcing.async_projects
due_projects = sourcing.due_projects
stale_runs = sourcing.stale_runs
