"""Drafts, the recruiter's decisions on them, threads and the outbox.

Nothing here sends: an approved message only becomes due; `app.outreach.sending` picks it
up after the commit. Services only flush; the request or task boundary commits.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.approvals import service as approvals
from app.approvals.states import ApprovalKind
from app.evaluations import service as evaluations
from app.events import service as events
from app.models import (
    Candidate,
    OutreachMessage,
    OutreachProject,
    OutreachStyle,
    OutreachThread,
    Project,
    ProjectCandidate,
)
from app.orgs.service import Caller
from app.outreach import interrupted
from app.outreach import repository as repo

# The decisions live in their own module; re-exported so callers keep one entry point.
from app.outreach.decisions import (
    decide,
    decide_batch,
    decide_whole_batch,
    edit,
    owned_message,
)
from app.outreach.schemas import (
    CandidateBrief,
    DraftIn,
    OutreachMessageOut,
    ProjectSettingsIn,
    ProjectSettingsOut,
    StyleIn,
    StyleOut,
)
from app.outreach.states import MessageKind, OutreachStatus, ThreadStatus

__all__ = [
    "ThreadStatus",
    "decide",
    "decide_batch",
    "decide_whole_batch",
    "edit",
    "owned_message",
]
from app.projects import service as projects
from app.projects.states import CandidateStage

# The stages a first message may move on to `contacted`, and a reply on to `replied`:
# never backwards, never over a recruiter's later decision.
BEFORE_CONTACT = (CandidateStage.CALIBRATION, CandidateStage.SOURCED, CandidateStage.PIPELINE)
BEFORE_REPLY = (*BEFORE_CONTACT, CandidateStage.CONTACTED)

_NOTES = {
    OutreachStatus.DRAFT: "draft: waiting for your approval",
    OutreachStatus.REJECTED: "rejected by you: will not be sent",
    OutreachStatus.APPROVED: "approved: queued to send",
    OutreachStatus.SENDING: "sending",
    OutreachStatus.SENT: "sent",
    OutreachStatus.WOULD_SEND: "NOT SENT: no mail server is configured (local outbox only)",
    OutreachStatus.FAILED: "send failed: will retry",
    OutreachStatus.BOUNCED: "bounced: the address was refused",
    OutreachStatus.CANCELLED: "cancelled",
    OutreachStatus.HELD: "held: not sent",
}


# -- style and settings ---------------------------------------------------------------------


def style_of(session: Session, recruiter_id: uuid.UUID) -> StyleOut:
    row = session.get(OutreachStyle, recruiter_id)
    if row is None:
        return StyleOut()
    return StyleOut(
        tone=row.tone,
        length=row.length,
        signature=row.signature,
        daily_cap=row.daily_cap,
    )


def set_style(session: Session, caller: Caller, body: StyleIn) -> StyleOut:
    row = session.get(OutreachStyle, caller.recruiter.id)
    if row is None:
        row = OutreachStyle(recruiter_id=caller.recruiter.id, org_id=caller.org.id)
        session.add(row)
    row.tone, row.length, row.signature, row.daily_cap = (
        body.tone,
        body.length,
        body.signature,
        body.daily_cap,
    )
    session.flush()
    return style_of(session, caller.recruiter.id)


def settings_of(session: Session, project_id: uuid.UUID) -> ProjectSettingsOut:
    row = session.get(OutreachProject, project_id)
    if row is None:
        return ProjectSettingsOut()
    return ProjectSettingsOut(
        auto_answer=row.auto_answer,
        followup_days=row.followup_days,
        max_followups=row.max_followups,
    )


def set_settings(session: Session, project: Project, body: ProjectSettingsIn) -> ProjectSettingsOut:
    row = session.get(OutreachProject, project.id)
    if row is None:
        row = OutreachProject(project_id=project.id, org_id=project.org_id)
        session.add(row)
    row.auto_answer, row.followup_days, row.max_followups = (
        body.auto_answer,
        body.followup_days,
        body.max_followups,
    )
    session.flush()
    return settings_of(session, project.id)


# -- what a draft may use -------------------------------------------------------------------


def outreach_targets(
    session: Session, project_id: uuid.UUID, wanted: list[uuid.UUID] | None
) -> list[uuid.UUID]:
    """Those of `wanted` in the project (never the archived); with none named, the
    candidates the recruiter put in the pipeline."""
    if wanted:
        active = projects.active_pipeline_ids(session, project_id)
        return [c for c in dict.fromkeys(wanted) if c in active]
    return sorted(
        session.scalars(
            select(ProjectCandidate.candidate_id).where(
                ProjectCandidate.project_id == project_id,
                ProjectCandidate.stage == CandidateStage.PIPELINE,
            )
        )
    )


def briefs(session: Session, project_id: uuid.UUID, ids: list[uuid.UUID]) -> list[CandidateBrief]:
    """Each candidate's own evidence (quotes the evaluator took from the redacted text) and
    roles; no name, address, phone or date of birth."""
    qset = projects.approved_qset(session, project_id)
    quals = {str(q["id"]): str(q["text"]) for q in (qset.qualifications if qset else [])}
    out: list[CandidateBrief] = []
    for cid in ids:
        candidate = session.get(Candidate, cid)
        if candidate is None:
            continue
        evidence: list[dict[str, str]] = []
        stored = _result_of(session, qset.id if qset else None, candidate)
        for verdict in (stored or {}).get("verdicts", []):
            if verdict.get("verdict") != "met":
                continue
            for ev in verdict.get("evidence", [])[:1]:
                evidence.append(
                    {
                        "qualification": quals.get(str(verdict["qualification_id"]), ""),
                        "quote": str(ev.get("quote", "")),
                    }
                )
        roles = [
            {"title": str(w.get("title") or ""), "company": str(w.get("company") or "")}
            for w in (candidate.profile or {}).get("work_history", [])[:3]
            if w.get("title") or w.get("company")
        ]
        out.append(
            CandidateBrief(
                candidate_id=cid,
                has_address=bool(candidate.emails),
                headline=candidate.headline,
                roles=roles,
                evidence=evidence,
                skills=list(candidate.skills or [])[:12],
            )
        )
    return out


def _result_of(
    session: Session, qset_id: uuid.UUID | None, candidate: Candidate
) -> dict[str, Any] | None:
    if qset_id is None:
        return None
    return evaluations.stored_result(session, candidate.id, qset_id, candidate.content_hash)


def job_brief(session: Session, project_id: uuid.UUID) -> dict[str, Any]:
    """The role as a draft may describe it: title, approved qualifications, where."""
    project = projects.get(session, project_id)
    qset = projects.approved_qset(session, project_id)
    spec = project.spec or {}
    return {
        "title": str(spec.get("title") or project.title),
        "qualifications": [str(q["text"]) for q in (qset.qualifications if qset else [])],
        "location": str(spec.get("location") or ""),
        "work_mode": str(spec.get("work_mode") or ""),
    }


def already_contacted(session: Session, project_id: uuid.UUID, candidate_id: uuid.UUID) -> bool:
    """A first message of this thread is drafted, approved or out: never a second one."""
    thread = session.scalar(
        select(OutreachThread).where(
            OutreachThread.project_id == project_id, OutreachThread.candidate_id == candidate_id
        )
    )
    if thread is None:
        return False
    return any(
        m.kind == MessageKind.FIRST
        and m.status not in (OutreachStatus.REJECTED, OutreachStatus.CANCELLED)
        for m in repo.messages_of_thread(session, thread.id)
    )


# -- drafts become an approval --------------------------------------------------------------


def header_id(mail_from: str) -> str:
    domain = mail_from.rsplit("@", 1)[-1].strip(" >") or "localhost"
    return f"<{uuid.uuid4().hex}@{domain}>"


def store_drafts(
    session: Session, project: Project, batch_key: str, drafts: list[DraftIn], mail_from: str
) -> uuid.UUID | None:
    """Store a batch of drafts as one approval of kind `outreach`; idempotent per batch key
    (a re-run step finds its approval and stores nothing twice)."""
    approval_id = uuid.uuid5(project.id, f"{ApprovalKind.OUTREACH}:{batch_key}")
    if approvals.exists(session, approval_id):
        return approval_id
    drafts = [d for d in drafts if not already_contacted(session, project.id, d.candidate_id)]
    if not drafts:
        return None
    listed: list[dict[str, Any]] = []
    rows: list[OutreachMessage] = []
    for draft in drafts:
        candidate = session.get(Candidate, draft.candidate_id)
        if candidate is None or candidate.org_id != project.org_id:
            continue
        if candidate.emails and repo.is_suppressed(session, project.org_id, candidate.emails[0]):
            continue  # unsubscribed, from any project of the org: never drafted again
        thread = repo.thread_for(
            session,
            org_id=project.org_id,
            recruiter_id=project.recruiter_id,
            project_id=project.id,
            candidate_id=candidate.id,
            email=candidate.emails[0] if candidate.emails else None,
        )
        first = _message(project, thread, approval_id, draft, MessageKind.FIRST, mail_from)
        rows.append(first)
        entry: dict[str, Any] = {
            "id": str(first.id),
            "candidate_id": str(candidate.id),
            "headline": candidate.headline or "",
            "subject": draft.subject,
            "body": draft.body,
            "cited": draft.cited,
            "has_address": bool(candidate.emails),
        }
        if draft.followup_body:
            followup = _message(
                project, thread, approval_id, draft, MessageKind.FOLLOWUP, mail_from
            )
            followup.in_reply_to = first.header_message_id
            followup.references = first.header_message_id
            rows.append(followup)
            entry["followup"] = {"id": str(followup.id), "body": draft.followup_body}
        listed.append(entry)
    if not listed:
        return None
    approvals.request(
        session,
        project,
        kind=ApprovalKind.OUTREACH,
        subject=batch_key,
        payload={"messages": listed, "count": len(listed)},
    )
    session.add_all(rows)
    session.flush()
    return approval_id


def _message(
    project: Project,
    thread: OutreachThread,
    approval_id: uuid.UUID,
    draft: DraftIn,
    kind: MessageKind,
    mail_from: str,
) -> OutreachMessage:
    step = 1 if kind == MessageKind.FOLLOWUP else 0
    return OutreachMessage(
        id=uuid.uuid4(),
        org_id=project.org_id,
        recruiter_id=project.recruiter_id,
        project_id=project.id,
        thread_id=thread.id,
        approval_id=approval_id,
        kind=kind,
        step=step,
        subject=draft.followup_subject or f"Re: {draft.subject}" if step else draft.subject,
        body=draft.followup_body if step else draft.body,
        evidence=[{"quote": q} for q in draft.cited],
        engine=draft.engine,
        status=OutreachStatus.DRAFT,
        send_key=f"{approval_id}:{thread.id}:{kind}:{step}",
        header_message_id=header_id(mail_from),
    )


def to_out(m: OutreachMessage, candidate_id: uuid.UUID) -> OutreachMessageOut:
    return OutreachMessageOut(
        id=m.id,
        thread_id=m.thread_id,
        project_id=m.project_id,
        candidate_id=candidate_id,
        approval_id=m.approval_id,
        kind=m.kind,
        step=m.step,
        subject=m.subject,
        body=m.body,
        evidence=list(m.evidence),
        engine=m.engine,
        status=m.status,
        status_note=interrupted.NOTE
        if interrupted.is_unknown(m)
        else _NOTES.get(OutreachStatus(m.status), m.status),
        header_message_id=m.header_message_id,
        faq_id=m.faq_id,
        due_at=m.due_at,
        attempts=m.attempts,
        last_error=m.last_error,
        sent_at=m.sent_at,
        created_at=m.created_at,
    )


def out(session: Session, m: OutreachMessage) -> OutreachMessageOut:
    thread = session.get(OutreachThread, m.thread_id)
    assert thread is not None
    return to_out(m, thread.candidate_id)


def batch(session: Session, caller: Caller, approval_id: uuid.UUID) -> list[OutreachMessageOut]:
    approvals.get_owned(session, caller, approval_id)
    return [out(session, m) for m in repo.messages_of_approval(session, approval_id)]


def set_stage(
    session: Session,
    project_id: uuid.UUID,
    candidate_id: uuid.UUID,
    stage: CandidateStage,
    allowed_from: tuple[CandidateStage, ...],
) -> bool:
    row = repo.pipeline_row(session, project_id, candidate_id)
    if row is None or row.stage not in allowed_from:
        return False
    row.stage = stage
    project = projects.get(session, project_id)
    events.publish(
        session,
        recruiter_id=project.recruiter_id,
        org_id=project.org_id,
        kind="project.updated",
        data={"project_id": str(project_id), "what": f"candidate:{stage}",
              "candidate_id": str(candidate_id)},
    )  # fmt: skip
    return True


def stop_thread(session: Session, thread: OutreachThread, status: ThreadStatus, reason: str) -> int:
    if thread.status == ThreadStatus.ACTIVE or status == ThreadStatus.UNSUBSCRIBED:
        thread.status = status
        thread.stop_reason = reason
    return repo.cancel_pending_followups(session, thread.id, reason)
