"""Postgres or Redis down: a 503 with `Retry-After` and a plain message, never a bare 500.

The drivers raise connection errors from deep inside a request (authentication, a query,
a counter); they mean "try again shortly", not "the server is broken", and a client or a
load balancer can only act on that if the status says so.
"""

from __future__ import annotations

import logging

import redis.exceptions
import sqlalchemy.exc
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

log = logging.getLogger(__name__)

RETRY_AFTER_S = 5

_DATABASE_DOWN = "the database is unavailable right now; retry in a few seconds"
_QUEUE_DOWN = "the queue (Redis) is unavailable right now; retry in a few seconds"


def _database_errors() -> tuple[type[Exception], ...]:
    errors: list[type[Exception]] = [
        sqlalchemy.exc.OperationalError,  # connection refused, reset, server gone away
        sqlalchemy.exc.InterfaceError,  # the connection closed under the driver
        sqlalchemy.exc.TimeoutError,  # pool exhausted: every connection busy for too long
    ]
    try:
        import psycopg
        import psycopg_pool

        errors += [psycopg.OperationalError, psycopg_pool.PoolTimeout]  # the checkpointer's pool
    except ImportError:  # pragma: no cover - both ship with the app's dependencies
        pass
    return tuple(errors)


def _queue_errors() -> tuple[type[Exception], ...]:
    errors: list[type[Exception]] = [
        redis.exceptions.ConnectionError,
        redis.exceptions.TimeoutError,
    ]
    try:
        import kombu.exceptions

        errors.append(kombu.exceptions.OperationalError)  # Celery publishing to a dead broker
    except ImportError:  # pragma: no cover
        pass
    return tuple(errors)


DATABASE_ERRORS = _database_errors()
QUEUE_ERRORS = _queue_errors()


def unavailable(message: str) -> JSONResponse:
    return JSONResponse(
        {"error": message}, status_code=503, headers={"Retry-After": str(RETRY_AFTER_S)}
    )


def degraded_message(exc: BaseException) -> str | None:
    """The 503 message for a dependency failure, or None when `exc` is not one."""
    if isinstance(exc, DATABASE_ERRORS):
        return _DATABASE_DOWN
    if isinstance(exc, QUEUE_ERRORS):
        return _QUEUE_DOWN
    return None


def install_degraded_handlers(app: FastAPI) -> None:
    async def handler(request: Request, exc: Exception) -> JSONResponse:
        message = degraded_message(exc) or _DATABASE_DOWN
        log.warning("%s %s: dependency unavailable: %s", request.method, request.url.path, exc)
        return unavailable(message)

    for error in (*DATABASE_ERRORS, *QUEUE_ERRORS):
        app.add_exception_handler(error, handler)
