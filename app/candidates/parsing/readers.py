"""Turn talent-pool files into `RawRecord`s, reporting every unreadable file or row as a
`ReadError` instead of raising, so one bad file never stops an import of thousands.

`read_path` takes a file or a directory (walked recursively, in sorted order, hidden files
skipped) and dispatches on the extension. CSV and JSONL are streamed row by row; documents
(PDF, DOCX, TXT/MD) become one record each.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from app.candidates.parsing.isolation import ISOLATED_SUFFIXES, ParseLimits
from app.candidates.parsing.limits import (
    DEFAULT_MAX_DOCUMENT_BYTES,
    DEFAULT_MAX_RECORD_CHARS,
    DEFAULT_MAX_TABULAR_BYTES,
    describe_size,
)
from app.candidates.parsing.prefetch import read_ahead
from app.candidates.parsing.readers_documents import read_docx, read_pdf, read_text_file
from app.candidates.parsing.readers_tabular import read_csv, read_jsonl
from app.candidates.profile import RawRecord, ReadError

ReadResult = RawRecord | ReadError
_DocumentReader = Callable[[Path, str, int], ReadResult]

_DOCUMENT_READERS: dict[str, _DocumentReader] = {
    ".pdf": read_pdf,
    ".docx": read_docx,
    ".txt": read_text_file,
    ".md": read_text_file,
}
_TABULAR = frozenset({".csv", ".jsonl", ".ndjson"})
SUPPORTED_EXTENSIONS = frozenset(_DOCUMENT_READERS) | _TABULAR


def read_path(
    path: Path,
    column_map: dict[str, str] | None = None,
    *,
    max_bytes: int | None = None,
    max_record_chars: int = DEFAULT_MAX_RECORD_CHARS,
    isolate: ParseLimits | None = None,
) -> Iterator[ReadResult]:
    """Yield one `RawRecord` per profile found under `path`, or a `ReadError` per problem.

    `column_map` maps profile fields to CSV column names (`{"text": "Resume"}`) and overrides
    the header auto-detection. `max_bytes` caps each file's size (default: 10 MB for
    documents, 200 MB for CSV/JSONL); `max_record_chars` caps the text of one record.
    With `isolate`, PDF and DOCX are parsed in a capped worker process (the API does this),
    a few files ahead of the one being returned (`prefetch`). Never raises for bad input.
    """
    yield from read_many(
        [path], column_map, max_bytes=max_bytes, max_record_chars=max_record_chars, isolate=isolate
    )


def read_many(
    paths: Iterable[Path],
    column_map: dict[str, str] | None = None,
    *,
    max_bytes: int | None = None,
    max_record_chars: int = DEFAULT_MAX_RECORD_CHARS,
    isolate: ParseLimits | None = None,
) -> Iterator[ReadResult]:
    """`read_path` over several paths in turn, as one stream (so documents of later paths
    are read ahead too)."""
    plans = (
        plan
        for file_or_error in _files(paths)
        for plan in [_plan(file_or_error, column_map, max_bytes, max_record_chars, isolate)]
    )
    if isolate is None:
        for plan in plans:
            if isinstance(plan, ReadError):
                yield plan
            else:
                assert not isinstance(plan, tuple)
                yield from plan()
        return
    yield from read_ahead(plans, isolate, max_record_chars)


def _files(paths: Iterable[Path]) -> Iterator[tuple[Path, str] | ReadError]:
    for path in map(Path, paths):
        if path.is_dir():
            for file in _walk(path):
                yield file, file.relative_to(path).as_posix()
        elif path.is_file():
            yield path, path.name
        elif path.exists():
            yield ReadError(file=path.name, error="not a regular file (a device, socket or pipe?)")
        else:
            yield ReadError(file=str(path), error="no such file or directory")


def _is_hidden(name: str) -> bool:
    # `~$name.docx` is the lock file Word leaves beside an open document.
    return name.startswith((".", "~$"))


def _walk(root: Path) -> Iterator[Path]:
    """Files under `root`, sorted, skipping hidden files and everything in hidden folders."""
    for file in sorted(root.rglob("*")):
        parts = file.relative_to(root).parts
        if any(_is_hidden(part) for part in parts) or not file.is_file():
            continue
        yield file


def _plan(
    found: tuple[Path, str] | ReadError,
    column_map: dict[str, str] | None,
    max_bytes: int | None,
    max_record_chars: int,
    isolate: ParseLimits | None,
) -> tuple[Path, str] | ReadError | Callable[[], Iterator[ReadResult]]:
    """What reading one file takes: an error known now, a document for the capped pool
    (`(file, label)`), or a reader to run here."""
    if isinstance(found, ReadError):
        return found
    file, label = found
    suffix = file.suffix.lower()
    if suffix not in SUPPORTED_EXTENSIONS:
        kind = suffix or "(no extension)"
        return ReadError(
            file=label, error=f"unsupported file type {kind}; use CSV, JSONL, PDF, DOCX or TXT"
        )
    tabular = suffix in _TABULAR
    limit = max_bytes
    if limit is None:
        limit = DEFAULT_MAX_TABULAR_BYTES if tabular else DEFAULT_MAX_DOCUMENT_BYTES
    try:
        size = file.stat().st_size
    except OSError as exc:
        return ReadError(file=label, error=f"cannot read file: {exc.strerror or exc}")
    if size == 0:
        return ReadError(file=label, error="file is empty")
    if size > limit:
        return ReadError(
            file=label,
            error=(
                f"file is {describe_size(size)}, over the {describe_size(limit)} limit for "
                f"{suffix[1:].upper()} files; split it or raise the limit (max_bytes)"
            ),
        )
    if suffix == ".csv":
        return lambda: read_csv(file, label, column_map, max_record_chars)
    if tabular:
        return lambda: read_jsonl(file, label, max_record_chars)
    if isolate is not None and suffix in ISOLATED_SUFFIXES:
        return file, label
    reader = _DOCUMENT_READERS[suffix]
    return lambda: iter([reader(file, label, max_record_chars)])
