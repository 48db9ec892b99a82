"""The supervisor as a state machine: plan -> execute -> observe -> (ask | approve | next).

Built here, compiled by the composition root with the Postgres checkpointer. Nodes that
wait for a human call `interrupt()`, which re-runs the node from the top on resume, so what
they do before it is idempotent (deterministic ids).
"""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime
from typing import Any, Literal

from langgraph.graph import END, START, StateGraph
from langgraph.types import Command, interrupt

from agents.deps import AgentDeps
from agents.intake.responsible_ai import check_qualification
from agents.learning.steps import GOAL as LEARNING_GOAL
from agents.learning.steps import LEARNING_STEPS
from agents.llm.deadline import step_deadline
from agents.memory.capture import observe_message, remember_approved_set
from agents.outreach.steps import OUTREACH_STEPS
from agents.refinement.apply import apply_changes
from agents.refinement.schemas import Change
from agents.schemas import JobSpec, Qualification
from agents.screening.decision import apply_decision as apply_screen_decision
from agents.screening.decision import is_screen_approval
from agents.screening.route import route as route_screening
from agents.screening.steps import SCREENING_STEPS
from agents.supervisor.followup import HELP, understand
from agents.supervisor.planner import offline_plan
from agents.supervisor.planner import step as make_step
from agents.supervisor.refine_steps import REFINE_STEPS
from agents.supervisor.state import Step, SupervisorState
from agents.supervisor.steps import STEPS, say, tell
from agents.supervisor.streamed import stream_reply
from app.approvals import service as approvals
from app.events import service as events
from app.projects import service as projects
from app.projects.service import Project
from app.projects.states import ProjectStatus, QualificationSetStatus
from app.signals.schemas import LEARNING_REVIEW
from app.unit_of_work import transaction

log = logging.getLogger(__name__)


def _save_plan(deps: AgentDeps, project_id: str, plan: list[Step], **extra: Any) -> None:
    """Mirror the plan into the project row: what the recruiter (and the UI) sees."""
    with transaction(deps.sessions) as session:
        project = projects.find(session, uuid.UUID(project_id))
        if project is not None:
            projects.update_plan(project, steps=plan, **extra)
            # "Shows its reasoning as it works": every step change reaches open tabs.
            events.publish(
                session,
                recruiter_id=project.recruiter_id,
                org_id=project.org_id,
                kind="plan.step",
                data={"project_id": project_id, "steps": list(plan)},
            )


