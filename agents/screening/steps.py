"""The screening agent's steps in the supervisor's plan: a question kit, a screen's
summary, and the approval of what the screen changes. Data goes through app services
only; each step is idempotent (the kit is replaced, the analysis is stored until decided,
the approval and messages have deterministic ids)."""

from __future__ import annotations

import uuid
from typing import Any

from agents.deps import AgentDeps
from agents.schemas import Qualification
from agents.screening.graph import build_screen_graph
from agents.screening.schemas import VerdictChange
from agents.screening.skill import prepare_kit
from agents.screening.speech import candidate_speech
from agents.screening.state import ScreenState
from agents.supervisor.messages import say
from agents.supervisor.state import Step, SupervisorState
from agents.supervisor.steps import StepResult
from app.approvals import service as approvals
from app.approvals.states import ApprovalKind
from app.evaluations import service as evaluations
from app.projects import service as projects
from app.screening import service as screening
from app.screening.states import ScreenStatus
from app.unit_of_work import transaction


def _verdicts(result: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    return {str(v.get("qualification_id")): v for v in (result or {}).get("verdicts") or []}


def screening_kit(deps: AgentDeps, state: SupervisorState, current: Step) -> StepResult:
    pid = uuid.UUID(state["project_id"])
    target = state.get("screening") or {}
    with transaction(deps.sessions) as session:
        project = projects.get(session, pid)
        if target.get("candidate_id"):
            found = screening.candidate_in_project(
                session, project, uuid.UUID(target["candidate_id"])
            )
            matches = [found] if found is not None else []
        else:
            matches = screening.find_by_name(session, project, str(target.get("name") or ""))
        if len(matches) != 1:
            who = target.get("name") or target.get("candidate_id") or "them"
            body = (
                f'I found nobody called "{who}" in this project\'s pipeline.'
                if not matches
                else f'{len(matches)} people in the pipeline match "{who}"; say the full name.'
            )
            say(session, project, f"{current['id']}:kit-who", sender="agent:screening",
                kind="reply", body=body)  # fmt: skip
            return StepResult("continue", body)
        candidate = matches[0]
        qset = projects.approved_qset(session, pid)
        if qset is None:
            body = "Approve the qualifications first: the questions are built from them."
            say(session, project, f"{current['id']}:kit-none", sender="agent:screening",
                kind="reply", body=body)  # fmt: skip
            return StepResult("continue", body)
        quals = [Qualification.model_validate(q) for q in qset.qualifications]
        result = evaluations.stored_result(session, candidate.id, qset.id, candidate.content_hash)
        cid, qset_id, label = candidate.id, qset.id, candidate.headline or "the candidate"
    # The model (if any) is asked with no transaction open.
    kit = prepare_kit(deps.gateway, quals, _verdicts(result))
    with transaction(deps.sessions) as session:
        project = projects.get(session, pid)
        screening.save_kit(
            session,
            project,
            cid,
            qualification_set_id=qset_id,
            questions=[q.model_dump(mode="json") for q in kit.questions],
            refused=[r.model_dump(mode="json") for r in kit.refused],
            engine=kit.engine,
        )
        lines = "\n".join(f"{i}. {q.text}" for i, q in enumerate(kit.questions, start=1))
        brain = f" ({kit.engine}{', degraded' if kit.degraded else ''})"
        say(
            session,
            project,
            f"{current['id']}:kit",
            sender="agent:screening",
            kind="reply",
            body=f"Screening questions for {label}{brain}:\n{lines}\nEdit or export them "
            "on the candidate.",
            payload={"candidate_id": str(cid), "questions": len(kit.questions)},
        )
    return StepResult("continue", f"{len(kit.questions)} questions for {label}{brain}")


def _change_line(c: dict[str, Any]) -> str:
    quote = c["quotes"][0] if c.get("quotes") else ""
    return f'{c["text"]}: {c["before"]} → {c["after"]} ("{quote}")'


def screen_summary(deps: AgentDeps, state: SupervisorState, current: Step) -> StepResult:
    pid = uuid.UUID(state["project_id"])
    sid = uuid.UUID(str((state.get("screening") or {}).get("screen_id")))
    with transaction(deps.sessions) as session:
        screen = screening.find_screen(session, pid, sid)
        project = projects.get(session, pid)
        qset = projects.approved_qset(session, pid)
        candidate = (
            screening.candidate_in_project(session, project, screen.candidate_id)
            if screen
            else None
        )
        if screen is None or qset is None or candidate is None:
            body = (
                "I could not read that screen: approve the qualifications and add the "
                "candidate first."
            )
            say(session, project, f"{current['id']}:no-screen", sender="agent:screening",
                kind="reply", body=body)  # fmt: skip
            return StepResult("finish", body)
        speech = candidate_speech(screen.turns, screen.candidate_speaker)
        inputs: ScreenState = {
            "speech": speech,
            "qualifications": list(qset.qualifications),
            "result": evaluations.stored_result(
                session, candidate.id, qset.id, candidate.content_hash
            ),
        }
        label = candidate.headline or "the candidate"
    out = build_screen_graph(deps.gateway).compile().invoke(inputs)  # no transaction open
    analysis, changes = out["analysis"], [c.model_dump(mode="json") for c in out["changes"]]
    quotes = [
        {"qualification_id": f.qualification_id, "verdict": f.verdict, "quotes": f.quotes}
        for f in analysis.findings
        if f.quotes
    ]
    with transaction(deps.sessions) as session:
        screen = screening.find_screen(session, pid, sid)
        project = projects.get(session, pid)
        assert screen is not None
        screening.store_analysis(
            session,
            screen,
            summary={
                "text": analysis.summary,
                "quotes": quotes,
                "candidate_turns": len(speech.sections),
                "left_out_as_instructions": speech.blanked,
            },
            changes=changes,
            engine=out["engine"],
        )
        listed = "\n".join(f"- {_change_line(c)}" for c in changes) or "- none"
        say(
            session,
            project,
            f"{current['id']}:summary",
            sender="agent:screening",
            kind="reply",
            body=f"Screen of {label}: {analysis.summary}\nWhat it would change:\n{listed}",
            payload={"screen_id": str(sid), "changes": changes},
        )
    return StepResult("continue", f"{len(changes)} verdict change(s) proposed ({out['engine']})")


def screen_approval(deps: AgentDeps, state: SupervisorState, current: Step) -> StepResult:
    pid = uuid.UUID(state["project_id"])
    sid = uuid.UUID(str((state.get("screening") or {}).get("screen_id")))
    with transaction(deps.sessions) as session:
        project = projects.get(session, pid)
        screen = screening.find_screen(session, pid, sid)
        if screen is None or screen.status != ScreenStatus.ANALYSED:
            # Not read (no approved set, not in the pipeline) or already decided: nothing
            # to ask, and never a wait on an approval nobody will decide again.
            return StepResult("continue", "nothing to approve")
        changes = [VerdictChange.model_validate(c) for c in screen.changes]
        request = approvals.request(
            session,
            project,
            kind=ApprovalKind.SCREEN,
            subject=str(sid),
            payload={
                "screen_id": str(sid),
                "candidate_id": str(screen.candidate_id),
                "changes": [c.model_dump(mode="json") for c in changes],
                "summary": str(screen.summary.get("text", "")),
                "stage": "screened",
            },
        )
        n = len(changes)
        say(
            session,
            project,
            f"{current['id']}:approval",
            sender="supervisor",
            kind="approval",
            body=f"Approve to record this screen: {n} verdict change{'s' if n != 1 else ''} "
            "and the candidate moves to screened. Reject to keep everything as it is (the "
            "transcript stays on file).",
            payload={"approval_id": str(request.id)},
        )
    return StepResult("approve", "waiting for your decision", {"approval_id": str(request.id)})


SCREENING_STEPS = {
    "screening_kit": screening_kit,
    "screen_summary": screen_summary,
    "screen_approval": screen_approval,
}
