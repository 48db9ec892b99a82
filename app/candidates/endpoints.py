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
from app.candidates.profile import RawRecord, ReadError
from app.candidates.rights_schemas import CandidateExport, ErasureReport
from app.candidates.schemas import (
    CandidateOut,
    CandidatePage,
    FailedItem,
    ImportSummary,
)
from app.candidates.service import Importer, read_paths
from app.db import after_commit, transaction
from app.deps import CallerDep, RuntimeDep, SessionDep
from app.dispatch import Dispatcher
from app.errors import AppError
from app.ratelimit import RATE_LIMITED, limited

router = APIRouter(prefix="/v1/candidates", tags=["candidates"])

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


def _relabel(items: Iterable[RawRecord | ReadError], root: Path) -> Iterator[RawRecord | ReadError]:
    """Report uploads by the name the recruiter gave them, not our temporary path."""
    prefix = str(root) + "/"

    def clean(label: str) -> str:
        if label.startswith(prefix):
            label = label[len(prefix) :].split("/", 1)[-1]
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
    dependencies=[Depends(limited("import"))],
    responses=RATE_LIMITED,
)
def import_candidates(
    request: Request,
    runtime: RuntimeDep,
    caller: CallerDep,
    files: Annotated[list[UploadFile], File(description="CSV, JSONL, PDF, DOCX or TXT files")],
    column_map: Annotated[str | None, Form()] = None,
) -> ImportSummary:
    mapping = _parse_column_map(column_map)
    limit = runtime.settings.import_max_table_bytes
    too_big: list[FailedItem] = []
    with tempfile.TemporaryDirectory(prefix="scout-upload-") as tmp:
        root = Path(tmp)
        paths: list[Path] = []
        for i, upload in enumerate(files):
            # Only the base name: an upload must not choose where it is written.
            name = Path(upload.filename or "").name or f"upload-{i}"
            target = root / f"{i:04d}" / name
            target.parent.mkdir()
            if _save_upload(upload, target, limit) > limit:
                target.unlink()
                too_big.append(
                    FailedItem(file=name, error=f"file is over the {limit // 2**20} MB limit")
                )
            else:
                paths.append(target)
        dispatcher: Dispatcher = request.app.state.dispatcher
        with transaction(runtime.sessions, org_id=caller.org.id) as session:
            importer = Importer(
                session,
                runtime.embedder,
                caller.org.id,
                recruiter_id=caller.recruiter.id,
                batch_size=runtime.settings.import_batch_size,
            )
            summary = importer.run(_relabel(read_paths(paths, mapping), root))
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
    cursor: Annotated[str | None, Query(description="next_cursor of the previous page")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> CandidatePage:
    after = _parse_uuid(cursor, "cursor") if cursor else None
    return candidates.page(session, caller.org.id, after, limit)


@router.get("/{candidate_id}", response_model=CandidateOut)
def get_candidate(session: SessionDep, caller: CallerDep, candidate_id: str) -> CandidateOut:
    cid = _parse_uuid(candidate_id, "candidate id")
    return candidates.get_out(session, caller.org.id, cid)


@router.get(
    "/{candidate_id}/export",
    response_model=CandidateExport,
    responses={404: {"description": "no such candidate in your organization"}},
)
def export_candidate(session: SessionDep, caller: CallerDep, candidate_id: str) -> CandidateExport:
    """Everything held about this person, for a subject access request."""
    return rights.export(session, caller.org.id, _parse_uuid(candidate_id, "candidate id"))


@router.delete(
    "/{candidate_id}",
    response_model=ErasureReport,
    responses={404: {"description": "no such candidate in your organization"}},
)
def erase_candidate(session: SessionDep, caller: CallerDep, candidate_id: str) -> ErasureReport:
    """Erase this person everywhere (right to erasure); audited, cannot be undone."""
    return rights.erase(session, caller, _parse_uuid(candidate_id, "candidate id"))


def _parse_uuid(value: str, what: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError as exc:
        raise AppError(f"{what} {value!r} is not a valid id") from exc
