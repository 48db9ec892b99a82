"""The composition root: the one place the app is connected to `agents`.

The API (`app.main`), the worker and the CLI build their processor and dispatcher here, from
a started `Runtime` (engines, session factory, Redis, embedder). The processor owns the
checkpointer's pool and the compiled graphs; whoever builds it closes it.
"""

from __future__ import annotations

from typing import Literal

from app.dispatch import CeleryDispatcher, Dispatcher, InlineDispatcher, Processor
from app.runtime import Runtime

DispatchMode = Literal["inline", "celery"]


def build_processor(runtime: Runtime) -> Processor:
    """The assistant runner: LLM gateway (metered into llm_calls), checkpointer, graphs."""
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


def build_dispatcher(runtime: Runtime, processor: Processor, mode: str) -> Dispatcher:
    """ "inline" runs work in this process (tests, chat); "celery" hands it to workers."""
    if mode == "celery":
        from app.worker.celery_app import make_celery

        return CeleryDispatcher(make_celery(runtime.stack.redis_url))
    if mode != "inline":
        raise ValueError(f"dispatch mode must be inline or celery, not {mode!r}")
    return InlineDispatcher(processor)


def question_refusal(text: str) -> str | None:
    """Why a screening question may not be asked (a protected attribute), or None: the
    screening agent's responsible-AI check, for questions the recruiter edits in the API."""
    from agents.screening.safety import question_refusal as refusal

    refused = refusal(text)
    return None if refused is None else refused.reason


__all__ = ["DispatchMode", "build_dispatcher", "build_processor", "question_refusal"]
