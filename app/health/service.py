"""Readiness checks, each bounded in time so a hung dependency cannot hang the probe."""

from __future__ import annotations

import redis
from sqlalchemy import text

from app.health.schemas import Component, Readiness
from app.runtime import Runtime
from app.worker import heartbeat

_PG_TIMEOUT_MS = 2000


def postgres(rt: Runtime) -> Component:
    try:
        with rt.engine.connect() as conn:
            conn.execute(text(f"SET LOCAL statement_timeout = {_PG_TIMEOUT_MS}"))
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # any failure to answer is "not ready", reported, not raised
        return Component(ok=False, detail=f"{type(exc).__name__}: {str(exc)[:200]}")
    return Component(ok=True)


def redis_ok(rt: Runtime) -> Component:
    try:
        rt.redis.ping()
    except redis.RedisError as exc:
        return Component(ok=False, detail=f"{type(exc).__name__}: {str(exc)[:200]}")
    return Component(ok=True)


def processes(rt: Runtime, kind: str) -> Component:
    try:
        names = heartbeat.live(rt.redis, kind)
    except redis.RedisError as exc:
        return Component(ok=False, detail=f"heartbeats unreadable: {type(exc).__name__}")
    if not names:
        return Component(ok=False, detail=f"no live {kind} heartbeat", live=[])
    return Component(ok=True, live=names)


def readiness(rt: Runtime, *, needs_workers: bool) -> Readiness:
    """Postgres and Redis always; with Celery dispatch, at least one live worker and one
    live scheduler too (inline dispatch does the work in this process)."""
    components = {"postgres": postgres(rt), "redis": redis_ok(rt)}
    if needs_workers:
        components["worker"] = processes(rt, "worker")
        components["scheduler"] = processes(rt, "scheduler")
    ready = all(c.ok for c in components.values())
    return Readiness(status="ready" if ready else "not_ready", components=components)
