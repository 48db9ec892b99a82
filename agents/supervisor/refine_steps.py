"""The steps of a refinement after approval: propose the change as a diff, ask for its
approval, then re-evaluate the pipeline that is already there and say what moved.

Data goes through app services only. Every step is idempotent (deterministic ids,
artifacts keyed by step id), as the executor may re-run one after a crash.
"""

from __future__ import annotations

import uuid

from agents.deps import AgentDeps
from agents.evaluation.skill import prepare_evaluation, run_evaluation, store_evaluation
from agents.refinement.schemas import Diff
from agents.schemas import Qualification
from agents.supervisor.state import Step, SupervisorState
from agents.supervisor.steps import StepResult, qset_payload, qualifications_of, say
from app.approvals import service as approvals
from app.approvals.states import ApprovalKind
from app.candidates import repository as candidates
from app.evaluations import service as evaluations
from app.projects import service as projects
from app.projects import standings as pipeline
from app.unit_of_work import transaction


def refine(deps: AgentDeps, state: SupervisorState, current: Step) -> StepResult:
    pid = uuid.UUID(state["project_id"])
    proposal = state.get("proposal") or {}
    diff = Diff.model_validate(proposal.get("diff") or {})
    with transaction(deps.sessions) as session:
        project = projects.get(session, pid)
        artifacts = dict(projects.plan_of(project).artifacts)
        if current["id"] not in artifacts:
            qset = projects.propose_qset(
                session,
                project,
                list(proposal.get("qualifications") or []),
                [r.model_dump(mode="json") for r in diff.refused],
            )
            artifacts[current["id"]] = str(qset.id)
            projects.update_plan(project, artifacts=artifacts)
        refused = "".join(f'\nI left out "{r.text}": {r.reason}' for r in diff.refused)
        missing = "".join(f'\nI found nothing matching "{t}".' for t in diff.not_found)
        say(
            session,
            project,
            f"{current['id']}:proposal",
            sender="agent:intake",
            kind="proposal",
            body=f"Proposed change to the approved qualifications: {diff.summary()}."
            + refused
            + missing,
            payload={
                "qualification_set_id": artifacts[current["id"]],
                "diff": diff.model_dump(mode="json"),
            },
        )
    return StepResult("continue", f"proposed: {diff.summary()}")


def change_approval(deps: AgentDeps, state: SupervisorState, current: Step) -> StepResult:
    pid = uuid.UUID(state["project_id"])
    diff = Diff.model_validate((state.get("proposal") or {}).get("diff") or {})
    # A change the learning agent proposed: its own kind, with the evidence it rests on.
    learned = (state.get("proposal") or {}).get("learning")
    with transaction(deps.sessions) as session:
        project = projects.get(session, pid)
        qset = projects.latest_qset(session, pid)
        approved = projects.approved_qset(session, pid)
        assert qset is not None and approved is not None
        request = approvals.request(
            session,
            project,
            kind=ApprovalKind.LEARNING if learned else ApprovalKind.QUALIFICATIONS,
            subject=str(qset.id),
            payload={
                **qset_payload(qset),
                # A change of an approved set: what it adds, removes and changes.
                "change_of_version": approved.version,
                "diff": diff.model_dump(mode="json"),
                "summary": diff.summary(),
                "suggestions": [],
                **({"learning": learned} if learned else {}),
            },
        )
        # The project stays approved: sourcing goes on with the approved set meanwhile.
        say(
            session,
            project,
            f"{current['id']}:approval",
            sender="supervisor",
            kind="approval",
            body=f"Please review this change: {diff.summary()}. Approve it to apply it: the "
            "candidates in your pipeline keep their stage, rating and notes and are "
            "re-evaluated. Reject it to keep the qualifications as they are.",
            payload={"approval_id": str(request.id)},
        )
    return StepResult("approve", "waiting for your decision", {"approval_id": str(request.id)})


