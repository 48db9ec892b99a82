"""Organizations, recruiters and their bearer tokens."""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from app.errors import AppError
from app.models import ApiToken, Organization, Recruiter
from app.orgs import repository

TOKEN_PREFIX = "sct_"
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


@dataclass(frozen=True)
class Caller:
    """Who is asking: every query below the API is scoped by this."""

    recruiter: Recruiter
    org: Organization
    # The bearer token it came with (rate limits count per token); None off the API.
    token_id: uuid.UUID | None = None


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def ensure_org(session: Session, slug: str, name: str | None = None) -> Organization:
    if not _SLUG.match(slug):
        raise AppError(
            f"invalid organization slug {slug!r}: use lowercase letters, digits and dashes"
        )
    org = repository.org_by_slug(session, slug)
    if org is None:
        org = Organization(slug=slug, name=name or slug)
        session.add(org)
        session.flush()
    return org


def require_org(session: Session, slug: str) -> Organization:
    org = repository.org_by_slug(session, slug)
    if org is None:
        raise AppError(
            f"organization {slug!r} does not exist; create it with `scout org create {slug}`",
            status_code=404,
        )
    return org


def ensure_recruiter(session: Session, org: Organization, email: str, name: str = "") -> Recruiter:
    recruiter = repository.recruiter_by_email(session, org.id, email)
    if recruiter is None:
        recruiter = Recruiter(org_id=org.id, email=email, name=name or email.split("@")[0])
        session.add(recruiter)
        session.flush()
    return recruiter


def create_token(
    session: Session, recruiter: Recruiter, label: str = "", expires_at: datetime | None = None
) -> str:
    """Return a new secret; only its hash is stored, so it can be shown exactly once."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(
        ApiToken(
            recruiter_id=recruiter.id,
            token_hash=hash_token(secret),
            prefix=secret[:10],
            label=label,
            expires_at=expires_at,
        )
    )
    session.flush()
    return secret


def authenticate(session: Session, token: str) -> Caller | None:
    found = repository.active_token(session, hash_token(token))
    if found is None:
        return None
    api_token, recruiter = found
    org = session.get(Organization, recruiter.org_id)
    if org is None:
        return None
    return Caller(recruiter=recruiter, org=org, token_id=api_token.id)
