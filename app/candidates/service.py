"""Talent-pool import: read, extract, dedupe, embed, and write each batch atomically."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from app.candidates import bulk_write, repository
from app.candidates.dedupe import NearDuplicateIndex, content_hash, simhash
from app.candidates.parsing.extract import extract_profile
from app.candidates.parsing.isolation import ParseLimits
from app.candidates.parsing.readers import read_many
from app.candidates.profile import RawRecord, ReadError
from app.candidates.schemas import (
    CandidateOut,
    CandidatePage,
    CandidateSummary,
    FailedItem,
    HiddenTextItem,
    ImportSummary,
    NearDuplicate,
    SectionOut,
)
from app.candidates.states import ImportRunStatus
from app.candidates.store import PreparedCandidate, chunk_rows, prepare
from app.embeddings.backends import Embedder
from app.embeddings.service import ensure_embeddings
from app.errors import NotFound

# Re-exported: agents hold a candidate as an opaque handle they pass back to services.
from app.models import Candidate as Candidate
from app.models import ImportRun

log = logging.getLogger(__name__)

Progress = Callable[[int], None]

_MEDIA_TYPES = {
    ".csv": "text/csv",
    ".jsonl": "application/jsonl",
    ".ndjson": "application/jsonl",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".txt": "text/plain",
    ".md": "text/markdown",
}


def media_type_of(source: str) -> str:
    name = source.split("#", 1)[0]
    return _MEDIA_TYPES.get(Path(name).suffix.lower(), "application/octet-stream")


class Importer:
    """One import run into one organization, inside the caller's unit of work.

    With `embed=False` the chunks are written without embeddings and the edge asks the
    worker to embed them after the commit (`Dispatcher.embeddings_pending`).

    The edge (endpoint, CLI command, task) owns the transaction and commits it; the importer
    only flushes. Each batch is written under a SAVEPOINT, so a batch Postgres refuses is
    rolled back alone and retried one record per savepoint: a refused row leaves nothing
    behind and never sinks its neighbours.
    """

    def __init__(
        self,
        session: Session,
        embedder: Embedder,
        org_id: uuid.UUID,
        *,
        recruiter_id: uuid.UUID | None = None,
        batch_size: int = 200,
        embed: bool = True,
    ) -> None:
        self.session = session
        # False: store chunks unembedded, for the worker's batched embed task
        # (`app.candidates.tasks`); the profiles are searchable by full text at once.
        self.embed = embed
        self.embedder = embedder
        self.org_id = org_id
        self.recruiter_id = recruiter_id
        self.batch_size = batch_size
        self.summary = ImportSummary()
        self._seen: set[str] = set()
        # Content hashes already in the org when the run began: a re-import skips the blind
        # text, SimHash and row building for them (the write still re-checks, for races).
        self._stored: set[str] = set()
        self._near = NearDuplicateIndex()
        self._texts_before = embedder.stats.texts

    def run(
        self, items: Iterable[RawRecord | ReadError], progress: Progress | None = None
    ) -> ImportSummary:
        session = self.session
        run = ImportRun(org_id=self.org_id, recruiter_id=self.recruiter_id)
        session.add(run)
        session.flush()
        self.summary.import_run_id = run.id
        for h, cid, digest in repository.org_fingerprints(session, self.org_id):
            self._near.add(h, str(cid))
            self._stored.add(digest)
        batch: list[tuple[RawRecord, PreparedCandidate]] = []
        for item in items:
            if isinstance(item, ReadError):
                self.summary.failed.append(FailedItem(file=item.file, error=item.error))
            else:
                if item.hidden_text:
                    self.summary.hidden_text.append(
                        HiddenTextItem(
                            file=item.source,
                            chars=sum(item.hidden_text.values()),
                            kinds=item.hidden_text,
                        )
                    )
                prepared = self._prepare(item)
                if prepared is not None:
                    batch.append((item, prepared))
            if len(batch) >= self.batch_size:
                self._write(batch)
                batch = []
            if progress is not None:
                progress(1)
        if batch:
            self._write(batch)
        self._finish()
        return self.summary

    def _prepare(self, record: RawRecord) -> PreparedCandidate | None:
        try:
            profile = extract_profile(record)
        except (ValueError, KeyError, TypeError) as exc:
            # The extractor is meant not to raise; if it does, report the record, go on.
            log.warning("could not extract %s: %s", record.source, exc)
            self.summary.failed.append(
                FailedItem(file=record.source, error=f"could not read this profile: {exc}")
            )
            return None
        if not profile.raw_text.strip():
            self.summary.failed.append(
                FailedItem(file=record.source, error="no resume text or profile fields found")
            )
            return None
        digest = content_hash(profile.raw_text)
        if digest in self._seen or digest in self._stored:
            self.summary.duplicates += 1
            return None
        self._seen.add(digest)
        sim = simhash(profile.raw_text)
        similar = self._near.find(sim)
        prepared = prepare(
            profile,
            org_id=self.org_id,
            source=record.source,
            media_type=media_type_of(record.source),
            size_bytes=len(profile.raw_text.encode()),
            content_hash=digest,
            simhash=sim,
            import_run_id=self.summary.import_run_id,
        )
        # Reported only once written: an exact duplicate found at write time is not "near".
        prepared.similar_to = similar
        self._near.add(sim, str(prepared.candidate.id))
        return prepared

    def _write(self, batch: list[tuple[RawRecord, PreparedCandidate]]) -> None:
        try:
            self._write_all(batch)
        except (IntegrityError, DBAPIError, bulk_write.DriverError) as exc:
            # One bad row must not sink its neighbours: retry one profile per savepoint.
            log.warning("batch write failed (%s); retrying record by record", exc.__class__)
            for pair in batch:
                try:
                    self._write_all([pair])
                except (IntegrityError, bulk_write.DriverIntegrityError):
                    self.summary.duplicates += 1  # a concurrent import stored it first
                except (DBAPIError, bulk_write.DriverError) as row_exc:
                    reason = getattr(row_exc, "orig", None) or row_exc
                    self.summary.failed.append(
                        FailedItem(file=pair[0].source, error=f"could not store: {reason}")
                    )

    def _write_all(self, batch: list[tuple[RawRecord, PreparedCandidate]]) -> None:
        session = self.session
        with session.begin_nested():
            hashes = [p.candidate.content_hash for _, p in batch]
            stored = repository.existing_hashes(session, self.org_id, hashes)
            fresh = [(r, p) for r, p in batch if p.candidate.content_hash not in stored]
            embedding_ids: dict[str, int] = {}
            if self.embed:
                texts = [t for _, p in fresh for t in p.chunk_texts()]
                embedding_ids = ensure_embeddings(session, self.embedder, self.org_id, texts)
            # One pipelined INSERT per table instead of the ORM's flush (see bulk_write);
            # section ids come from their sequence first so the chunks can point at them.
            bulk_write.insert_new(session, [p.candidate for _, p in fresh])
            bulk_write.insert_new(session, [p.document for _, p in fresh])
            sections = [s for _, p in fresh for s in p.sections]
            ids = bulk_write.next_ids(session, "candidate_sections", "id", len(sections))
            for section, section_id in zip(sections, ids, strict=True):
                section.id = section_id
            bulk_write.insert_new(session, sections)
            bulk_write.insert_new(
                session, [c for _, p in fresh for c in chunk_rows(p, embedding_ids)]
            )
        self.summary.duplicates += len(batch) - len(fresh)
        self.summary.imported += len(fresh)
        for _, p in fresh:
            self.summary.candidate_ids.append(p.candidate.id)
            if p.similar_to is not None:
                self.summary.near_duplicates.append(
                    NearDuplicate(source=p.candidate.source, similar_to=p.similar_to)
                )

    def _finish(self) -> None:
        self.summary.embedding_calls = self.embedder.stats.texts - self._texts_before
        run = self.session.get(ImportRun, self.summary.import_run_id)
        if run is not None:
            run.status = ImportRunStatus.FINISHED
            run.imported = self.summary.imported
            run.duplicates = self.summary.duplicates
            run.near_duplicates = len(self.summary.near_duplicates)
            run.embedding_calls = self.summary.embedding_calls
            run.failed = [f.model_dump() for f in self.summary.failed]
            run.finished_at = datetime.now(UTC)
            self.session.flush()
        log.info(
            "import %s: %d imported, %d duplicates, %d failed, %d texts embedded",
            self.summary.import_run_id,
            self.summary.imported,
            self.summary.duplicates,
            len(self.summary.failed),
            self.summary.embedding_calls,
        )


def read_paths(
    paths: Iterable[Path],
    column_map: dict[str, str] | None = None,
    *,
    isolate: ParseLimits | None = None,
) -> Iterator[RawRecord | ReadError]:
    # One stream over all paths: an upload's documents are read ahead across its files.
    yield from read_many(paths, column_map, isolate=isolate)


# -- what the API shows -----------------------------------------------------------------------


def page(session: Session, org_id: uuid.UUID, after: uuid.UUID | None, limit: int) -> CandidatePage:
    """The org's candidates in id order, after `after` (the previous page's cursor)."""
    rows = repository.list_candidates(session, org_id, after, limit + 1)
    items = [
        CandidateSummary(
            candidate_id=c.id,
            name=c.name,
            headline=c.headline,
            location=c.location,
            source=c.source,
        )
        for c in rows[:limit]
    ]
    return CandidatePage(
        items=items, next_cursor=str(rows[limit - 1].id) if len(rows) > limit else None
    )


def get_out(session: Session, org_id: uuid.UUID, cid: uuid.UUID) -> CandidateOut:
    """One candidate of this org, whole (the recruiter's own view, contact data included)."""
    candidate = repository.get_candidate(session, org_id, cid)
    if candidate is None:
        # Same answer for "absent" and "another organization's": existence is not leaked.
        raise NotFound("candidate")
    sections = repository.sections_of(session, candidate.id)
    return CandidateOut(
        candidate_id=candidate.id,
        name=candidate.name,
        headline=candidate.headline,
        location=candidate.location,
        years_experience=candidate.years_experience,
        source=candidate.source,
        skills=candidate.skills,
        emails=candidate.emails,
        phones=candidate.phones,
        urls=candidate.urls,
        profile=candidate.profile,
        raw_text=candidate.raw_text,
        sections=[
            SectionOut(
                kind=s.kind, heading=s.heading, text=s.text, start=s.start_offset, end=s.end_offset
            )
            for s in sections
        ],
    )
