"""Pydantic JSON schemas rewritten for `response_format` strict mode.

Strict mode (OpenAI, and the grammar-constrained decoders of vLLM / llama.cpp) wants every
object closed (`additionalProperties: false`) with every property listed in `required`, and
no `$ref` carrying sibling keywords. A field with a default therefore becomes one the model
must always write, which pydantic accepts either way. `default` and `title` are dropped:
they mean nothing to the decoder and cost prompt tokens.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import BaseModel

_NAME_UNSAFE = re.compile(r"[^a-zA-Z0-9_-]")


@dataclass(frozen=True, slots=True)
class StrictSchema:
    name: str  # the `json_schema.name` the API wants: [a-zA-Z0-9_-]{1,64}
    schema: dict[str, Any]  # shared by every call; treat as read-only
    text: str  # canonical JSON of `schema`, byte-stable so the prompt prefix caches


@cache
def strict_schema(model: type[BaseModel]) -> StrictSchema:
    root = model.model_json_schema()
    schema = _strict(root, root)
    text = json.dumps(schema, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    name = _NAME_UNSAFE.sub("_", model.__name__)[:64] or "result"
    return StrictSchema(name=name, schema=schema, text=text)


def _strict(node: Any, root: dict[str, Any]) -> Any:
    if isinstance(node, list):
        return [_strict(item, root) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node and len(node) > 1:
        # Inline the target: strict mode rejects `{"$ref": ..., "description": ...}`.
        siblings = {k: v for k, v in node.items() if k != "$ref"}
        return _strict({**_resolve(root, node["$ref"]), **siblings}, root)

    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("default", "title"):
            continue
        if key in ("properties", "$defs"):
            out[key] = {name: _strict(sub, root) for name, sub in value.items()}
        else:
            out[key] = _strict(value, root)
    if out.get("type") == "object" or "properties" in out:
        out.setdefault("properties", {})
        out["required"] = list(out["properties"])
        out.setdefault("additionalProperties", False)
    if "allOf" in out and len(out["allOf"]) == 1:
        only = out.pop("allOf")[0]
        out = {**only, **out}
    return out


def _resolve(root: dict[str, Any], ref: str) -> dict[str, Any]:
    if not ref.startswith("#/"):
        raise ValueError(f"unsupported $ref {ref!r}")
    target: Any = root
    for part in ref[2:].split("/"):
        target = target[part]
    if not isinstance(target, dict):
        raise ValueError(f"$ref {ref!r} does not point at a schema")
    return target
