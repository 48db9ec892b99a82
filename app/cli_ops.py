"""Operator commands: tokens (list, revoke), a candidate's rights (export, erase), the audit log."""

from __future__ import annotations

import getpass
import uuid
from typing import Annotated

import typer

from app.cli import cli, console, emit, fail, runtime, token_cli
from app.db import transaction

candidate_cli = typer.Typer(help="A candidate's data: export it, erase it.", no_args_is_help=True)
cli.add_typer(candidate_cli, name="candidate")

_Org = Annotated[str | None, typer.Option(help="organization slug")]


def _operator() -> str:
    # The audit log names who acted; at the CLI that is the local account.
    return f"cli:{getpass.getuser()}"


@token_cli.command("list")
def token_list(
    org: _Org = None,
    recruiter: Annotated[str | None, typer.Option(help="only this recruiter's")] = None,
) -> None:
    """Tokens of an organization: id, prefix, owner, label, state (never the secret)."""
    from app.orgs import repository as orgs
    from app.orgs.service import require_org
    from app.tokens.service import list_for

    with runtime() as rt, transaction(rt.sessions) as session:
        organization = require_org(session, org or rt.settings.default_org_slug)
        owner_id = None
        if recruiter is not None:
            owner = orgs.recruiter_by_email(session, organization.id, recruiter)
            if owner is None:
                fail(f"no recruiter {recruiter!r} in {organization.slug}")
                return
            owner_id = owner.id
        listed = list_for(session, organization.id, owner_id)
    for t in listed.items:
        state = "active" if t.active else ("revoked" if t.revoked_at else "expired")
        expires = t.expires_at.isoformat() if t.expires_at else "never"
        typer.echo(
            f"{t.id}\t{t.prefix}\t{t.recruiter_email}\t{state}\texpires {expires}\t{t.label}"
        )


@token_cli.command("revoke")
def token_revoke(
    ref: Annotated[str, typer.Argument(help="token id, or its prefix as `token list` shows")],
    org: _Org = None,
) -> None:
    """Revoke a token: refused from the next request on. Audited."""
    from app.orgs.service import require_org
    from app.tokens.service import revoke_in_org

    with runtime() as rt, transaction(rt.sessions) as session:
        organization = require_org(session, org or rt.settings.default_org_slug)
        out = revoke_in_org(session, organization.id, ref, _operator())
    console.print(f"revoked {out.prefix}… of {out.recruiter_email}")


def _candidate_id(raw: str) -> uuid.UUID:
    try:
        return uuid.UUID(raw)
    except ValueError:
        fail(f"{raw!r} is not a candidate id (a UUID, as the API and search show it)", 2)
        raise


@candidate_cli.command("export")
def candidate_export(candidate_id: str, org: _Org = None) -> None:
    """Print everything held about a candidate as JSON (a subject access request)."""
    from app.candidates.rights import export
    from app.orgs.service import require_org

    cid = _candidate_id(candidate_id)
    with runtime() as rt, transaction(rt.sessions) as session:
        organization = require_org(session, org or rt.settings.default_org_slug)
        data = export(session, organization.id, cid)
    emit(data.model_dump(mode="json"))


@candidate_cli.command("erase")
def candidate_erase(
    candidate_id: str,
    org: _Org = None,
    yes: Annotated[bool, typer.Option("--yes", help="do not ask for confirmation")] = False,
) -> None:
    """Erase a candidate everywhere (profile, documents, chunks, embeddings, evaluations,
    messages and events that name them). Audited; cannot be undone."""
    from app.audit.service import Actor
    from app.candidates.rights import erase
    from app.orgs.service import require_org

    cid = _candidate_id(candidate_id)
    if not yes:
        typer.confirm(f"erase candidate {cid} everywhere? this cannot be undone", abort=True)
    with runtime() as rt, transaction(rt.sessions) as session:
        organization = require_org(session, org or rt.settings.default_org_slug)
        report = erase(session, Actor(org_id=organization.id, name=_operator()), cid)
    emit(report.model_dump(mode="json"))


@cli.command("audit")
def audit_list(org: _Org = None, limit: Annotated[int, typer.Option(min=1, max=1000)] = 50) -> None:
    """The newest entries of an organization's audit log."""
    from app.audit import repository
    from app.orgs.service import require_org

    with runtime() as rt, transaction(rt.sessions) as session:
        organization = require_org(session, org or rt.settings.default_org_slug)
        rows = repository.newest(session, organization.id, before=None, limit=limit, action=None)
        for r in rows:
            typer.echo(f"{r.created_at.isoformat()}\t{r.actor}\t{r.action}\t{r.subject}")
