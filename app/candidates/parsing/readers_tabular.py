"""CSV and JSONL readers: one record per row/line, streamed so a 200 MB pool never sits in
memory, and one `ReadError` per bad row/line so the rest of the file still imports."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path

from app.candidates.parsing.cleaning import clean_text
from app.candidates.parsing.limits import (
    DEFAULT_MAX_TABULAR_BYTES,
    has_real_text,
    text_too_long,
)
from app.candidates.profile import RawRecord, ReadError

# Profile field -> header names that mean it (compared after `_normalize_header`).
CSV_COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "text": ("text", "resume", "resume_text", "resume_str", "body", "content", "cv", "cv_text"),
    "name": ("name", "full_name", "fullname", "candidate_name"),
    "email": ("email", "email_address", "e_mail"),
    "phone": ("phone", "phone_number", "mobile", "telephone"),
    "headline": ("headline", "title", "job_title", "current_title"),
    "location": ("location", "city"),
    "category": ("category", "label", "job_category"),
    "skills": ("skills", "skill", "skill_set", "skillset"),
    "id": ("id", "candidate_id", "external_id"),
}
_USABLE_FIELDS = ("text", "name", "skills")  # a row with none of these cannot be searched
_DELIMITERS = (",", ";", "\t", "|")
_HEADER_JUNK = re.compile(r"[\s\-/.]+")
_SURROGATES = re.compile("[\udc80-\udcff]")
_SKILL_SPLIT = re.compile(r"\s*[,;|\n]\s*")
_PROFILE_KEYS = ("name", "headline", "experience", "education", "skills", "email", "phone")


def _normalize_header(name: str) -> str:
    return _HEADER_JUNK.sub("_", name.strip().lstrip("\ufeff").lower()).strip("_")


def _decode_cell(cell: str) -> str:
    """Cells that were not UTF-8 arrive with surrogate escapes; reread those bytes as cp1252."""
    if _SURROGATES.search(cell) is None:
        return cell
    return cell.encode("utf-8", "surrogateescape").decode("cp1252", errors="replace")


def _guess_delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _map_columns(
    header: list[str], column_map: dict[str, str] | None
) -> tuple[dict[str, int], str | None]:
    """Profile field -> column index, or an error message for the whole file."""
    by_name: dict[str, int] = {}
    for index, raw in enumerate(header):
        by_name.setdefault(_normalize_header(raw), index)
    mapping: dict[str, int] = {}
    for field, column in (column_map or {}).items():
        if field not in CSV_COLUMN_SYNONYMS:
            known = ", ".join(CSV_COLUMN_SYNONYMS)
            return {}, f"column_map names an unknown field {field!r}; fields are: {known}"
        explicit = by_name.get(_normalize_header(column))
        if explicit is None:
            found = ", ".join(repr(h) for h in header)
            return {}, f"column {column!r} (mapped to {field}) not found; columns are: {found}"
        mapping[field] = explicit
    taken = set(mapping.values())
    for field, synonyms in CSV_COLUMN_SYNONYMS.items():
        if field in mapping:
            continue
        for synonym in synonyms:
            found_at = by_name.get(synonym)
            if found_at is not None and found_at not in taken:
                mapping[field] = found_at
                taken.add(found_at)
                break
    if not any(field in mapping for field in _USABLE_FIELDS):
        found = ", ".join(repr(h) for h in header) or "none"
        expected = ", ".join(CSV_COLUMN_SYNONYMS["text"][:5])
        return {}, (
            f"no usable column: found {found}; expected a resume text column ({expected}) "
            "or name/skills columns, or pass a column mapping"
        )
    return mapping, None


def _row_to_record(
    row: list[str], mapping: dict[str, int], source: str, max_record_chars: int
) -> RawRecord | ReadError:
    if not any(cell.strip() for cell in row):
        return ReadError(file=source, error="row is empty")
    values: dict[str, str] = {}
    for field, index in mapping.items():
        if index < len(row):
            value = _decode_cell(row[index]).strip()
            if value:
                values[field] = value
    text = clean_text(values.pop("text", ""))
    too_long = text_too_long(text, max_record_chars)
    if too_long:
        return ReadError(file=source, error=too_long)
    fields: dict[str, object] = {k: clean_text(v) for k, v in values.items() if k != "skills"}
    if "skills" in values:
        fields["skills"] = [s for s in _SKILL_SPLIT.split(clean_text(values["skills"])) if s]
    if not text and "name" not in fields and "skills" not in fields:
        return ReadError(file=source, error="row has no resume text, name or skills")
    named = [str(fields.get("name", "")), " ".join(values.get("skills", "").split())]
    if not has_real_text(text, *named):
        # Digits, symbols or stray bytes only: a broken export, never a candidate.
        return ReadError(file=source, error="row has no readable text (no words); skipped")
    return RawRecord(source=source, text=text or None, fields=fields)


def read_csv(
    file: Path, label: str, column_map: dict[str, str] | None, max_record_chars: int
) -> Iterator[RawRecord | ReadError]:
    # csv refuses cells over 128 KB by default and then cannot go on with the file; a resume
    # pasted with its formatting can pass that. Allow cells up to the file limit, so that an
    # oversized one becomes a per-row error from the text cap instead.
    if csv.field_size_limit() < DEFAULT_MAX_TABULAR_BYTES:
        csv.field_size_limit(DEFAULT_MAX_TABULAR_BYTES)
    try:
        with file.open(encoding="utf-8-sig", errors="surrogateescape", newline="") as handle:
            delimiter = _guess_delimiter(handle.readline())
            handle.seek(0)
            rows = csv.reader(handle, delimiter=delimiter)
            yield from _read_csv_rows(rows, label, column_map, max_record_chars)
    except OSError as exc:
        yield ReadError(file=label, error=f"cannot read file: {exc.strerror or exc}")


def _read_csv_rows(
    rows: Iterator[list[str]],
    label: str,
    column_map: dict[str, str] | None,
    max_record_chars: int,
) -> Iterator[RawRecord | ReadError]:
    row_no = 0
    mapping: dict[str, int] | None = None
    while True:
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as exc:
            # The csv module cannot resynchronise after a malformed record; stop this file.
            where = f"{label}#row={row_no + 1}" if mapping is not None else label
            yield ReadError(file=where, error=f"malformed CSV ({exc}); stopped reading this file")
            return
        if mapping is None:
            if not any(cell.strip() for cell in row):
                continue  # blank lines before the header
            mapping, problem = _map_columns([_decode_cell(c) for c in row], column_map)
            if problem:
                yield ReadError(file=label, error=problem)
                return
            continue
        row_no += 1
        yield _row_to_record(row, mapping, f"{label}#row={row_no}", max_record_chars)
    if mapping is None:
        yield ReadError(file=label, error="file is empty")
    elif row_no == 0:
        yield ReadError(file=label, error="CSV has a header but no data rows")


def _decode_line(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _json_to_record(line: str, source: str, max_record_chars: int) -> RawRecord | ReadError:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return ReadError(file=source, error=f"invalid JSON: {exc.msg} (column {exc.colno})")
    except RecursionError:
        return ReadError(file=source, error="invalid JSON: nested too deeply")
    if not isinstance(obj, dict):
        kind = "an array" if isinstance(obj, list) else type(obj).__name__
        return ReadError(file=source, error=f"expected a JSON object per line, got {kind}")
    text_value = obj.pop("text", None)
    if text_value is not None and not isinstance(text_value, str):
        return ReadError(file=source, error="'text' must be a string")
    text = clean_text(text_value or "")
    too_long = text_too_long(text, max_record_chars)
    if too_long:
        return ReadError(file=source, error=too_long)
    fields: dict[str, object] = {k: v for k, v in obj.items() if v not in (None, "", [], {})}
    if not text and not any(key in fields for key in _PROFILE_KEYS):
        return ReadError(file=source, error="record has no text and no profile fields")
    return RawRecord(source=source, text=text or None, fields=fields)


def read_jsonl(file: Path, label: str, max_record_chars: int) -> Iterator[RawRecord | ReadError]:
    # A line may carry structured fields besides the text, so allow it twice the text cap.
    max_line = 2 * max_record_chars
    seen_any = False
    try:
        with file.open("rb") as handle:
            for line_no, raw in enumerate(handle, start=1):
                line = _decode_line(raw).strip()
                if not line:
                    continue
                seen_any = True
                source = f"{label}#line={line_no}"
                if len(line) > max_line:
                    yield ReadError(
                        file=source,
                        error=f"line is {len(line):,} characters, over the {max_line:,} limit",
                    )
                    continue
                yield _json_to_record(line, source, max_record_chars)
    except OSError as exc:
        yield ReadError(file=label, error=f"cannot read file: {exc.strerror or exc}")
        return
    if not seen_any:
        yield ReadError(file=label, error="file is empty")
