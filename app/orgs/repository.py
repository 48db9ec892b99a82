"""All SQL for organizations, recruiters and API tokens."""

from __future__ import annotations

import uuid

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.models import ApiToken, Organization, Recruiter


def org_by_slug(session: Session, slug: str) -> Organization | None:
    return session.scalar(select(Organization).where(Organization.slug == slug))


def recruiter_by_email(session: Session, org_id: uuid.UUID, email: str) -> Recruiter | None:
    return session.scalar(
        select(Recruiter).where(Recruiter.org_id == org_id, Recruiter.email == email)
    )


def active_token(session: Session, token_hash: str) -> tuple[ApiToken, Recruiter] | None:
    row = session.execute(
        select(ApiToken, Recruiter)
        .join(Recruiter, Recruiter.id == ApiToken.recruiter_id)
        .where(
            ApiToken.token_hash == token_hash,
            ApiToken.revoked_at.is_(None),
            # The database's clock, not this process's: every API process agrees.
            or_(ApiToken.expires_at.is_(None), ApiToken.expires_at > func.now()),
        )
    ).first()
    return (row[0], row[1]) if row else None
