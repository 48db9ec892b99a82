"""Per-token rate limits in Redis: a fixed window per (bucket, token), counted with INCR.

Fixed windows let a burst of up to twice the limit straddle a boundary; for guarding the
costly endpoints (search, import, messages) against a runaway script that is enough, and it
costs one round trip. Every API process shares the counters, so the limit is per token,
not per process.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, Literal

import redis
from fastapi import Depends

from app.deps import CallerDep, RuntimeDep
from app.errors import RateLimited

log = logging.getLogger(__name__)

Bucket = Literal["search", "import", "messages"]


def check(client: redis.Redis, bucket: str, subject: str, limit: int, window_s: int) -> None:
    """Count one request; raise RateLimited once `limit` are used in this window."""
    if limit <= 0:
        return
    now = time.time()
    window = int(now // window_s)
    key = f"scout:ratelimit:{bucket}:{subject}:{window}"
    try:
        pipe = client.pipeline()
        pipe.incr(key)
        pipe.expire(key, window_s + 1)
        used = int(pipe.execute()[0])
    except redis.RedisError as exc:
        # The limiter guards capacity, it is not a lock: with Redis down it lets requests
        # through (readiness already says Redis is down) rather than refusing everyone.
        log.warning("rate limit %s not checked: %s", bucket, exc)
        return
    if used > limit:
        retry_after = max(1, int((window + 1) * window_s - now + 0.999))
        raise RateLimited(
            f"rate limit: {limit} {bucket} requests per {window_s} s for this token; "
            f"try again in {retry_after} s",
            retry_after,
        )


def limited(bucket: Bucket) -> Callable[..., None]:
    """A route dependency: `dependencies=[Depends(limited("search"))]`."""

    def dependency(caller: CallerDep, runtime: RuntimeDep) -> None:
        settings = runtime.settings
        limit = {
            "search": settings.rate_limit_search,
            "import": settings.rate_limit_import,
            "messages": settings.rate_limit_messages,
        }[bucket]
        subject = str(caller.token_id or caller.recruiter.id)
        check(runtime.redis, bucket, subject, limit, settings.rate_limit_window_s)

    return dependency


RATE_LIMITED: dict[int | str, dict[str, Any]] = {
    429: {"description": "too many requests for this token; see Retry-After"}
}

__all__ = ["RATE_LIMITED", "Depends", "check", "limited"]