def reevaluation(deps: AgentDeps, state: SupervisorState, current: Step) -> StepResult:
    pid = uuid.UUID(state["project_id"])
    with transaction(deps.sessions) as session:
        qset = projects.approved_qset(session, pid)
        assert qset is not None
        qset_id, org_id = qset.id, qset.org_id
        quals = qualifications_of(qset.qualifications)
        ids = pipeline.pipeline_ids(session, pid)
    done = reused = 0
    for cid in ids:
        with transaction(deps.sessions) as session:
            candidate = candidates.get_candidate(session, org_id, cid)
            qset = pipeline.qset_by_id(session, qset_id)
            if candidate is None or qset is None:
                continue
            if evaluations.has_result(session, candidate.id, qset.id, candidate.content_hash):
                reused += 1
                continue
            job = prepare_evaluation(session, candidate, qset)
        result = run_evaluation(deps, job, quals)  # no transaction open across the model call
        with transaction(deps.sessions) as session:
            store_evaluation(session, job, result)
        done += 1
    with transaction(deps.sessions) as session:
        project = projects.get(session, pid)
        previous_id = state.get("previous_qset_id")
        before = pipeline.standings(session, pid, uuid.UUID(previous_id)) if previous_id else {}
        after = pipeline.standings(session, pid, qset_id)
        previous = pipeline.qset_by_id(session, uuid.UUID(previous_id)) if previous_id else None
        new = pipeline.qset_by_id(session, qset_id)
        assert new is not None
        change = compare_sets(
            qualifications_of(previous.qualifications) if previous else [],
            qualifications_of(new.qualifications),
        )
        moved = movement(before, after)
        body = (
            f"Re-evaluated {len(after)} candidate{'s' if len(after) != 1 else ''} in your "
            f"pipeline against the new qualifications"
            + (f" ({change})" if change else "")
            + f": {moved}. Their stages, ratings and notes are unchanged. Ask me to find "
            "more to source new people with the new set."
        )
        say(
            session,
            project,
            f"{current['id']}:moved",
            sender="supervisor",
            kind="reply",
            body=body,
            payload={"re_evaluated": done, "reused": reused},
        )
    return StepResult("continue", f"{done} re-evaluated, {reused} already evaluated: {moved}")


def compare_sets(before: list[Qualification], after: list[Qualification]) -> str:
    """What differs between two sets, by wording (an edit renumbers ids)."""

    def key(q: Qualification) -> str:
        return " ".join(q.text.lower().split())

    old = {key(q): q for q in before}
    new = {key(q): q for q in after}
    parts = [
        f"{q.text} added as {'required' if q.required else 'nice-to-have'}"
        for k, q in new.items()
        if k not in old
    ]
    parts += [f"{q.text} removed" for k, q in old.items() if k not in new]
    for k, q in new.items():
        if k in old and old[k].required != q.required:
            parts.append(f"{q.text} now {'required' if q.required else 'nice-to-have'}")
        if k in old and old[k].starred != q.starred:
            parts.append(f"{q.text} {'starred' if q.starred else 'no longer starred'}")
    return "; ".join(parts)


def movement(
    before: dict[uuid.UUID, pipeline.Standing], after: dict[uuid.UUID, pipeline.Standing]
) -> str:
    """ "3 moved up, 1 moved down, 1 now meets all required": true counts, by rank."""

    def ranks(table: dict[uuid.UUID, pipeline.Standing]) -> dict[uuid.UUID, int]:
        common = [c for c in table if c in before and c in after]
        order = sorted(common, key=lambda c: (-table[c].score, str(c)))
        return {c: i for i, c in enumerate(order)}

    old, new = ranks(before), ranks(after)
    up = sum(1 for c in new if new[c] < old[c])
    down = sum(1 for c in new if new[c] > old[c])
    gained = sum(
        1
        for c, s in after.items()
        if s.meets_all_required and not (c in before and before[c].meets_all_required)
    )
    lost = sum(
        1
        for c, s in after.items()
        if c in before and before[c].meets_all_required and not s.meets_all_required
    )
    parts = [f"{up} moved up", f"{down} moved down"]
    if gained:
        parts.append(f"{gained} now meet{'s' if gained == 1 else ''} all required")
    if lost:
        parts.append(f"{lost} no longer meet{'s' if lost == 1 else ''} all required")
    if not up and not down and not gained and not lost:
        return "the order did not change"
    return ", ".join(parts)


REFINE_STEPS = {
    "refine": refine,
    "change_approval": change_approval,
    "reevaluation": reevaluation,
}
