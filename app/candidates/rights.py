"""A candidate's rights: everything held about them, exported; or erased everywhere.

Erasure is one unit of work: the profile and what hangs off it (documents, sections, chunks,
evaluations, pipeline entries: foreign keys cascade), embeddings no other profile shares,
events that name them, and every mention in the recruiters' mailboxes and approvals,
scrubbed in place so the conversation around them still reads. The audit record names the
id and the counts, never the person.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from app.audit import service as audit
from app.candidates import rights_repository as repo
from app.candidates.rights_schemas import (
    CandidateExport,
    ErasureReport,
    ExportedDocument,
    ExportedEvaluation,
    ExportedMessage,
    ExportedSection,
    ExportedStage,
)
from app.errors import NotFound
from app.models import Candidate
from app.orgs.service import Caller

ERASED = "[erased]"
_REMOVE = object()

# Said in every report: outside this database, or derived and expiring on its own.
NOT_COVERED = [
    "agent checkpoints keep the state of finished graph steps until the project is deleted",
    "copies outside Scout (exports already taken, e-mails already sent, backups)",
]

_PROFILE_FIELDS = (
    "name",
    "emails",
    "phones",
    "urls",
    "headline",
    "location",
    "city",
    "region",
    "country_code",
    "years_experience",
    "category",
    "skills",
    "onet_codes",
    "profile",
    "raw_text",
    "source",
    "created_at",
)


def _profile(c: Candidate) -> dict[str, Any]:
    return {f: getattr(c, f) for f in _PROFILE_FIELDS}


def _require(session: Session, org_id: uuid.UUID, candidate_id: uuid.UUID) -> Candidate:
    candidate = repo.lock(session, org_id, candidate_id)
    if candidate is None:
        raise NotFound("candidate")
    return candidate


def export(session: Session, org_id: uuid.UUID, candidate_id: uuid.UUID) -> CandidateExport:
    candidate = _require(session, org_id, candidate_id)
    needle = str(candidate_id)
    return CandidateExport(
        candidate_id=candidate.id,
        exported_at=datetime.now(UTC),
        profile=_profile(candidate),
        documents=[
            ExportedDocument(
                source=d.source,
                media_type=d.media_type,
                size_bytes=d.size_bytes,
                created_at=d.created_at,
            )
            for d in repo.documents(session, candidate_id)
        ],
        sections=[
            ExportedSection(kind=s.kind, heading=s.heading, text=s.text)
            for s in repo.sections(session, candidate_id)
        ],
        evaluations=[
            ExportedEvaluation(
                qualification_set_id=e.qualification_set_id,
                score=e.score,
                engine=e.engine,
                result=e.result,
                created_at=e.created_at,
            )
            for e in repo.evaluations(session, candidate_id)
        ],
        pipeline=[
            ExportedStage(
                project_id=p.project_id,
                stage=p.stage,
                reason=p.reason,
                rating=p.rating,
                added_by=p.added_by,
            )
            for p in repo.pipeline(session, candidate_id)
        ],
        messages=[
            ExportedMessage(id=m.id, kind=m.kind, body=m.body, created_at=m.created_at)
            for m in repo.messages_mentioning(session, org_id, needle)
        ],
        events=repo.count_events_mentioning(session, org_id, needle),
    )


def scrub(value: Any, words: list[str]) -> Any:
    """`value` with every mention of `words` gone: an object holding one as a value is
    dropped from its list (one entry of a shortlist), a key that is one is dropped, and
    text has them replaced. `words[0]` is the id; the rest are the person's name."""
    cid = words[0]
    if isinstance(value, dict):
        if any(v == cid for v in value.values()):
            return _REMOVE
        out = {}
        for k, v in value.items():
            if k == cid:
                continue
            cleaned = scrub(v, words)
            out[k] = ERASED if cleaned is _REMOVE else cleaned
        return out
    if isinstance(value, list):
        return [x for x in (scrub(v, words) for v in value) if x is not _REMOVE]
    if isinstance(value, str):
        for word in words:
            if word:
                value = value.replace(word, ERASED)
        return value
    return value


def _scrub_top(payload: dict[str, Any], words: list[str]) -> dict[str, Any]:
    cleaned = scrub(payload, words)
    if cleaned is _REMOVE:  # the payload is about this person alone
        return {k: (ERASED if v == words[0] else scrub(v, words)) for k, v in payload.items()}
    return cleaned  # type: ignore[no-any-return]


def erase(session: Session, actor: Caller | audit.Actor, candidate_id: uuid.UUID) -> ErasureReport:
    org_id = actor.org.id if isinstance(actor, Caller) else actor.org_id
    candidate = _require(session, org_id, candidate_id)
    needle = str(candidate_id)
    # A name of a few letters would scrub unrelated words; only whole, longer names.
    words = [needle] + ([candidate.name] if candidate.name and len(candidate.name) >= 4 else [])

    messages = repo.messages_mentioning(session, org_id, needle)
    for m in messages:
        m.body = scrub(m.body, words)
        m.payload = _scrub_top(m.payload, words)
    approvals = repo.approvals_mentioning(session, org_id, needle)
    for a in approvals:
        a.payload = _scrub_top(a.payload, words)
        a.decision = _scrub_top(a.decision, words)

    embedding_ids = repo.chunk_embedding_ids(session, candidate_id)
    counts = {
        "documents": len(repo.documents(session, candidate_id)),
        "sections": len(repo.sections(session, candidate_id)),
        "chunks": repo.count_chunks(session, candidate_id),
        "evaluations": len(repo.evaluations(session, candidate_id)),
        "pipeline_entries": len(repo.pipeline(session, candidate_id)),
    }
    events_deleted = repo.delete_events_mentioning(session, org_id, needle)
    session.delete(candidate)  # documents, sections, chunks, evaluations, pipeline cascade
    session.flush()
    embeddings = repo.delete_unreferenced_embeddings(session, org_id, embedding_ids)
    report = ErasureReport(
        candidate_id=candidate_id,
        embeddings=embeddings,
        messages_scrubbed=len(messages),
        approvals_scrubbed=len(approvals),
        events_deleted=events_deleted,
        not_covered=NOT_COVERED,
        **counts,
    )
    audit.record(
        session,
        actor,
        "candidate.erased",
        f"candidate:{candidate_id}",
        report.model_dump(mode="json", exclude={"candidate_id", "not_covered"}),
    )
    return report
