"""What the executor runs for each step: one function per sub-agent.

Each step is idempotent: killed half-way and re-run after a restart, it finds what it
already wrote (deterministic ids, unique keys) and changes nothing twice.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from agents.deps import AgentDeps
from agents.evaluation.skill import prepare_evaluation, run_evaluation, store_evaluation
from agents.intake.skill import run_intake
from agents.outreach.faq import propose as propose_faq
from agents.schemas import CandidateEvaluation, JobSpec, Qualification, RefusedQualification
from agents.sourcing.notes import CALIBRATE, ready_body, sourcing_note
from agents.sourcing.queries import SourcingQuery, build_query, decide, narrow, widen
from agents.sourcing.run import source_relaxed
from agents.supervisor import memory
from agents.supervisor.messages import message_id as message_id  # re-exported
from agents.supervisor.messages import say as say  # re-exported for the runner and async sourcing
from agents.supervisor.planner import step as make_step
from agents.supervisor.proposal_text import proposal_body
from agents.supervisor.state import Signal, Step, SupervisorState
from app.approvals import service as approvals
from app.approvals.states import ApprovalKind
from app.candidates import repository as candidates
from app.evaluations import service as evaluations
from app.events import service as events
from app.projects import service as projects
from app.projects.service import QualificationSet
from app.projects.states import CandidateStage, ProjectStatus
from app.signals import service as signals
from app.unit_of_work import UnitOfWork, transaction


@dataclass
class StepResult:
    signal: Signal = "continue"
    note: str = ""
    update: dict[str, Any] = field(default_factory=dict)


def tell(
    deps: AgentDeps,
    project_id: str,
    key: str,
    *,
    sender: str,
    kind: str,
    body: str,
    payload: dict[str, Any] | None = None,
) -> None:
    """`say` in a transaction of its own, for a message that is all a node writes."""
    with transaction(deps.sessions) as session:
        project = projects.get(session, uuid.UUID(project_id))
        say(session, project, key, sender=sender, kind=kind, body=body, payload=payload)


def _fault_delay(deps: AgentDeps, agent: str) -> None:
    for item in deps.settings.fault_step_delay.split(","):
        name, _, seconds = item.partition("=")
        if name.strip() == agent and seconds:
            time.sleep(float(seconds))


def qualifications_of(qset_rows: list[dict[str, Any]]) -> list[Qualification]:
    return [Qualification.model_validate(q) for q in qset_rows]


def intake(deps: AgentDeps, state: SupervisorState, current: Step) -> StepResult:
    pid = uuid.UUID(state["project_id"])
    with transaction(deps.sessions) as session:
        project = projects.get(session, pid)
        inbox = state.get("inbox", [])
        text = inbox[-1] if inbox else project.request
        if state.get("feedback"):
            text = f"{text}\n\nRecruiter feedback on the last proposal: {state['feedback']}"
        previous = JobSpec.model_validate(project.spec) if project.spec else None
    # The model is called with no transaction open: a slow answer holds no connection.
    result = run_intake(deps.gateway, text, previous)
    with transaction(deps.sessions) as session:
        project = projects.get(session, pid)
        project.spec = result.spec.model_dump(mode="json")
        if result.spec.title:
            project.title = result.spec.title
        # The ad's own pay, work-mode and benefits lines, offered as FAQ entries to accept.
        propose_faq(session, project)
        brain = f" ({result.engine}{', degraded' if result.degraded else ''})"
        # Refusals from earlier turns of this intake stay on the record until proposed.
        refused_all = {
            r.text: r
            for r in [
                *(RefusedQualification.model_validate(x) for x in state.get("refused", [])),
                *result.refused,
            ]
        }
        result = result.model_copy(update={"refused": list(refused_all.values())})
        if result.questions:
            project.status = ProjectStatus.NEEDS_INPUT
            question = " ".join(q.question for q in result.questions)
            say(
                session,
                project,
                f"{current['id']}:question",
                sender="agent:intake",
                kind="question",
                body=question,
                payload={"questions": [q.model_dump() for q in result.questions]},
            )
            return StepResult(
                "ask",
                f"asked: {question}{brain}",
                {
                    "question": question,
                    "refused": [r.model_dump(mode="json") for r in result.refused],
                },
            )
        artifacts = dict(projects.plan_of(project).artifacts)
        qset_id = artifacts.get(current["id"])
        if qset_id is None:
            qset = projects.propose_qset(
                session,
                project,
                [q.model_dump(mode="json") for q in result.qualifications],
                [r.model_dump(mode="json") for r in result.refused],
            )
            artifacts[current["id"]] = str(qset.id)
            projects.update_plan(project, artifacts=artifacts)
            qset_id = str(qset.id)
        # Memory offers, never appends: a short, named list the recruiter may take.
        offered = memory.suggestions(session, project, result.spec.onet_code, result.qualifications)
        projects.update_plan(project, suggestions=offered)
        memory_note = memory.describe(offered)
        say(
            session,
            project,
            f"{current['id']}:proposal",
            sender="agent:intake",
            kind="proposal",
            body=proposal_body(result.qualifications, result.refused, memory_note),
            payload={
                "suggestions": offered,
                "qualification_set_id": qset_id,
                "engine": result.engine,
                "degraded": result.degraded,
                "refused": [r.model_dump() for r in result.refused],
            },
        )
        note = f"{len(result.qualifications)} qualifications proposed"
        if result.refused:
            note += f", {len(result.refused)} refused"
        return StepResult("continue", note + brain, {"feedback": "", "refused": []})


def qset_payload(qset: QualificationSet) -> dict[str, Any]:
    """What every qualification approval shows: the set, its version and what was refused."""
    return {
        "qualification_set_id": str(qset.id),
        "version": qset.version,
        "qualifications": qset.qualifications,
        "refused": qset.refused,
    }


def approval(deps: AgentDeps, state: SupervisorState, current: Step) -> StepResult:
    pid = uuid.UUID(state["project_id"])
    with transaction(deps.sessions) as session:
        project = projects.get(session, pid)
        qset = projects.latest_qset(session, pid)
        assert qset is not None
        request = approvals.request(
            session,
            project,
            kind=ApprovalKind.QUALIFICATIONS,
            subject=str(qset.id),
            payload={
                **qset_payload(qset),
                # Taken only by an explicit choice: `use_suggestions` in the decision.
                "suggestions": projects.plan_of(project).suggestions,
            },
        )
        project.status = ProjectStatus.AWAITING_APPROVAL
        say(
            session,
            project,
            f"{current['id']}:approval",
            sender="supervisor",
            kind="approval",
            body="Please review the qualifications: approve, edit or reject them. "
            "Nothing is sourced until you approve.",
            payload={"approval_id": str(request.id)},
        )
        return StepResult("approve", "waiting for your decision", {"approval_id": str(request.id)})


def _spec_and_quals(
    session: UnitOfWork, pid: uuid.UUID
) -> tuple[JobSpec, list[Qualification], Any]:
    project = projects.get(session, pid)
    qset = projects.approved_qset(session, pid)
    assert qset is not None, "sourcing before approval must never happen"
    return JobSpec.model_validate(project.spec), qualifications_of(qset.qualifications), qset


def sourcing(deps: AgentDeps, state: SupervisorState, current: Step) -> StepResult:
    pid = uuid.UUID(state["project_id"])
    with transaction(deps.sessions) as session:
        project = projects.get(session, pid)
        spec, quals, _ = _spec_and_quals(session, pid)
        query = (
            SourcingQuery.model_validate(state["query"])
            if state.get("query")
            # A fresh query weighs the skills by what the recruiter's reactions taught.
            else build_query(spec, quals, signals.learned_emphasis(session, pid))
        )
        in_pipeline = projects.pipeline_ids(session, pid)
        first = not in_pipeline
        sourced = source_relaxed(
            session,
            deps.embedder,
            deps.settings,
            project.org_id,
            query,
            spec,
            limit=deps.settings.calibration_batch_size,
            exclude=in_pipeline,
        )
        query, found = sourced.query, sourced.found
        for hit in found:
            projects.add_to_pipeline(
                session,
                project,
                hit.candidate_id,
                stage=CandidateStage.CALIBRATION if first else CandidateStage.SOURCED,
                search={
                    "via": hit.via,
                    "matched_terms": hit.matched_terms,
                    "unknown": hit.unknown_filters,
                    "plan": state.get("plan_no", 1),
                },
            )
        project.status = ProjectStatus.SOURCING
        earlier = memory.past_searches(session, project, spec.onet_code)
        projects.update_sourcing(
            project,
            past_searches=earlier,
            boolean=query.boolean,
            semantic=query.semantic,
            adjustments=[a.model_dump() for a in query.adjustments],
        )
        # Remembered for the recruiter's later projects of the same role ("from memory").
        memory.remember_search(session, project, query.boolean)
    note = sourcing_note(sourced)
    if earlier:
        note += (
            f" (from memory: your earlier search for {earlier[0]['title']!r} is saved as a "
            "starting point)"
        )
    return StepResult(
        "continue",
        note,
        {
            "query": query.model_dump(mode="json"),
            "batch": [str(h.candidate_id) for h in found],
        },
    )


def evaluation(deps: AgentDeps, state: SupervisorState, current: Step) -> StepResult:
    pid = uuid.UUID(state["project_id"])
    reused = done = 0
    batch = state.get("batch", [])
    with transaction(deps.sessions) as session:
        project = projects.get(session, pid)
        events.publish(
            session,
            recruiter_id=project.recruiter_id,
            org_id=project.org_id,
            kind="progress",
            data={
                "project_id": str(pid),
                "step": current["id"],
                "text": f"evaluating {len(batch)} candidates...",
            },
        )
    _fault_delay(deps, "evaluation")
    jobs = []
    rescored = 0
    with transaction(deps.sessions) as session:
        _, quals, qset = _spec_and_quals(session, pid)
        # Candidates the offline engine scored while the model was down are scored again
        # once it answers, so the ranking goes back to one engine.
        retry = (
            evaluations.degraded_candidates(session, qset.id, projects.pipeline_ids(session, pid))
            if deps.gateway.available
            else []
        )
        for cid in dict.fromkeys([*batch, *(str(c) for c in retry)]):
            candidate = candidates.get_candidate(session, qset.org_id, uuid.UUID(cid))
            if candidate is None:
                continue
            stored = evaluations.stored_engine(
                session, candidate.id, qset.id, candidate.content_hash
            )
            if stored is not None and not (stored.degraded and deps.gateway.available):
                reused += 1
                continue
            rescored += stored is not None
            jobs.append(prepare_evaluation(session, candidate, qset))
    # The model calls run with no transaction open, up to the endpoint's concurrency.
    results = deps.gateway.map(lambda job: run_evaluation(deps, job, quals), jobs)
    with transaction(deps.sessions) as session:
        for job, result in zip(jobs, results, strict=True):
            store_evaluation(session, job, result)
            done += 1
        degraded = sum(r.degraded for r in results)
        if degraded:
            project = projects.get(session, pid)
            say(
                session,
                project,
                f"degraded:{current['id']}",
                sender="evaluation",
                kind="notice",
                body=(
                    f"The language model did not answer, so {degraded} of {len(results)} "
                    "candidates were scored by the offline engine; the list says which, and "
                    "they will be scored again by the model when it is back."
                ),
            )
    if rescored:
        return StepResult(
            "continue",
            f"{done - rescored} evaluated, {rescored} scored again by the model, "
            f"{reused} already evaluated",
        )
    return StepResult("continue", f"{done} evaluated, {reused} already evaluated")


def _batch_evaluations(
    session: UnitOfWork, pid: uuid.UUID, batch: list[str]
) -> list[CandidateEvaluation]:
    qset = projects.approved_qset(session, pid)
    if qset is None or not batch:
        return []
    rows = evaluations.results_for(session, qset.id, [uuid.UUID(b) for b in batch])
    return [CandidateEvaluation.model_validate(r) for r in rows]


def review(deps: AgentDeps, state: SupervisorState, current: Step) -> StepResult:
    pid = uuid.UUID(state["project_id"])
    with transaction(deps.sessions) as session:
        spec, quals, _ = _spec_and_quals(session, pid)
        evaluations = _batch_evaluations(session, pid, state.get("batch", []))
    decision = decide(
        evaluations,
        batch_size=deps.settings.calibration_batch_size,
        required=[q.id for q in quals if q.required],
    )
    rounds = state.get("rounds", 0)
    if decision.action == "keep" or rounds >= deps.settings.sourcing_max_adjustments:
        why = (
            decision.reason
            if decision.action == "keep"
            else (f"{decision.reason}; adjustment limit reached, reporting what we have")
        )
        return StepResult("continue", f"kept the query: {why}")
    query = SourcingQuery.model_validate(state["query"])
    adjusted = (widen if decision.action == "widen" else narrow)(
        query, spec, reason=decision.reason
    )
    if adjusted is None:
        return StepResult("continue", f"{decision.reason}; nothing left to {decision.action}")
    # Make the reason travel with the adjustment, so the plan shows why it changed.
    last = adjusted.adjustments[-1] if adjusted.adjustments else None
    what = last.change if last is not None else decision.action
    plan_no = state.get("plan_no", 1)
    base = len(state.get("plan", [])) + 1
    new_steps = [
        make_step(
            plan_no, base, "sourcing", f"Source again with the {decision.action}ed query ({what})"
        ),
        make_step(plan_no, base + 1, "evaluation"),
        make_step(plan_no, base + 2, "review"),
    ]
    return StepResult(
        "extend",
        f"{decision.action}: {what} — because {decision.reason}",
        {"query": adjusted.model_dump(mode="json"), "rounds": rounds + 1, "new_steps": new_steps},
    )


def report(deps: AgentDeps, state: SupervisorState, current: Step) -> StepResult:
    pid = uuid.UUID(state["project_id"])
    with transaction(deps.sessions) as session:
        project = projects.get(session, pid)
        # True counts: only the candidates this plan added are "new"; those meeting none of
        # the required qualifications stay in the project but are not announced.
        new = projects.new_in_plan(session, pid, state.get("plan_no", 1))
        summary = projects.ready_summary(session, pid, new)
        shown = len(summary.shown)
        lines = [projects.ready_line(e) for e in summary.shown]
        body = ready_body(shown, summary.hidden, lines, closing=CALIBRATE)
        project.status = ProjectStatus.CALIBRATION_READY
        events.publish(
            session,
            recruiter_id=project.recruiter_id,
            org_id=project.org_id,
            kind="candidates.ready",
            data={"project_id": str(pid), "count": shown, "hidden": summary.hidden},
        )
        say(
            session,
            project,
            f"{current['id']}:report",
            sender="supervisor",
            kind="ready",
            body=body,
            payload={"count": shown, "hidden": summary.hidden},
        )
    return StepResult("continue", f"{shown} new candidates ranked ({summary.hidden} hidden)")


STEPS: dict[str, Callable[[AgentDeps, SupervisorState, Step], StepResult]] = {
    "intake": intake,
    "approval": approval,
    "sourcing": sourcing,
    "evaluation": evaluation,
    "review": review,
    "report": report,
}
