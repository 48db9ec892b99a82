"""Stores one model call's usage. The gateway (in agents) measures; this only records what
it is handed, scoped to the org and project the call was made for (None: no project)."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
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
    attempts: int = 1,
    repairs: int = 0,
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
            attempts=attempts,
            repairs=repairs,
        )
    )


def project_usage(session: Session, project_id: uuid.UUID) -> dict[str, float | int]:
    """What the model cost a project so far: calls, tokens, dollars, and calls that failed
    (each failed call was answered by the offline engine instead: a degraded answer)."""
    row = session.execute(
        select(
            func.count(),
            func.coalesce(
                func.sum(LLMCallRecord.prompt_tokens + LLMCallRecord.completion_tokens), 0
            ),
            func.coalesce(func.sum(LLMCallRecord.cost_usd), 0.0),
            func.count().filter(LLMCallRecord.ok.is_(False)),
        ).where(LLMCallRecord.project_id == project_id)
    ).one()
    return {
        "calls": int(row[0]),
        "tokens": int(row[1]),
        "cost_usd": round(float(row[2]), 6),
        "degraded_calls": int(row[3]),
    }
