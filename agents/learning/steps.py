"""The learning step of the supervisor: look at the reactions, ask about one pattern as a
proposed change of the approved set (the `change_approval` step asks for the decision,
kind `learning`); with no clear pattern, say so and change nothing.

Idempotent: the review is recorded once per step id, the proposed set once per step id.
"""

from __future__ import annotations

import uuid

from agents.deps import AgentDeps
from agents.learning.skill import choose
from agents.refinement.apply import apply_changes
from agents.schemas import JobSpec
from agents.supervisor.planner import step as make_step
from agents.supervisor.state import Step, SupervisorState
from agents.supervisor.steps import StepResult, qualifications_of, say
from app.projects import service as projects
from app.signals import service as signals
from app.unit_of_work import transaction

GOAL = "Look at your reactions and propose what they suggest (you decide)"


def learning(deps: AgentDeps, state: SupervisorState, current: Step) -> StepResult:
    pid = uuid.UUID(state["project_id"])
    with transaction(deps.sessions) as session:
        project = projects.get(session, pid)
        qset, rows = signals.reactions(session, pid)
        reviews = signals.of_project(session, pid, {"review"})
        earlier = signals.earlier_archive_reasons(session, project)
        if qset is None:
            return StepResult("continue", "nothing approved to learn from")
        quals = qualifications_of(qset.qualifications)
        spec = JobSpec.model_validate(project.spec) if project.spec else JobSpec()
    done = next((r for r in reviews if r.data.get("step") == current["id"]), None)
    asked = {str(r.data.get("proposal_key")) for r in reviews if r.data.get("proposal_key")}
    if done is not None:  # re-run after a crash: the same answer, not a second review
        asked.discard(str(done.data.get("proposal_key")))
    chosen, engine, degraded = choose(deps.gateway, quals, rows, asked, earlier)
    new, diff = apply_changes(quals, spec, [chosen.change]) if chosen else (quals, None)
    labelled = sum(1 for r in rows if r.label is not None)
    with transaction(deps.sessions) as session:
        project = projects.get(session, pid)
        if done is None:
            signals.record(
                session,
                project,
                "review",
                data={
                    "step": current["id"],
                    "reactions": len([r for r in rows if r.label is not None]),
                    "proposal_key": chosen.key if chosen and diff and not diff.empty else None,
                    "engine": engine,
                },
            )
        if chosen is None or diff is None or diff.empty:
            say(
                session,
                project,
                f"{current['id']}:nothing",
                sender="agent:learning",
                kind="reply",
                body=f"I looked at your {labelled} reactions and found no clear pattern worth "
                "changing the qualifications for; the set stays as it is.",
            )
            return StepResult("continue", f"no pattern in {labelled} reactions")
        artifacts = dict(projects.plan_of(project).artifacts)
        if current["id"] not in artifacts:
            proposed = projects.propose_qset(
                session, project, [q.model_dump(mode="json") for q in new], []
            )
            artifacts[current["id"]] = str(proposed.id)
            projects.update_plan(project, artifacts=artifacts)
        learned = {**chosen.model_dump(mode="json"), "engine": engine, "degraded": degraded}
        say(
            session,
            project,
            f"{current['id']}:proposal",
            sender="agent:learning",
            kind="proposal",
            body=f"{chosen.question} Proposed change: {diff.summary()}. Nothing changes unless "
            "you approve it.",
            payload={
                "qualification_set_id": artifacts[current["id"]],
                "diff": diff.model_dump(mode="json"),
                "learning": learned,
            },
        )
    proposal = {
        "qualifications": [q.model_dump(mode="json") for q in new],
        "diff": diff.model_dump(mode="json"),
        "learning": learned,
    }
    plan_no = state.get("plan_no", 1)
    return StepResult(
        "continue",
        f"proposed: {diff.summary()} ({chosen.evidence.matching} of {chosen.evidence.total})",
        {"proposal": proposal, "new_steps": [make_step(plan_no, 2, "change_approval")]},
    )


LEARNING_STEPS = {"learning": learning}
