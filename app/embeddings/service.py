"""The existence check: embed only text this organization has never embedded with this model."""

from __future__ import annotations

import logging
import uuid

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from app.embeddings.backends import Embedder
from app.embeddings.chunking import text_hash
from app.models import Embedding

log = logging.getLogger(__name__)


def ensure_embeddings(
    session: Session, embedder: Embedder, org_id: uuid.UUID, texts: list[str]
) -> dict[str, int]:
    """Return {text_hash: embedding id} for every text, calling the model only for new ones."""
    by_hash: dict[str, str] = {}
    for t in texts:
        by_hash.setdefault(text_hash(t), t)
    if not by_hash:
        return {}
    found: dict[str, int] = {
        h: i
        for h, i in session.execute(
            select(Embedding.text_hash, Embedding.id).where(
                Embedding.org_id == org_id,
                Embedding.model == embedder.model_name,
                Embedding.text_hash.in_(list(by_hash)),
            )
        ).tuples()
    }
    missing = [h for h in by_hash if h not in found]
    if missing:
        vectors = embedder.embed([by_hash[h] for h in missing])
        rows = [
            {"org_id": org_id, "model": embedder.model_name, "text_hash": h, "vector": v}
            for h, v in zip(missing, vectors, strict=True)
        ]
        # A concurrent import may have embedded the same text; keep whichever row landed.
        stmt = (
            insert(Embedding)
            .values(rows)
            .on_conflict_do_nothing(index_elements=["org_id", "model", "text_hash"])
        )
        session.execute(stmt)
        found.update(
            (h, i)
            for h, i in session.execute(
                select(Embedding.text_hash, Embedding.id).where(
                    Embedding.org_id == org_id,
                    Embedding.model == embedder.model_name,
                    Embedding.text_hash.in_(missing),
                )
            ).tuples()
        )
    log.debug("embeddings: %d reused, %d new", len(by_hash) - len(missing), len(missing))
    return found


def embed_query(embedder: Embedder, query: str) -> list[float]:
    return embedder.embed([query])[0]
