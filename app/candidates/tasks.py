# mypy: disable-error-code="untyped-decorator"
"""The worker's half of an import: embed the new profiles' chunks in batches.

Parse and store run inline in the request, so a profile is searchable by full text the
moment the import commits; the vector leg finds it once this task has run (seconds later).
The task carries ids only and is idempotent: it embeds whatever chunks of those candidates
still have no embedding, one batch per transaction, so a redelivered or duplicated message
finds nothing left to do and a killed worker leaves only whole batches behind.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Sequence

from celery import Celery
from sqlalchemy.orm import Session, sessionmaker

from app.candidates.reindex import embed_pending
from app.db import transaction
from app.embeddings.backends import Embedder
from app.worker.celery_app import SHORT
from app.worker.limits import LONG_LIMITS

log = logging.getLogger(__name__)

EMBED_TASK = "scout.candidates.embed"
# Candidates per message: bounded work per task (about 5 chunks each).
IDS_PER_TASK = 500


def embed_candidates(
    sessions: sessionmaker[Session],
    embedder: Embedder,
    org_id: uuid.UUID,
    candidate_ids: Sequence[uuid.UUID] | None,
    *,
    batch: int = 256,
) -> int:
    """Embed every unembedded chunk of these candidates (all of the org's with None), one
    model batch per committed transaction; returns the chunks embedded."""
    done = 0
    while True:
        with transaction(sessions) as session:
            took = embed_pending(
                session, embedder, org_id, candidate_ids=candidate_ids, batch=batch
            )
        done += took
        if took < batch:
            break
    log.info("embedded %d chunks for org %s", done, org_id)
    return done


def register(celery: Celery, embed: Callable[[uuid.UUID, list[uuid.UUID]], int]) -> None:
    @celery.task(shared=False, name=EMBED_TASK, queue=SHORT, acks_late=True, **LONG_LIMITS)
    def embed_task(org_id: str, candidate_ids: list[str]) -> int:
        return embed(uuid.UUID(org_id), [uuid.UUID(c) for c in candidate_ids])
