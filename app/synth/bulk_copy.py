"""COPY one batch of prepared profiles into the five tables a profile lives in.

`bulk_load` decides what a batch holds (new resumes, the vectors to add); this writes it,
on the cursor of one transaction: candidates, documents, sections (ids reserved from their
sequence so chunks can name them), embeddings and chunks.
"""

from __future__ import annotations

import json
import struct
import uuid
from typing import Any

import numpy as np

from app.synth.bulk_rows import CANDIDATE_COLUMNS, DOCUMENT_COLUMNS, SECTION_COLUMNS, ProfileRows

Prepared = tuple[ProfileRows, list[str], list[str]]  # rows, titles, skills
_PROFILE_AT = CANDIDATE_COLUMNS.index("profile")
_TSV_COLUMNS = ("search_tsv", "brief_tsv")
_TSV_INPUTS = tuple(
    CANDIDATE_COLUMNS.index(c)
    for c in ("titles_text", "skills_text", "companies_text", "search_text")
)
_TsvKey = tuple[str, str, str, str]


def copy_batch(
    cur: Any,
    org_id: uuid.UUID,
    model: str,
    fresh: list[Prepared],
    composed: dict[str, np.ndarray],
    vector_ids: dict[str, int],
    share_tsv: bool = False,
) -> None:
    """Write `fresh` and the `composed` vectors (new keys); `vector_ids` gets their ids.

    With `share_tsv` (the session runs as `replica`, whose rows the `candidates_tsv`
    trigger takes as given), Postgres computes the tsvectors once per distinct blind text:
    the first row of each is copied without them, the rest with the first row's."""
    section_ids = reserve(cur, "candidate_sections", sum(len(p[0].sections) for p in fresh))
    new_vectors = list(zip(reserve(cur, "embeddings", len(composed)), composed, strict=True))
    vector_ids.update((h, i) for i, h in new_vectors)
    dumped: dict[int, str] = {}  # variants share their resume's profile object
    if share_tsv:
        first, repeats = _split_by_tsv_input(fresh)
        _copy_candidates(cur, first, dumped)
        if repeats:
            wanted = {tsv_key(item[0]) for item in repeats}
            vectors = _tsvectors(cur, [item for item in first if tsv_key(item[0]) in wanted])
            _copy_candidates(cur, repeats, dumped, vectors)
    else:
        _copy_candidates(cur, fresh, dumped)
    with cur.copy(f"COPY candidate_documents ({', '.join(DOCUMENT_COLUMNS)}) FROM STDIN") as copy:
        for rows, _, _ in fresh:
            copy.write_row(rows.document)
    per_profile: list[list[int]] = []
    with cur.copy(f"COPY candidate_sections (id, {', '.join(SECTION_COLUMNS)}) FROM STDIN") as copy:
        at = 0
        for rows, _, _ in fresh:
            ids = section_ids[at : at + len(rows.sections)]
            at += len(rows.sections)
            per_profile.append(ids)
            for sid, section in zip(ids, rows.sections, strict=True):
                copy.write_row((sid, *section))
    with cur.copy(
        "COPY embeddings (id, org_id, model, text_hash, vector) FROM STDIN (FORMAT BINARY)"
    ) as copy:
        # The vector goes in pgvector's own binary form (vector_recv reads it); typed as
        # bytea, psycopg passes the bytes through: far cheaper than 384 floats as text.
        copy.set_types(["int8", "uuid", "text", "text", "bytea"])
        for new_id, h in new_vectors:
            copy.write_row((new_id, org_id, model, h, vector_binary(composed[h])))
    with cur.copy(
        "COPY candidate_chunks (candidate_id, section_id, org_id, start_offset, end_offset,"
        " embedding_id) FROM STDIN"
    ) as copy:
        for (rows, _, _), ids in zip(fresh, per_profile, strict=True):
            cid, key = rows.candidate[0], rows.vector_text_hash
            for n, (ordinal, a, b) in enumerate(rows.chunks):
                vid = vector_ids[key] if n == rows.vector_chunk and key else None
                copy.write_row((cid, ids[ordinal], org_id, a, b, vid))


def _copy_candidates(
    cur: Any,
    items: list[Prepared],
    dumped: dict[int, str],
    vectors: dict[_TsvKey, tuple[str, str]] | None = None,
) -> None:
    columns = [*CANDIDATE_COLUMNS, *(_TSV_COLUMNS if vectors is not None else ())]
    with cur.copy(f"COPY candidates ({', '.join(columns)}) FROM STDIN") as copy:
        for rows, _, _ in items:
            row = list(rows.candidate)
            profile = row[_PROFILE_AT]
            if id(profile) not in dumped:
                dumped[id(profile)] = json.dumps(profile)  # as psycopg's Jsonb dumps it
            row[_PROFILE_AT] = dumped[id(profile)]  # COPY's text form of jsonb is the JSON
            if vectors is not None:
                row.extend(vectors.get(tsv_key(rows), (None, None)))
            copy.write_row(row)


def tsv_key(rows: ProfileRows) -> _TsvKey:
    """What the two tsvectors are computed from: equal keys, equal vectors."""
    return tuple(str(rows.candidate[i] or "") for i in _TSV_INPUTS)  # type: ignore[return-value]


def _split_by_tsv_input(fresh: list[Prepared]) -> tuple[list[Prepared], list[Prepared]]:
    """The first row of each distinct tsvector input, and the rows repeating one."""
    seen: set[_TsvKey] = set()
    first: list[Prepared] = []
    repeats: list[Prepared] = []
    for item in fresh:
        key = tsv_key(item[0])
        (repeats if key in seen else first).append(item)
        seen.add(key)
    return first, repeats


def _tsvectors(cur: Any, first: list[Prepared]) -> dict[_TsvKey, tuple[str, str]]:
    """The vectors the trigger just computed for these rows, in their text form (which
    tsvector input reads back exactly), by their input."""
    by_id = {item[0].candidate[0]: tsv_key(item[0]) for item in first}
    cur.execute(
        "SELECT id, search_tsv::text, brief_tsv::text FROM candidates WHERE id = ANY(%s)",
        (list(by_id),),
    )
    return {by_id[cid]: (search, brief) for cid, search, brief in cur.fetchall()}


def reserve(cur: Any, table: str, n: int) -> list[int]:
    """n ids from the table's identity sequence, so child rows can name them in COPY."""
    if n == 0:
        return []
    cur.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
        (table, n),
    )
    return [int(row[0]) for row in cur.fetchall()]


def vector_binary(vector: np.ndarray) -> bytes:
    """pgvector's binary input: dimensions and a zero as big-endian int16, then float4s."""
    return struct.pack(">HH", vector.shape[0], 0) + vector.astype(">f4").tobytes()
