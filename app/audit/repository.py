"""All SQL for the audit log."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import AuditRecord


def newest(
    session: Session, org_id: uuid.UUID, *, before: int | None, limit: int, action: str | None
) -> Sequence[AuditRecord]:
    query = select(AuditRecord).where(AuditRecord.org_id == org_id)
    if before is not None:
        query = query.where(AuditRecord.id < before)
    if action is not None:
        query = query.where(AuditRecord.action == action)
    return session.scalars(query.order_by(AuditRecord.id.desc()).limit(limit)).all()
