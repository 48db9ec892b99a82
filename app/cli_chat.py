"""`scout chat`: talk to your assistant in the terminal, the same way the web chat does."""

from __future__ import annotations

import re
import sys
import uuid
from typing import Annotated

import typer

from app.approvals import service as approvals
from app.approvals.schemas import DecisionIn
from app.approvals.states import ApprovalStatus
from app.cli import cli, console, runtime
from app.db import transaction
from app.mailbox import service as mailbox
from app.orgs.service import Caller, ensure_recruiter, require_org
from app.projects import service as projects
from app.projects.plan import plan_of
from app.projects.schemas import CandidateListScope
from app.runtime import Runtime

_EVERYONE = re.compile(
    r"^\s*(?:/candidates\s+all|show\s+me\s+(?:everyone|everybody|all(?:\s+candidates)?))\W*$",
    re.IGNORECASE,
)

HELP = (
    "Type to talk to your assistant. Commands: /approve, /reject REASON, /candidates "
    "(/candidates all or 'show me everyone' for everyone), /plan, /quit"
)


def _show_new(rt: Runtime, caller: Caller, after: int, project_id: uuid.UUID | None) -> int:
    with transaction(rt.sessions) as session:
        assistant = mailbox.assistant_for(session, caller.recruiter)
        page = mailbox.page(session, assistant, cursor=str(after), limit=500, project_id=project_id)
    for m in page.items:
        if m.sender != "recruiter":
            typer.echo(f"\n[{m.sender} · {m.kind}]\n{m.body}")
        after = m.seq
    return after


def _pending_approval(rt: Runtime, caller: Caller, project_id: uuid.UUID) -> uuid.UUID | None:
    with transaction(rt.sessions) as session:
        page = approvals.page(session, caller, status=ApprovalStatus.PENDING, cursor=None, limit=50)
    for a in page.items:
        if a.project_id == project_id:
            return a.id
    return None


@cli.command("chat")
def chat(
    project: Annotated[str | None, typer.Option(help="continue this project id")] = None,
    org: Annotated[str | None, typer.Option(help="organization slug")] = None,
    recruiter: Annotated[str | None, typer.Option(help="recruiter email")] = None,
) -> None:
    """A terminal conversation with the assistant for one project."""
    from app.bootstrap import build_processor

    with runtime() as rt:
        processor = build_processor(rt)
        with transaction(rt.sessions) as session:
            organization = require_org(session, org or rt.settings.default_org_slug)
            person = ensure_recruiter(
                session, organization, recruiter or rt.settings.default_recruiter_email
            )
            caller = Caller(recruiter=person, org=organization)
            project_id = uuid.UUID(project) if project else None
            if project_id is not None:
                projects.get_owned(session, caller, project_id)
        console.print(HELP)
        seen = _show_new(rt, caller, 0, project_id) if project_id else 0
        try:
            for line in sys.stdin if not sys.stdin.isatty() else iter(lambda: input("> "), None):
                text = line.strip()
                if not text:
                    continue
                if text == "/quit":
                    break
                if project_id is None:
                    with transaction(rt.sessions) as session:
                        created = projects.create(session, caller, text)
                        message = mailbox.from_recruiter(
                            session, caller.recruiter, created.id, text, kind="request"
                        )
                        project_id, assistant_id = created.id, message.assistant_id
                    typer.echo(f"(project {project_id})")
                    processor.process_pending(assistant_id)
                elif text.startswith(("/approve", "/reject")):
                    approval_id = _pending_approval(rt, caller, project_id)
                    if approval_id is None:
                        typer.echo("Nothing is waiting for your approval.")
                        continue
                    reason = text.partition(" ")[2].strip() or None
                    body = DecisionIn(
                        decision="approve" if text.startswith("/approve") else "reject",
                        reason=reason,
                    )
                    with transaction(rt.sessions) as session:
                        approvals.decide(session, caller, approval_id, body)
                    processor.resume_approval(approval_id)
                elif text == "/candidates" or _EVERYONE.match(text):
                    # "show me everyone" lists those meeting no required qualification too.
                    include: CandidateListScope = "qualified" if text == "/candidates" else "all"
                    with transaction(rt.sessions) as session:
                        p = projects.get_owned(session, caller, project_id)
                        ranked = projects.ranked(
                            session, caller, p, cursor=None, limit=20, include=include
                        )
                    for c in ranked.items:
                        typer.echo(
                            f"{c.rank:>3}. {c.headline or '-'} [{c.location or '-'}] "
                            f"{c.recap}  ({c.candidate_id})"
                        )
                    if ranked.note:
                        typer.echo(ranked.note.replace("(include=all)", "(/candidates all)"))
                    continue
                elif text == "/plan":
                    with transaction(rt.sessions) as session:
                        p = projects.get_owned(session, caller, project_id)
                        steps = plan_of(p).steps
                    for s in steps:
                        typer.echo(f"[{s.status:>7}] {s.goal}  {s.note}")
                    continue
                else:
                    with transaction(rt.sessions) as session:
                        message = mailbox.from_recruiter(
                            session, caller.recruiter, project_id, text
                        )
                        assistant_id = message.assistant_id
                    processor.process_pending(assistant_id)
                seen = _show_new(rt, caller, seen, project_id)
        except (EOFError, KeyboardInterrupt):
            pass
        finally:
            processor.close()
