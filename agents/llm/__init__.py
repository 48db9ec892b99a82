"""The LLM gateway: structured calls, a bounded retry policy, usage metering and fallback."""

from agents.llm.gateway import LLMGateway, LLMResult, LLMUnavailable, with_fallback
from agents.llm.pricing import DEFAULT_PRICES, ModelPrice, cost_usd
from agents.llm.usage import InMemoryUsageRecorder, LLMCall, Tier, UsageRecorder

__all__ = [
    "DEFAULT_PRICES",
    "InMemoryUsageRecorder",
    "LLMCall",
    "LLMGateway",
    "LLMResult",
    "LLMUnavailable",
    "ModelPrice",
    "Tier",
    "UsageRecorder",
    "cost_usd",
    "with_fallback",
]
