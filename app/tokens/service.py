"""List and revoke tokens. A recruiter sees and revokes their own; an operator at the CLI
any in an organization. Revocation is audited and idempotent."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from app.audit import service as audit
from app.errors import AppError, NotFound
from app.models import ApiToken, Recruiter
from app.orgs.service import Caller
from app.tokens import repository
from app.tokens.schemas import TokenList, TokenOut


def to_out(token: ApiToken, owner: Recruiter, now: datetime | None = None) -> TokenOut:
    now = now or datetime.now(UTC)
    expired = token.expires_at is not None and token.expires_at <= now
    return TokenOut(
        id=token.id,
        prefix=token.prefix,
        label=token.label,
        recruiter_email=owner.email,
        created_at=token.created_at,
        expires_at=token.expires_at,
        revoked_at=token.revoked_at,
        active=token.revoked_at is None and not expired,
    )


def list_for(
    session: Session, org_id: uuid.UUID, recruiter_id: uuid.UUID | None = None
) -> TokenList:
    rows = repository.with_owner(session, org_id=org_id, recruiter_id=recruiter_id)
    now = datetime.now(UTC)
    return TokenList(items=[to_out(row[0], row[1], now) for row in rows])


def _revoke(session: Session, token: ApiToken, actor: Caller | audit.Actor) -> None:
    if token.revoked_at is not None:
        return  # already revoked: a retry changes nothing and records nothing
    token.revoked_at = datetime.now(UTC)
    session.flush()
    audit.record(session, actor, "token.revoked", f"token:{token.id}", {"prefix": token.prefix})


def revoke_own(session: Session, caller: Caller, token_id: uuid.UUID) -> TokenOut:
    found = repository.find(session, token_id)
    # Someone else's token is "not found", exactly like one that does not exist.
    if found is None or found[1].id != caller.recruiter.id:
        raise NotFound("token")
    _revoke(session, found[0], caller)
    return to_out(*found)


def revoke_in_org(session: Session, org_id: uuid.UUID, ref: str, operator: str) -> TokenOut:
    """`ref` is a token id or the start of its prefix (as `scout token list` shows it)."""
    try:
        found = repository.find(session, uuid.UUID(ref))
    except ValueError:
        matches = repository.by_prefix(session, org_id, ref) if len(ref) >= 6 else []
        if len(matches) > 1:
            raise AppError(
                f"{len(matches)} tokens start with {ref!r}; give more of the prefix or the id",
                status_code=409,
            ) from None
        found = repository.find(session, matches[0].id) if matches else None
    if found is None or found[1].org_id != org_id:
        raise AppError(
            f"no token {ref!r} in this organization; see `scout token list`", status_code=404
        )
    _revoke(session, found[0], audit.Actor(org_id=org_id, name=operator))
    return to_out(*found)
