"""What agents need from the app, handed in by the composition root (never imported at
module level from a global)."""

from __future__ import annotations

import contextvars
import uuid
from dataclasses import dataclass

from agents.llm.gateway import LLMGateway
from agents.llm.usage import LLMCall
from app.config import Settings
from app.embeddings.metrics import CountingEmbedder
from app.unit_of_work import UnitOfWorkFactory, transaction
from app.usage import service as usage

# Which project an LLM call is made for; set by the runner around each graph run.
current_scope: contextvars.ContextVar[tuple[uuid.UUID, uuid.UUID] | None] = contextvars.ContextVar(
    "scout_llm_scope", default=None
)


class DbUsageRecorder:
    """Every LLM call lands in `llm_calls` with model, tokens, latency and cost."""

    def __init__(self, sessions: UnitOfWorkFactory) -> None:
        self.sessions = sessions

    def record(self, call: LLMCall) -> None:
        scope = current_scope.get()
        with transaction(self.sessions) as session:
            usage.record_call(
                session,
                org_id=scope[0] if scope else None,
                project_id=scope[1] if scope else None,
                task=call.task,
                model=call.model,
                tier=call.tier,
                prompt_tokens=call.prompt_tokens,
                completion_tokens=call.completion_tokens,
                cached_tokens=call.cached_tokens,
                latency_ms=call.latency_ms,
                cost_usd=call.cost_usd,
                ok=call.ok,
                error=call.error,
                attempts=call.attempts,
                repairs=call.repairs,
            )


@dataclass
class AgentDeps:
    settings: Settings
    sessions: UnitOfWorkFactory
    embedder: CountingEmbedder
    gateway: LLMGateway
