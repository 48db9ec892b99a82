"""Import one file through the product's path and read back the stored candidate: the step many
parsing tests share (the Importer behind `POST /v1/candidates/import`, on the real stack)."""

from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy import select

from app.candidates.service import Importer, read_paths
from app.db import transaction
from app.models import Candidate
from app.runtime import Runtime


def import_one(rt: Runtime, org_id: uuid.UUID, path: Path) -> Candidate:
    """`path` imported into `org_id` (which must hold no other candidate), its stored row."""
    with transaction(rt.sessions) as session:
        summary = Importer(session, rt.embedder, org_id).run(read_paths([path]))
    assert summary.imported == 1 and summary.failed == [], summary
    with transaction(rt.sessions) as session:
        row = session.scalar(select(Candidate).where(Candidate.org_id == org_id))
    assert row is not None
    return row  # sessions keep attributes after commit (expire_on_commit=False)
