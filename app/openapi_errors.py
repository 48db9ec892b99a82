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


_REF = {"$ref": "#/components/schemas/ErrorOut"}
_KEY_DOC = (
    "Any unique string (a UUID) per intended action: a retry with the same key returns the "
    "first response and does nothing again."
)
_KEY_PARAM: dict[str, Any] = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "schema": {"anyOf": [{"type": "string", "maxLength": 255}, {"type": "null"}]},
    "description": _KEY_DOC,
}


def _entry(code: int) -> dict[str, Any]:
    entry: dict[str, Any] = {"description": _WHAT.get(code, "Error.")}
    if code in (409, 429, 503):
        entry["headers"] = _RETRY_AFTER
    return entry


_CLEAN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f]*$"


def _clean_strings(schema: dict[str, Any]) -> None:
    if schema.get("type") == "string" and "pattern" not in schema and "format" not in schema:
        schema["pattern"] = _CLEAN
    for option in schema.get("anyOf", []):
        _clean_strings(option)


def _declared_key_param(spec: dict[str, Any]) -> dict[str, Any] | None:
    """The header as `IdempotencyKeyHeader` declares it (its pattern included), so every
    POST documents the same rule the middleware enforces."""
    for item in spec.get("paths", {}).values():
        for op in item.values():
            for param in op.get("parameters", []):
                if param.get("name") == "Idempotency-Key":
                    return dict(param)
    return None


def complete(spec: dict[str, Any]) -> dict[str, Any]:
    """Make every /v1 operation say what the middlewares and handlers really answer.

    Routers declare their own codes, but the hygiene and idempotency middlewares, the auth
    dependency and the 503 handler act on every route, so a route added without the
    declarations would still be documented wrongly; this fills in the same codes for all:
    401/422/503 everywhere, 409 and the Idempotency-Key header on every POST, and the one
    error body for every 4xx and 5xx. Done once, on the generated document.
    """
    key_param = _declared_key_param(spec) or _KEY_PARAM
    for path, item in spec.get("paths", {}).items():
        if not path.startswith("/v1/"):
            continue
        for method, op in item.items():
            responses = op.setdefault("responses", {})
            # 400: a body that does not parse; 404: a path id that is not the caller's;
            # 415: a POST sent with the wrong content type.
            codes = [*COMMON, 400, 404] + ([409, 415] if method == "post" else [])
            for code in codes:
                responses.setdefault(str(code), _entry(code))
            for code, response in responses.items():
                if code.startswith(("4", "5")):
                    response["content"] = {"application/json": {"schema": _REF}}
                    if code in ("409", "429", "503"):
                        response.setdefault("headers", _RETRY_AFTER)
            params = op.setdefault("parameters", [])
            if method == "post" and not any(p.get("name") == "Idempotency-Key" for p in params):
                params.append(dict(key_param))
            for param in params:
                # The hygiene middleware refuses control characters in every path, query
                # and header value: a plain string parameter says so.
                _clean_strings(param.get("schema", {}))
    schemas = spec.get("components", {}).get("schemas", {})
    text = str(spec.get("paths"))
    for unused in ("HTTPValidationError", "ValidationError"):
        if unused in schemas and f"#/components/schemas/{unused}'" not in text:
            del schemas[unused]
    return spec
