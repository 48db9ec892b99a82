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


def build_dispatcher(runtime: Runtime, processor: Any, mode: str) -> Any:
    """ "inline" runs work in this process (tests, chat); "celery" hands it to workers."""
    from app.dispatch import CeleryDispatcher, InlineDispatcher

    if mode == "celery":
        from app.worker.celery_app import make_celery

        dispatcher: Any = CeleryDispatcher(make_celery(runtime.stack.redis_url))
    else:
        dispatcher = InlineDispatcher(processor)
    processor.set_dispatcher(dispatcher)
    return dispatcher
