"""HTTP routes for the talent pool: import, list, and read one candidate."""

from __future__ import annotations

import json
import tempfile
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile

from app.candidates import rights
from app.candidates import service as candidates
from app.candidates.parsing.isolation import ParseLimits
from app.candidates.profile import RawRecord, ReadError
from app.candidates.rights_schemas import CandidateExport, ErasureReport
from app.candidates.schemas import (
    CandidateOut,
    CandidatePage,
    FailedItem,
    ImportSummary,
)
from app.candidates.service import Importer, read_paths
from app.candidates.upload_names import display_name, storage_name
from app.db import after_commit, transaction
from app.deps import CallerDep, RuntimeDep, SessionDep
from app.dispatch import CeleryDispatcher, Dispatcher
from app.errors import AppError
from app.hygiene import CleanStr
from app.idempotency.middleware import IdempotencyKeyHeader
from app.openapi_errors import COMMON, error_responses
from app.ratelimit import RATE_LIMITED, limited

router = APIRouter(
    prefix="/v1/candidates", tags=["candidates"], responses=error_responses(*COMMON, 400, 404)
)

_CHUNK = 1024 * 1024


def _parse_column_map(raw: str | None) -> dict[str, str] | None:
    if not raw:
        return None
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise AppError(f"column_map is not valid JSON: {exc.msg} at {exc.pos}") from exc
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise AppError('column_map must be a JSON object like {"text": "Resume"}')
    return value


def _relabel(
    items: Iterable[RawRecord | ReadError], names: dict[str, str]
) -> Iterator[RawRecord | ReadError]:
    """Report uploads by the (cleaned) name the recruiter gave them, not our temporary path;
    a row's label (`file.csv#row=12`) keeps its suffix."""

    def clean(label: str) -> str:
        for stored, display in names.items():
            if label == stored or label.startswith(stored + "#"):
                return display + label[len(stored) :]
        return label

    for item in items:
        if isinstance(item, ReadError):
            yield ReadError(file=clean(item.file), error=item.error)
        else:
            yield item.model_copy(update={"source": clean(item.source)})


def _save_upload(upload: UploadFile, target: Path, limit: int) -> int:
    """Stream to disk; stop at the limit so a huge upload cannot fill memory or disk."""
    written = 0
    with target.open("wb") as out:
        while chunk := upload.file.read(_CHUNK):
            written += len(chunk)
            if written > limit:
                break
            out.write(chunk)
    return written


@router.post(
    "/import",
    response_model=ImportSummary,
    dependencies=[Depends(IdempotencyKeyHeader), Depends(limited("import"))],
    responses={**error_responses(409), **RATE_LIMITED},
)
def import_candidates(
    request: Request,
    runtime: RuntimeDep,
    caller: CallerDep,
    # `str` too: a form part named `files` that is not a file upload is a 400 saying so,
    # not pydantic's "Expected UploadFile".
    files: Annotated[
        list[UploadFile | str] | None, File(description="CSV, JSONL, PDF, DOCX or TXT files")
    ] = None,
    column_map: Annotated[CleanStr | None, Form(max_length=10_000)] = None,
) -> ImportSummary:
    if not files:
        raise AppError("send at least one file in the `files` field")
    texts = [i for i, part in enumerate(files) if isinstance(part, str)]
    if texts:
        raise AppError(
            f"`files` part {texts[0]} is plain text, not a file: send each file as a file "
            "upload (curl -F files=@resume.pdf)"
        )
    uploads = [part for part in files if not isinstance(part, str)]
    mapping = _parse_column_map(column_map)
    limit = runtime.settings.import_max_table_bytes
    too_big: list[FailedItem] = []
    with tempfile.TemporaryDirectory(prefix="scout-upload-") as tmp:
        root = Path(tmp)
        paths: list[Path] = []
        names: dict[str, str] = {}
        for i, upload in enumerate(uploads):
            # The client's filename is only a label: it never chooses where a file is written.
            name = display_name(upload.filename, i)
            target = root / storage_name(name, i)
            names[target.name] = name
            if _save_upload(upload, target, limit) > limit:
                target.unlink()
                too_big.append(
                    FailedItem(file=name, error=f"file is over the {limit // 2**20} MB limit")
                )
            else:
                paths.append(target)
        dispatcher: Dispatcher = request.app.state.dispatcher
        # With workers, the request parses and stores; a worker embeds in batches after the
        # commit (searchable by full text at once, by meaning seconds later).
        worker = (
            dispatcher
            if isinstance(dispatcher, CeleryDispatcher) and runtime.settings.import_embed_on_worker
            else None
        )
        with transaction(runtime.sessions, org_id=caller.org.id) as session:
            importer = Importer(
                session,
                runtime.embedder,
                caller.org.id,
                recruiter_id=caller.recruiter.id,
                batch_size=runtime.settings.import_batch_size,
                embed=worker is None,
            )
            limits = ParseLimits(
                memory_mb=runtime.settings.import_parse_memory_mb,
                cpu_seconds=runtime.settings.import_parse_cpu_s,
            )
            summary = importer.run(_relabel(read_paths(paths, mapping, isolate=limits), names))
            if worker is not None and summary.candidate_ids:
                fresh = list(summary.candidate_ids)
                after_commit(session, lambda: worker.embeddings_pending(caller.org.id, fresh))
            if summary.candidate_ids:
                # Nearline: new profiles meet the org's async projects now, not at the next
                # run; published only once they are committed, so a worker can read them.
                ids = list(summary.candidate_ids)
                after_commit(session, lambda: dispatcher.candidates_changed(caller.org.id, ids))
    summary.failed.extend(too_big)
    return summary


@router.get("", response_model=CandidatePage)
def list_candidates(
    session: SessionDep,
    caller: CallerDep,
    cursor: Annotated[
        CleanStr | None, Query(max_length=40, description="next_cursor of the previous page")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> CandidatePage:
    after = _parse_uuid(cursor, "cursor") if cursor else None
    return candidates.page(session, caller.org.id, after, limit)


# `:uuid`: only an id matches, so `GET /v1/candidates/import` is a 405, not a bad id.
@router.get("/{candidate_id:uuid}", response_model=CandidateOut)
def get_candidate(session: SessionDep, caller: CallerDep, candidate_id: uuid.UUID) -> CandidateOut:
    return candidates.get_out(session, caller.org.id, candidate_id)


@router.get(
    "/{candidate_id:uuid}/export",
    response_model=CandidateExport,
    responses={404: {"description": "no such candidate in your organization"}},
)
def export_candidate(
    session: SessionDep, caller: CallerDep, candidate_id: uuid.UUID
) -> CandidateExport:
    """Everything held about this person, for a subject access request."""
    return rights.export(session, caller.org.id, candidate_id)


@router.delete(
    "/{candidate_id:uuid}",
    response_model=ErasureReport,
    responses={404: {"description": "no such candidate in your organization"}},
)
def erase_candidate(
    session: SessionDep, caller: CallerDep, candidate_id: uuid.UUID
) -> ErasureReport:
    """Erase this person everywhere (right to erasure); audited, cannot be undone."""
    return rights.erase(session, caller, candidate_id)


def _parse_uuid(value: str, what: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError as exc:
        raise AppError(f"{what} {value!r} is not a valid id") from exc
