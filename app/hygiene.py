"""Input hygiene at the edge: text no store can hold is refused before any endpoint runs.

Postgres cannot store NUL in text, and C0 controls or lone surrogates in a name or a query
are never what a person typed; left in, they turn into 500s deep inside a query. One ASGI
middleware checks every request's path, query parameters and headers, and answers 422
naming the field; `CleanStr`, the type of every text field of a request body or form,
does the same where pydantic validates (a body's unknown fields are ignored, never
stored, so they are not refused either: the OpenAPI allows them). Integers that reach SQL
are bounded to what Postgres holds, and booleans in a query accept only `true` or `false`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Annotated, Any
from urllib.parse import parse_qsl, unquote

from pydantic import AfterValidator, BeforeValidator, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema
from starlette.types import ASGIApp, Receive, Scope, Send

# C0 controls except tab, newline and carriage return; and lone UTF-16 surrogates, which
# only arrive through JSON escapes (`"\ud800"`) and cannot be encoded as UTF-8.
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
_INVALID_HEADER_BYTES = re.compile(rb"[\x00-\x08\x0a-\x1f\x7f]")

# Postgres BIGINT: the widest integer a cursor, an event id or an offset can be compared to.
MAX_BIGINT = 2**63 - 1


def invalid_character(value: str) -> str | None:
    """What is wrong with `value` in words, or None when it is clean."""
    found = _INVALID.search(value)
    if found is None:
        return None
    char = found.group()
    what = "a NUL character" if char == "\x00" else "an invalid character"
    return (
        f"contains {what} (U+{ord(char):04X}) at position {found.start()}; "
        "remove control characters and send plain text"
    )


def _reject_invalid(value: str) -> str:
    problem = invalid_character(value)
    if problem:
        raise ValueError(problem)
    return value


# The same rule for clients and fuzzers reading the OpenAPI (an ECMA regex).
CLEAN_PATTERN = "^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f]*$"


class _Documented:
    """Puts CLEAN_PATTERN in the JSON schema; the validator above gives the message."""

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler(core_schema)
        schema["pattern"] = CLEAN_PATTERN
        return schema


# Text that a person typed: no NUL, no C0 controls but tab/newline/CR, no lone surrogates.
CleanStr = Annotated[str, AfterValidator(_reject_invalid), _Documented()]


def _strict_bool(value: Any) -> Any:
    """Only `true`/`false` for a boolean query parameter: `0`, `1`, `yes` or `on` are refused
    (pydantic's lax mode would read them as booleans, and a typo would switch a filter)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise ValueError("expected true or false")


StrictQueryBool = Annotated[bool, BeforeValidator(_strict_bool)]


def first_problem(pairs: Iterator[tuple[str, str]]) -> tuple[str, str] | None:
    for field, text in pairs:
        problem = invalid_character(text)
        if problem:
            return field, problem
    return None


def _query_pairs(scope: Scope) -> Iterator[tuple[str, str]]:
    raw = scope.get("query_string", b"").decode("latin-1")
    for key, value in parse_qsl(raw, keep_blank_values=True):
        yield f"query.{key}", key
        yield f"query.{key}", value


def _header_problem(scope: Scope) -> tuple[str, str] | None:
    for name, value in scope.get("headers", []):
        found = _INVALID_HEADER_BYTES.search(value)
        if found is not None:
            field = "header." + name.decode("latin-1").lower()
            byte = found.group()[0]
            return field, f"contains a control byte (0x{byte:02X}); send printable text"
    return None


class InputHygieneMiddleware:
    """Refuse, with a 422 naming the field, a request carrying text no store can hold."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = unquote(scope.get("raw_path", b"").decode("latin-1")) or scope.get("path", "")
        problem = (
            first_problem(iter([("path", path)]))
            or first_problem(_query_pairs(scope))
            or _header_problem(scope)
        )
        if problem is not None:
            await _refuse(send, *problem)
            return
        await self.app(scope, receive, send)


async def _refuse(send: Send, field: str, problem: str) -> None:
    payload = json.dumps({"error": f"{field}: {problem}", "field": field}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 422,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})
