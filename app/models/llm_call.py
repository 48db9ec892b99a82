from __future__ import annotations

import uuid

from sqlalchemy import BigInteger, Boolean, Float, ForeignKey, Identity, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Timestamps


class LLMCallRecord(Timestamps, Base):
    """Every LLM call: model, tokens, latency and cost, for budgets and evals."""

    __tablename__ = "llm_calls"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    org_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), default=None, index=True
    )
    project_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), default=None
    )
    task: Mapped[str] = mapped_column(String(64))
    model: Mapped[str] = mapped_column(String(200))
    tier: Mapped[str] = mapped_column(String(16))
    prompt_tokens: Mapped[int] = mapped_column(Integer, default=0)
    completion_tokens: Mapped[int] = mapped_column(Integer, default=0)
    cached_tokens: Mapped[int] = mapped_column(Integer, default=0)
    latency_ms: Mapped[float] = mapped_column(Float, default=0.0)
    cost_usd: Mapped[float] = mapped_column(Float, default=0.0)
    # HTTP requests the call made (retries and repair turns included; 0 = the breaker was
    # open) and local fixes applied to its answer.
    attempts: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    repairs: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    ok: Mapped[bool] = mapped_column(Boolean, default=True)
    error: Mapped[str | None] = mapped_column(Text, default=None)