def build_graph(deps: AgentDeps) -> StateGraph[SupervisorState]:
    def planner(state: SupervisorState) -> Command[Literal["executor", "finish"]]:
        inbox = state.get("inbox", [])
        phase = state.get("phase", "intake")
        plan_no = state.get("plan_no", 0) + 1
        last = inbox[-1] if inbox else None
        extra: dict[str, Any] = {}
        review = bool(last and last.startswith(LEARNING_REVIEW))
        if last and not review:
            # Cognitive memory: preferences the recruiter states are remembered (keyed).
            observe_message(deps, state["project_id"], state.get("last_message_id", ""), last)
        if phase in ("sourcing", "reevaluate"):
            # Just approved: the set becomes the recruiter's decisions in memory.
            remember_approved_set(deps, state["project_id"])
        # Screening questions and transcripts go to the screening agent, never to a change.
        screenable = phase == "followup" and last and not review
        routed = route_screening(plan_no, last) if screenable and last else None
        if routed is not None:
            plan, extra["screening"] = routed
        elif phase == "followup" and review:
            # Reactions piled up: the learning agent looks, and proposes at most one change.
            plan = [make_step(plan_no, 1, "learning", LEARNING_GOAL)]
        elif phase == "followup" and last:
            understood = understand(deps, state["project_id"], plan_no, last)
            if understood.followup.intent == "reply":
                # Nothing to change: a plain answer, no plan, no approval, no sourcing;
                # streamed to the recruiter as it forms, stored once.
                stream_reply(
                    deps,
                    state["project_id"],
                    f"reply:{state.get('last_message_id') or len(inbox)}",
                    offline_text=understood.reply,
                    ask=understood.ask,
                    suffix=HELP if understood.ask is not None else "",
                )
                return Command(goto="finish", update={"handled": len(inbox)})
            plan = understood.followup.steps
            if understood.proposal is not None:
                extra["proposal"] = understood.proposal
        else:
            plan = offline_plan(phase, plan_no, last)
        _save_plan(deps, state["project_id"], plan, plan_no=plan_no, phase=phase)
        tell(
            deps,
            state["project_id"],
            f"plan:{plan_no}",
            sender="supervisor",
            kind="plan",
            body="My plan:\n" + "\n".join(f"{i}. {s['goal']}" for i, s in enumerate(plan, start=1)),
            payload={"steps": plan},
        )
        return Command(
            goto="executor",
            update={
                "plan": plan,
                "cursor": 0,
                "plan_no": plan_no,
                "phase": phase,
                "handled": len(inbox),
                **extra,
            },
        )

    def executor(state: SupervisorState) -> Command[Literal["observer"]]:
        plan: list[Step] = [Step(**s) for s in state["plan"]]
        current = plan[state["cursor"]]
        current["status"] = "running"
        _save_plan(deps, state["project_id"], plan)
        try:
            # Every model call inside the step shares one deadline: a slow or dead endpoint
            # cannot stretch a step, only make its answers offline.
            with step_deadline(deps.settings.llm_step_deadline_s):
                steps = {
                    **STEPS,
                    **REFINE_STEPS,
                    **SCREENING_STEPS,
                    **LEARNING_STEPS,
                    **OUTREACH_STEPS,
                }
                result = steps[current["agent"]](deps, state, current)
        except Exception as exc:
            # Record the failure on the plan where the recruiter can see it, then surface it.
            current["status"] = "failed"
            current["note"] = f"failed: {exc}"
            _save_plan(deps, state["project_id"], plan)
            raise
        current["status"] = {"ask": "waiting", "approve": "waiting"}.get(result.signal, "done")
        current["note"] = result.note
        new_steps = result.update.pop("new_steps", None)
        if new_steps:
            report = [s for s in plan[state["cursor"] + 1 :] if s["agent"] == "report"]
            plan = plan[: state["cursor"] + 1] + new_steps + report
        _save_plan(deps, state["project_id"], plan)
        return Command(
            goto="observer",
            update={
                **result.update,
                "plan": plan,
                "signal": result.signal,
            },
        )

    def observer(
        state: SupervisorState,
    ) -> Command[Literal["executor", "ask_recruiter", "await_approval", "finish"]]:
        signal = state.get("signal", "continue")
        if signal == "ask":
            return Command(goto="ask_recruiter")
        if signal == "approve":
            return Command(goto="await_approval")
        nxt = state["cursor"] + 1
        if nxt < len(state["plan"]):
            return Command(goto="executor", update={"cursor": nxt})
        return Command(goto="finish")

    def ask_recruiter(state: SupervisorState) -> Command[Literal["planner"]]:
        answer = interrupt({"kind": "question", "project_id": state["project_id"]})
        answer = answer if isinstance(answer, dict) else {"text": str(answer)}
        return Command(
            goto="planner",
            update={
                "inbox": [str(answer.get("text", ""))],
                "phase": "intake",
                "last_message_id": str(answer.get("message_id", "")),
            },
        )

    def await_approval(state: SupervisorState) -> Command[Literal["planner", "finish"]]:
        approval_id = state.get("approval_id", "")
        decision = interrupt({"kind": "approval", "approval_id": approval_id})
        if is_screen_approval(deps, approval_id):
            apply_screen_decision(deps, state["project_id"], approval_id, decision)
            return Command(goto="finish", update={"screening": {}})
        choice = decision.get("decision") if isinstance(decision, dict) else None
        with transaction(deps.sessions) as session:
            project = projects.get(session, uuid.UUID(state["project_id"]))
            payload = approvals.payload_of(session, uuid.UUID(approval_id))
            qset = projects.latest_qset(session, project.id)
            assert qset is not None
            # A change of an already approved set: its pipeline stays and is re-evaluated.
            change = payload.get("diff") is not None
            previous = projects.approved_qset(session, project.id) if change else None
            if choice == "reject":
                reason = str(decision.get("reason") or "")
                if change:
                    qset.status = QualificationSetStatus.REJECTED
                    say(
                        session,
                        project,
                        f"{approval_id}:rejected",
                        sender="supervisor",
                        kind="reply",
                        body="Understood: the approved qualifications stay as they were.",
                    )
                    return Command(goto="finish", update={"proposal": {}})
                say(
                    session,
                    project,
                    f"{approval_id}:rejected",
                    sender="supervisor",
                    kind="reply",
                    body=f"Understood, I'll rework the qualifications: {reason}",
                )
                return Command(goto="planner", update={"phase": "intake", "feedback": reason})
            rows, refused = (
                _edited(session, project, approval_id, decision)
                if choice == "edit"
                else (list(qset.qualifications), list(qset.refused))
            )
            taken = _taken_suggestions(payload, decision)
            if taken:
                spec = JobSpec.model_validate(project.spec) if project.spec else JobSpec()
                merged, _ = apply_changes(
                    [Qualification.model_validate(r) for r in rows],
                    spec,
                    [Change(op="reuse_suggestions")],
                    taken,
                )
                rows = [q.model_dump(mode="json") for q in merged]
                _drop_suggestions(project, {str(s["id"]) for s in taken})
            if choice == "edit" or taken:
                projects.propose_qset(session, project, rows, refused, approved=True)
                if qset.status != QualificationSetStatus.APPROVED:
                    qset.status = QualificationSetStatus.SUPERSEDED
            else:
                qset.status = QualificationSetStatus.APPROVED
                qset.approved_at = datetime.now(UTC)
            if change:
                spec_changes = dict((payload.get("diff") or {}).get("spec") or {})
                if spec_changes:
                    project.spec = {**project.spec, **spec_changes}
                _drop_suggestions(
                    project,
                    set((payload.get("diff") or {}).get("taken_suggestions") or []),
                )
                return Command(
                    goto="planner",
                    update={
                        "phase": "reevaluate",
                        "proposal": {},
                        "previous_qset_id": str(previous.id) if previous else "",
                        # "Find more" after a change searches with the new set, not the old
                        # query (a newly required skill must reach the search).
                        "query": {},
                        "rounds": 0,
                    },
                )
            project.status = ProjectStatus.APPROVED
        return Command(goto="planner", update={"phase": "sourcing", "query": {}, "rounds": 0})

    def finish(state: SupervisorState) -> dict[str, Any]:
        _save_plan(deps, state["project_id"], state["plan"], finished=True)
        return {"phase": "followup"}

    graph: StateGraph[SupervisorState] = StateGraph(SupervisorState)
    graph.add_node("planner", planner)
    graph.add_node("executor", executor)
    graph.add_node("observer", observer)
    graph.add_node("ask_recruiter", ask_recruiter)
    graph.add_node("await_approval", await_approval)
    graph.add_node("finish", finish)
    graph.add_edge(START, "planner")
    graph.add_edge("finish", END)
    return graph


