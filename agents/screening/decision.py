"""The recruiter's decision on a screen, applied by the supervisor when it resumes:
approved, the changed verdicts are stored with the evaluation (quotes marked
`source: "screen"`), the recap and rank follow, the candidate moves to `screened` and the
recruiter is told what changed; rejected, nothing changes but the screen's status."""

from __future__ import annotations

import uuid
from typing import Any

from agents.deps import AgentDeps
from agents.evaluation.ranking import summarize
from agents.schemas import Qualification
from agents.screening.changes import apply_changes, with_sources
from agents.screening.schemas import VerdictChange
from agents.supervisor.messages import say
from app.approvals import service as approvals
from app.approvals.states import ApprovalKind
from app.evaluations import service as evaluations
from app.projects import service as projects
from app.projects import standings
from app.screening import service as screening
from app.screening.states import ScreenStatus
from app.signals import service as signals
from app.unit_of_work import UnitOfWork, transaction


def is_screen_approval(deps: AgentDeps, approval_id: str) -> bool:
    if not approval_id:
        return False
    with transaction(deps.sessions) as session:
        return approvals.payload_of(session, uuid.UUID(approval_id)).get("screen_id") is not None


def _rank(session: UnitOfWork, project_id: uuid.UUID, qset_id: uuid.UUID, cid: uuid.UUID) -> str:
    table = standings.standings(session, project_id, qset_id)
    order = sorted(table, key=lambda c: (-table[c].score, str(c)))
    return f"#{order.index(cid) + 1} of {len(order)}" if cid in table else "unranked"


def apply_decision(deps: AgentDeps, project_id: str, approval_id: str, decision: Any) -> None:
    choice = decision.get("decision") if isinstance(decision, dict) else None
    pid = uuid.UUID(project_id)
    with transaction(deps.sessions) as session:
        project = projects.get(session, pid)
        payload = approvals.payload_of(session, uuid.UUID(approval_id))
        screen = screening.find_screen(session, pid, uuid.UUID(str(payload["screen_id"])))
        if screen is None or screen.status != ScreenStatus.ANALYSED:
            return  # already decided: a resumed node re-runs, the decision applies once
        key = f"{ApprovalKind.SCREEN}:{screen.id}"
        if choice != "approve":
            screening.decide_screen(session, screen, applied=False)
            say(session, project, f"{key}:rejected", sender="supervisor", kind="reply",
                body="Understood: the verdicts and the stage stay as they were; the transcript "
                "stays on file.")  # fmt: skip
            return
        qset = projects.approved_qset(session, pid)
        candidate = screening.candidate_in_project(session, project, screen.candidate_id)
        assert qset is not None and candidate is not None
        quals = [Qualification.model_validate(q) for q in qset.qualifications]
        changes = [VerdictChange.model_validate(c) for c in screen.changes]
        before_rank = _rank(session, pid, qset.id, candidate.id)
        stored = evaluations.stored_result(session, candidate.id, qset.id, candidate.content_hash)
        base = stored or summarize(quals, []).model_dump(mode="json")
        new = apply_changes(base, changes, quals)
        data = with_sources(new, changes, str(screen.id))
        if not evaluations.replace_result(
            session, candidate.id, qset.id, candidate.content_hash, result=data, score=new.score
        ):
            evaluations.store(
                session,
                org_id=candidate.org_id,
                candidate_id=candidate.id,
                qualification_set_id=qset.id,
                content_hash=candidate.content_hash,
                result=data,
                score=new.score,
                engine=new.engine,
                degraded=new.degraded,
            )
        screening.decide_screen(session, screen, applied=True)
        # A screen outcome the learning agent can count (verdict moves only: no quotes,
        # no summary, nothing the candidate said beyond what the recruiter approved).
        signals.record(
            session,
            project,
            "screen",
            candidate_id=candidate.id,
            data={
                "screen_id": str(screen.id),
                "changes": [
                    {"qualification_id": c.qualification_id, "before": c.before, "after": c.after}
                    for c in changes
                ],
            },
        )
        session.flush()
        after_rank = _rank(session, pid, qset.id, candidate.id)
        lines = (
            "\n".join(f'- {c.text}: {c.before} → {c.after} ("{c.quotes[0]}")' for c in changes)
            or "- no verdict changed"
        )
        say(
            session,
            project,
            f"{key}:applied",
            sender="supervisor",
            kind="reply",
            body=f"Applied the screen of {candidate.headline or 'the candidate'}:\n{lines}\n"
            f"Recap now {new.recap}; rank {before_rank} → {after_rank}. Stage: screened.",
            payload={
                "screen_id": str(screen.id),
                "candidate_id": str(candidate.id),
                "changes": [c.model_dump(mode="json") for c in changes],
                "recap": new.recap,
                "rank": {"before": before_rank, "after": after_rank},
            },
        )
