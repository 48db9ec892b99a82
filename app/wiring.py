"""Composition root helpers: the only place the app is connected to `agents`."""

from __future__ import annotations

from typing import Any

from app.runtime import Runtime


def build_processor(runtime: Runtime) -> Any:
    from agents.deps import AgentDeps, DbUsageRecorder
    from agents.llm.gateway import LLMGateway
    from agents.runner import AssistantRunner

    gateway = LLMGateway.from_settings(runtime.settings, recorder=DbUsageRecorder(runtime.sessions))
    deps = AgentDeps(
        settings=runtime.settings,
        sessions=runtime.sessions,
        embedder=runtime.embedder,
        gateway=gateway,
    )
    return AssistantRunner(deps, runtime.stack.database_url)
