"""Prompt messages and what the answers say: the stable system prefix, the answer's content,
per-call schema constraints and readable validation errors."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from openai.types.chat import ChatCompletionMessageParam
from pydantic import BaseModel, ValidationError

from agents.llm.repair import choice_errors, constrain_schema, strip_fences
from agents.llm.strict_schema import StrictSchema

SCHEMA_PREAMBLE = (
    "Reply with a single JSON object that conforms to this JSON Schema. "
    "No prose and no code fences around it."
)
_ERROR_TEXT_LIMIT = 500


def build_messages(
    instructions: str, spec: StrictSchema, data: str | Mapping[str, Any]
) -> list[ChatCompletionMessageParam]:
    """Stable system prefix first (cacheable), the variable data last."""
    system = f"{instructions.strip()}\n\n{SCHEMA_PREAMBLE}\n{spec.text}"
    user = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False, default=str)
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def constrained(spec: StrictSchema, choices: Mapping[str, Sequence[str]] | None) -> StrictSchema:
    """The schema with this call's enums in it; the shared cached one when there are none."""
    if not choices:
        return spec
    schema = json.loads(spec.text)
    constrain_schema(schema, choices)
    text = json.dumps(schema, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return StrictSchema(name=spec.name, schema=schema, text=text)


def errors_of(content: str, schema: type[BaseModel], choices: Mapping[str, Sequence[str]]) -> str:
    """Why an answer that could not be repaired is wrong, for the repair prompt and the log."""
    try:
        value = schema.model_validate_json(strip_fences(content))
    except ValidationError as exc:
        return summarize(exc)
    return clip("; ".join(choice_errors(value, choices)) or "unusable answer")


def summarize(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors(include_url=False)[:5]:
        where = ".".join(str(p) for p in error["loc"]) or "<root>"
        parts.append(f"{where}: {error['msg']}")
    more = exc.error_count() - len(parts)
    if more > 0:
        parts.append(f"and {more} more")
    return clip("; ".join(parts))


def clip(text: str) -> str:
    return text if len(text) <= _ERROR_TEXT_LIMIT else text[:_ERROR_TEXT_LIMIT] + "..."
