"""Metering of model calls: one `llm_calls` row per gateway call, with tokens and cost."""
