"""What a candidate's export and erasure return."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel


class ExportedSection(BaseModel):
    kind: str
    heading: str
    text: str


class ExportedDocument(BaseModel):
    source: str
    media_type: str
    size_bytes: int
    created_at: datetime


class ExportedEvaluation(BaseModel):
    qualification_set_id: uuid.UUID
    score: float
    engine: str
    result: dict[str, Any]
    created_at: datetime


class ExportedStage(BaseModel):
    project_id: uuid.UUID
    stage: str
    reason: str | None
    rating: int | None
    added_by: str | None


class ExportedMessage(BaseModel):
    id: uuid.UUID
    kind: str
    body: str
    created_at: datetime


class CandidateExport(BaseModel):
    """Everything held about one person in one organization (a subject access request)."""

    candidate_id: uuid.UUID
    exported_at: datetime
    profile: dict[str, Any]
    documents: list[ExportedDocument]
    sections: list[ExportedSection]
    evaluations: list[ExportedEvaluation]
    pipeline: list[ExportedStage]
    messages: list[ExportedMessage]
    events: int


class ErasureReport(BaseModel):
    candidate_id: uuid.UUID
    documents: int
    sections: int
    chunks: int
    embeddings: int
    evaluations: int
    pipeline_entries: int
    messages_scrubbed: int
    approvals_scrubbed: int
    events_deleted: int
    # What erasure cannot reach from the database, said plainly.
    not_covered: list[str]
