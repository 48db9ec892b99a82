"""Rebuild what the search index reads from what is stored: the blind fields of each
candidate, and the embeddings of chunks that have none (or were embedded from raw text).

Two callers: migration 0012, which rewrites the blind fields of existing rows without a model
and leaves their chunks unembedded; and `embed_pending` (the worker after an import, and
`scout reindex`), which embeds chunks in batches, reusing any embedding this organization
already holds for the same text.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from app.candidates.blind_text import BlindText, blind_text
from app.candidates.profile import Identifiers
from app.embeddings.backends import Embedder
from app.embeddings.chunking import text_hash
from app.embeddings.service import ensure_embeddings

_ROWS = """
    SELECT id, raw_text, name, emails, phones, urls, titles_text, companies_text
    FROM candidates WHERE id > :after ORDER BY id LIMIT :n
"""


def _blind(row: Any) -> BlindText:
    ids = Identifiers(emails=row.emails or [], phones=row.phones or [], urls=row.urls or [])
    return blind_text(row.raw_text, ids, row.name)


def rewrite_blind_fields(conn: Connection, batch: int = 500) -> int:
    """Every candidate's search_text, titles_text and companies_text from its stored resume
    (the generated tsvectors follow). Returns the number of rows rewritten."""
    after = uuid.UUID(int=0)
    done = 0
    while True:
        rows = conn.execute(text(_ROWS), {"after": after, "n": batch}).all()
        if not rows:
            return done
        updates = []
        for row in rows:
            blind = _blind(row)
            updates.append(
                {
                    "id": row.id,
                    "search_text": blind.text,
                    "titles_text": blind.scrub(row.titles_text or ""),
                    "companies_text": blind.scrub(row.companies_text or ""),
                }
            )
        conn.execute(
            text(
                "UPDATE candidates SET search_text = :search_text, titles_text = :titles_text, "
                "companies_text = :companies_text WHERE id = :id"
            ),
            updates,
        )
        done += len(rows)
        after = rows[-1].id


_PENDING = """
    SELECT ch.id, ch.start_offset, ch.end_offset, c.id AS candidate_id, c.raw_text, c.name,
           c.emails, c.phones, c.urls
    FROM candidate_chunks ch JOIN candidates c ON c.id = ch.candidate_id
    WHERE ch.org_id = :org_id AND ch.embedding_id IS NULL {only}
    ORDER BY ch.candidate_id, ch.id
    LIMIT :n
    FOR UPDATE OF ch SKIP LOCKED
"""


def embed_pending(
    session: Session,
    embedder: Embedder,
    org_id: uuid.UUID,
    *,
    candidate_ids: Sequence[uuid.UUID] | None = None,
    batch: int = 256,
) -> int:
    """Embed up to `batch` of this organization's chunks that have no embedding yet (one model
    call), reusing any embedding the organization already holds for the same text; returns
    how many chunks were taken (0: nothing left). Rows are locked SKIP LOCKED, so two workers
    share the work instead of doing it twice; the caller commits after each call."""
    only = "AND ch.candidate_id = ANY(:ids)" if candidate_ids is not None else ""
    params: dict[str, Any] = {"org_id": org_id, "n": batch}
    if candidate_ids is not None:
        params["ids"] = list(candidate_ids)
    rows = session.execute(text(_PENDING.format(only=only)), params).all()
    if not rows:
        return 0
    blinds: dict[uuid.UUID, BlindText] = {}
    pieces: list[str] = []
    for row in rows:
        if row.candidate_id not in blinds:
            blinds[row.candidate_id] = _blind(row)
        pieces.append(blinds[row.candidate_id].piece(row.start_offset, row.end_offset))
    ids = ensure_embeddings(session, embedder, org_id, [p for p in pieces if p.strip()])
    # A chunk with no blind text left (all of it withheld) has nothing to embed: it goes.
    empty = [row.id for row, piece in zip(rows, pieces, strict=True) if not piece.strip()]
    if empty:
        session.execute(text("DELETE FROM candidate_chunks WHERE id = ANY(:ids)"), {"ids": empty})
    updates = [
        {"id": row.id, "e": ids[text_hash(piece)]}
        for row, piece in zip(rows, pieces, strict=True)
        if piece.strip()
    ]
    if updates:
        session.execute(
            text("UPDATE candidate_chunks SET embedding_id = :e WHERE id = :id"), updates
        )
    session.flush()
    return len(rows)


def forget_embeddings(session: Session, org_id: uuid.UUID) -> int:
    """Detach every chunk of this organization from its embedding (for a full re-embed)."""
    result = session.execute(
        text("UPDATE candidate_chunks SET embedding_id = NULL WHERE org_id = :o"), {"o": org_id}
    )
    return int(getattr(result, "rowcount", 0) or 0)
