"""What every suite gets (engine, size, a lazily started embedded stack) and what it returns."""

from __future__ import annotations

import tempfile
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from app.candidates.profile import RawRecord
from app.config import Settings
from app.runtime import Runtime
from evals.engine import EngineContext

Size = Literal["smoke", "full"]
Status = Literal["ok", "not run", "error"]


@dataclass
class SuiteResult:
    name: str
    status: Status
    metrics: dict[str, float] = field(default_factory=dict)  # names without the suite prefix
    details: dict[str, Any] = field(default_factory=dict)
    reason: str = ""  # why it was not run, or the error
    wall_s: float = 0.0
    usage: dict[str, Any] = field(default_factory=dict)  # LLM and embedding cost of this suite


@dataclass
class SuiteContext:
    engine: EngineContext
    size: Size
    judge_model: str | None = None
    # The judges' endpoint when the run was given one (`--local-model`); else the environment's.
    judge_settings: Settings | None = None
    judge_max_calls: int | None = None  # None: the judges' own budget for this size
    # Things later suites may look at (the judges grade explanations and messages from here).
    artifacts: dict[str, Any] = field(default_factory=dict)
    _runtime: Runtime | None = None
    _tmp: tempfile.TemporaryDirectory[str] | None = None

    @property
    def settings(self) -> Settings:
        return self.engine.settings

    def runtime(self) -> Runtime:
        """One private embedded stack per eval run, started on first use (a few seconds)."""
        if self._runtime is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="scout-eval-")
            settings = self.settings.model_copy(update={"data_dir": Path(self._tmp.name)})
            self._runtime = Runtime.start(settings, upgrade=True)
        return self._runtime

    def embedded_texts(self) -> int:
        return self._runtime.embedder.stats.texts if self._runtime is not None else 0

    def close(self) -> None:
        if self._runtime is not None:
            self._runtime.close()
            self._runtime = None
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None


def new_org(rt: Runtime, prefix: str) -> uuid.UUID:
    from app.db import transaction
    from app.orgs.service import ensure_org

    with transaction(rt.sessions) as session:
        return ensure_org(session, f"{prefix}-{uuid.uuid4().hex[:8]}").id


def import_texts(
    rt: Runtime, org_id: uuid.UUID, items: Iterable[tuple[str, str]]
) -> dict[str, Any]:
    """Import (source, text) pairs through the product's importer; returns source -> candidate
    id. Identical texts are stored once, so several sources may map to one candidate."""
    from sqlalchemy import text as sql

    from app.candidates.dedupe import content_hash
    from app.candidates.parsing.cleaning import clean_text
    from app.candidates.service import Importer
    from app.db import transaction

    pairs = list(items)
    with transaction(rt.sessions) as session:
        Importer(session, rt.embedder, org_id).run(
            RawRecord(source=source, text=body) for source, body in pairs
        )
    with rt.sessions() as session:
        rows = session.execute(
            sql("SELECT id, content_hash FROM candidates WHERE org_id = :o"), {"o": org_id}
        ).tuples()
        by_hash = {h: cid for cid, h in rows}
    settle_search_stats(rt)
    # Keyed by content hash, as the importer dedupes: the source of a duplicate is not stored.
    return {source: by_hash.get(content_hash(clean_text(body))) for source, body in pairs}


def settle_search_stats(rt: Runtime) -> None:
    """ANALYZE the candidates now and drop the search's cached lexeme frequencies. The
    natural-language full-text leg drops the commonest terms first, by the planner's
    statistics; left to autovacuum's timing (and a five-minute cache) the same query over
    the same pool ranked differently from run to run."""
    from sqlalchemy import text as sql

    from app.search.repository import forget_lexeme_stats

    with rt.sessions() as session:
        session.execute(sql("ANALYZE candidates"))
        session.commit()
    forget_lexeme_stats()


def timed(fn: Any, *args: Any) -> tuple[Any, float]:
    started = time.perf_counter()
    value = fn(*args)
    return value, time.perf_counter() - started
