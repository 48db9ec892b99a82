"""Stores one model call's usage. The gateway (in agents) measures; this only records what
it is handed, scoped to the org and project the call was made for (None: no project)."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from app.models import LLMCallRecord


def record_call(
    session: Session,
    *,
    org_id: uuid.UUID | None,
    project_id: uuid.UUID | None,
    task: str,
    model: str,
    tier: str,
    prompt_tokens: int,
    completion_tokens: int,
    cached_tokens: int,
    latency_ms: float,
    cost_usd: float,
    ok: bool,
    error: str | None,
) -> None:
    session.add(
        LLMCallRecord(
            org_id=org_id,
            project_id=project_id,
            task=task,
            model=model,
            tier=tier,
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            cached_tokens=cached_tokens,
            latency_ms=latency_ms,
            cost_usd=cost_usd,
            ok=ok,
            error=error,
        )
    )
