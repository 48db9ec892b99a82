"""Repair a near-valid answer before giving up on it; every repair is counted.

Small models under a grammar write JSON that is almost right: a confidence of 1.2 (llama.cpp's
grammar does not enforce minimum/maximum), "Met" for "met", prose around the object, a
trailing comma. Those are fixed here, locally and deterministically; anything else goes back
to the model once (the gateway's repair prompt) and then fails.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

T = TypeVar("T", bound=BaseModel)

_FENCED = re.compile(r"^```[\w-]*\s*(.*?)\s*```$", re.DOTALL)
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_BOUNDS = {
    "greater_than_equal": "ge",
    "less_than_equal": "le",
    "greater_than": "gt",
    "less_than": "lt",
}
_MAX_ROUNDS = 4


def strip_fences(content: str) -> str:
    # Some local servers ignore response_format and wrap the JSON in a markdown fence.
    match = _FENCED.match(content.strip())
    return match.group(1) if match else content


def loads_lenient(content: str) -> Any | None:
    """The JSON object in `content`, tolerating fences, prose around it and trailing commas."""
    text = strip_fences(content).strip()
    for candidate in (text, _outermost_object(text)):
        if not candidate:
            continue
        for variant in (candidate, _TRAILING_COMMA.sub(r"\1", candidate)):
            try:
                return json.loads(variant)
            except ValueError:
                continue
    return None


def _outermost_object(text: str) -> str | None:
    start, end = text.find("{"), text.rfind("}")
    return text[start : end + 1] if 0 <= start < end else None


def repair(
    content: str,
    schema: type[T],
    *,
    choices: Mapping[str, Sequence[str]] | None = None,
) -> tuple[T | None, int]:
    """(value, repairs made) — value is None when the answer cannot be fixed locally."""
    data = loads_lenient(content)
    if data is None:
        return None, 0
    repairs = 0 if _is_clean_json(content) else 1
    for _ in range(_MAX_ROUNDS):
        try:
            value = schema.model_validate(data)
        except ValidationError as exc:
            fixed = _fix_errors(data, exc)
            if fixed == 0:
                return None, repairs
            repairs += fixed
            continue
        bad = choice_errors(value, choices or {})
        if bad:
            return None, repairs
        return value, repairs
    return None, repairs


def _is_clean_json(content: str) -> bool:
    try:
        json.loads(content)
    except ValueError:
        return False
    return True


def _fix_errors(data: Any, exc: ValidationError) -> int:
    fixed = 0
    for error in exc.errors(include_url=False):
        loc = error["loc"]
        parent, key = _parent(data, loc)
        if parent is None:
            continue
        kind = error["type"]
        ctx = error.get("ctx") or {}
        bound = _BOUNDS.get(kind)
        if bound and bound in ctx:
            parent[key] = ctx[bound]  # clamp to the bound the schema states
            fixed += 1
        elif kind in ("literal_error", "enum") and isinstance(parent[key], str):
            expected = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
            wanted = _normal(parent[key])
            match = next((e for e in expected if _normal(e) == wanted), None)
            if match is not None and match != parent[key]:
                parent[key] = match
                fixed += 1
        elif kind in ("float_parsing", "int_parsing") and isinstance(parent[key], str):
            number = re.search(r"-?\d+(?:\.\d+)?", parent[key])
            if number:
                parent[key] = (
                    float(number.group(0))
                    if kind == "float_parsing"
                    else int(float(number.group(0)))
                )
                fixed += 1
    return fixed


def _normal(text: str) -> str:
    return re.sub(r"[\s_-]+", "_", text.strip().lower())


def _parent(data: Any, loc: tuple[int | str, ...]) -> tuple[Any, Any]:
    node = data
    for part in loc[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None, None
    if not loc:
        return None, None
    last = loc[-1]
    try:
        node[last]
    except (KeyError, IndexError, TypeError):
        return None, None
    return node, last


def choice_errors(value: BaseModel, choices: Mapping[str, Sequence[str]]) -> list[str]:
    """Fields named in `choices` whose values are not among the ones this call allowed
    (qualification ids are an enum of the ids sent, built per call)."""
    if not choices:
        return []
    errors: list[str] = []
    allowed = {name: set(values) for name, values in choices.items()}

    def walk(node: Any, path: str) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                where = f"{path}.{k}" if path else str(k)
                if k in allowed and isinstance(v, str) and v not in allowed[k]:
                    errors.append(f"{where}: {v!r} is not one of the ids given")
                walk(v, where)
        elif isinstance(node, list):
            for i, item in enumerate(node):
                walk(item, f"{path}.{i}")

    walk(value.model_dump(mode="json"), "")
    return errors


def constrain_schema(schema: dict[str, Any], choices: Mapping[str, Sequence[str]]) -> None:
    """Put the per-call enums into a JSON Schema (in place), wherever a property has that name."""
    if not choices:
        return

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            props = node.get("properties")
            if isinstance(props, dict):
                for name, sub in props.items():
                    if name in choices and isinstance(sub, dict):
                        sub["enum"] = list(choices[name])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(schema)
