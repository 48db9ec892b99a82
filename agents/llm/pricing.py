"""What a call costs: list prices per model, in USD per million tokens.

Local and unknown models cost 0. The table is a default; deployments override or extend it
(e.g. from settings) because prices change faster than releases.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ModelPrice:
    input_per_mtok: float
    cached_input_per_mtok: float
    output_per_mtok: float


# OpenAI list prices (standard tier) at the time of writing.
DEFAULT_PRICES: Mapping[str, ModelPrice] = {
    "gpt-4o": ModelPrice(2.50, 1.25, 10.00),
    "gpt-4o-mini": ModelPrice(0.15, 0.075, 0.60),
    "gpt-4.1": ModelPrice(2.00, 0.50, 8.00),
    "gpt-4.1-mini": ModelPrice(0.40, 0.10, 1.60),
    "gpt-4.1-nano": ModelPrice(0.10, 0.025, 0.40),
    "o4-mini": ModelPrice(1.10, 0.275, 4.40),
    "gpt-5": ModelPrice(1.25, 0.125, 10.00),
    "gpt-5-mini": ModelPrice(0.25, 0.025, 2.00),
    "gpt-5-nano": ModelPrice(0.05, 0.005, 0.40),
}

# Providers answer with a dated snapshot ("gpt-4o-mini-2024-07-18") of the alias we asked for.
_SNAPSHOT_SUFFIX = re.compile(r"-\d{4}-\d{2}-\d{2}$")


def price_for(model: str, prices: Mapping[str, ModelPrice]) -> ModelPrice | None:
    if model in prices:
        return prices[model]
    return prices.get(_SNAPSHOT_SUFFIX.sub("", model))


def cost_usd(
    model: str,
    *,
    prompt_tokens: int,
    completion_tokens: int,
    cached_tokens: int,
    prices: Mapping[str, ModelPrice] = DEFAULT_PRICES,
) -> float:
    price = price_for(model, prices)
    if price is None:
        return 0.0
    cached = min(cached_tokens, prompt_tokens)
    total = (
        (prompt_tokens - cached) * price.input_per_mtok
        + cached * price.cached_input_per_mtok
        + completion_tokens * price.output_per_mtok
    )
    return total / 1_000_000
