"""All SQL for listing and revoking tokens."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from app.models import ApiToken, Recruiter


def with_owner(
    session: Session, *, org_id: uuid.UUID, recruiter_id: uuid.UUID | None = None
) -> Sequence[Row[ApiToken, Recruiter]]:
    query = (
        select(ApiToken, Recruiter)
        .join(Recruiter, Recruiter.id == ApiToken.recruiter_id)
        .where(Recruiter.org_id == org_id)
    )
    if recruiter_id is not None:
        query = query.where(ApiToken.recruiter_id == recruiter_id)
    return session.execute(query.order_by(ApiToken.created_at, ApiToken.id)).all()


def find(session: Session, token_id: uuid.UUID) -> tuple[ApiToken, Recruiter] | None:
    row = session.execute(
        select(ApiToken, Recruiter)
        .join(Recruiter, Recruiter.id == ApiToken.recruiter_id)
        .where(ApiToken.id == token_id)
        .with_for_update(of=ApiToken)
    ).first()
    return (row[0], row[1]) if row else None


def by_prefix(session: Session, org_id: uuid.UUID, prefix: str) -> Sequence[ApiToken]:
    return session.scalars(
        select(ApiToken)
        .join(Recruiter, Recruiter.id == ApiToken.recruiter_id)
        .where(Recruiter.org_id == org_id, ApiToken.prefix.startswith(prefix, autoescape=True))
    ).all()
