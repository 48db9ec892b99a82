"""What an endpoint accepts as `response_format`, learnt from its answers and remembered.

OpenAI, vLLM and llama.cpp's own server take `json_schema`; llama-cpp-python's server
answers that with a 500 and wants `{"type": "json_object", "schema": ...}`; some servers take
only plain `json_object`, some nothing. The gateway starts with the best shape and steps down
when an endpoint says the shape is unsupported — without retrying the same request.
"""

from __future__ import annotations

import re
import threading
from typing import Any, Literal

from agents.llm.strict_schema import StrictSchema

FormatMode = Literal["json_schema", "json_object_schema", "json_object", "prompt"]
MODES: tuple[FormatMode, ...] = ("json_schema", "json_object_schema", "json_object", "prompt")

_UNSUPPORTED = re.compile(
    r"response_format|json_schema|json_object|schema|grammar|not\s+supported|unsupported"
    r"|unknown\s+(?:field|parameter)|extra\s+(?:fields|inputs)",
    re.IGNORECASE,
)


def response_format(mode: FormatMode, spec: StrictSchema) -> dict[str, Any] | None:
    if mode == "json_schema":
        return {
            "type": "json_schema",
            "json_schema": {"name": spec.name, "schema": spec.schema, "strict": True},
        }
    if mode == "json_object_schema":
        return {"type": "json_object", "schema": spec.schema}
    if mode == "json_object":
        return {"type": "json_object"}
    return None  # the schema is in the system prompt either way


def says_unsupported(status: int, message: str) -> bool:
    """A 4xx/5xx whose message blames the request's shape: retrying it would fail again."""
    return status in (400, 404, 415, 422, 500, 501) and bool(_UNSUPPORTED.search(message or ""))


class Capabilities:
    """The response-format mode that works for one endpoint; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._index = 0

    @property
    def mode(self) -> FormatMode:
        with self._lock:
            return MODES[self._index]

    def step_down(self, failed: FormatMode) -> bool:
        """Move past `failed`; False when there is nothing left to try."""
        with self._lock:
            at = MODES.index(failed)
            if at < self._index:
                return True  # another thread already moved on
            if at + 1 >= len(MODES):
                return False
            self._index = at + 1
            return True