def _taken_suggestions(payload: dict[str, Any], decision: dict[str, Any]) -> list[dict[str, Any]]:
    wanted = {str(x) for x in decision.get("use_suggestions") or []}
    return [s for s in payload.get("suggestions") or [] if str(s.get("id")) in wanted]


def _drop_suggestions(project: Project, taken: set[str]) -> None:
    """A suggestion taken is no longer offered."""
    if taken:
        offered = projects.plan_of(project).suggestions
        left = [s for s in offered if str(s.get("id")) not in taken]
        projects.update_plan(project, suggestions=left)


def _edited(
    session: Any, project: Project, approval_id: str, decision: dict[str, Any]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """An edit becomes the new, approved qualification set; anything discriminatory in it
    is refused again, whoever typed it."""
    edits = (decision.get("changes") or {}).get("qualifications") or []
    kept: list[dict[str, Any]] = []
    refused: list[dict[str, Any]] = []
    for i, raw in enumerate(edits, start=1):
        verdict = check_qualification(str(raw.get("text", "")))
        if verdict is not None:
            refused.append(verdict.model_dump(mode="json"))
            continue
        starred = bool(raw.get("starred"))
        q = Qualification(
            id=f"q{i}",
            text=raw["text"],
            required=bool(raw.get("required", True)),
            weight=float(raw.get("weight") or (2.0 if starred else 1.0)),
            starred=starred,
            evidence_hint=str(raw.get("evidence_hint") or ""),
            kind=raw.get("kind"),
            any_of=[str(a) for a in raw.get("any_of") or []],
        )
        kept.append(q.model_dump(mode="json"))
    if refused:
        say(
            session,
            project,
            f"{approval_id}:edit-refused",
            sender="agent:intake",
            kind="reply",
            body="I approved your edits except: "
            + "; ".join(f'"{r["text"]}" ({r["reason"]})' for r in refused),
        )
    return kept, refused
