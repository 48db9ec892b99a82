"""The one error body (`{"error": ...}`) documented for every 4xx and 503 a route can return.

FastAPI documents only 422, and with its own `HTTPValidationError` shape, which is not what
the handlers in `app.main` send; a client generated from the schema would parse errors
wrongly. Routers declare their codes with `error_responses(...)`; 422 is replaced for all.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ErrorOut(BaseModel):
    """Every expected failure: a message a person can act on, and sometimes details."""

    model_config = ConfigDict(extra="allow")

    error: str = Field(description="what went wrong and what to do about it")
    field: str | None = Field(default=None, description="the input at fault, when one is")


_WHAT = {
    400: "The request cannot be carried out as sent (the message says why).",
    401: "Missing, invalid or revoked token.",
    404: "Not found, or not yours.",
    409: "In conflict: a request with this Idempotency-Key is still in flight.",
    413: "Too large.",
    422: "Invalid input: the message names the field.",
    429: "Too many requests: wait for Retry-After seconds.",
    503: "A dependency (database or queue) is unavailable: retry after Retry-After seconds.",
}

_RETRY_AFTER = {
    "Retry-After": {"description": "seconds to wait before retrying", "schema": {"type": "integer"}}
}

# Every authenticated route: the token, validation and a dependency being down.
COMMON = (401, 422, 503)


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for these status codes, each with the one error schema."""
    out: dict[int | str, dict[str, Any]] = {}
    for code in sorted(set(codes)):
        entry: dict[str, Any] = {"model": ErrorOut, "description": _WHAT.get(code, "Error.")}
        if code in (409, 429, 503):
            entry["headers"] = _RETRY_AFTER
        out[code] = entry
    return out
