"""The bounded retry policy's arithmetic: what one call may spend, Retry-After, prices."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

from agents.llm.pricing import ModelPrice


@dataclass(frozen=True, slots=True)
class Budget:
    """What one call may spend: tokens per answer, seconds per attempt, the deadline."""

    max_tokens: int
    timeout_s: float
    ends: float | None  # monotonic; None = only the step deadline, if any
    choices: Mapping[str, Sequence[str]]


def retry_after_s(headers: Mapping[str, str]) -> float | None:
    """Retry-After as seconds: OpenAI's `retry-after-ms`, then seconds, then an HTTP date."""
    if raw_ms := headers.get("retry-after-ms"):
        try:
            return max(0.0, float(raw_ms) / 1000)
        except ValueError:
            pass
    raw = headers.get("retry-after")
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def prices_from(raw: object) -> dict[str, ModelPrice] | None:
    """Settings give prices as {model: [input, cached_input, output]} USD per 1M tokens."""
    if not isinstance(raw, Mapping):
        return None
    prices: dict[str, ModelPrice] = {}
    for model, value in raw.items():
        if isinstance(value, ModelPrice):
            prices[str(model)] = value
        elif isinstance(value, Mapping):
            prices[str(model)] = ModelPrice(
                float(value["input"]), float(value["cached_input"]), float(value["output"])
            )
        else:
            inp, cached, out = value
            prices[str(model)] = ModelPrice(float(inp), float(cached), float(out))
    return prices
