"""Which brain the evals exercise, and the product's own evaluation path around it.

`offline` is the rule engine (deterministic, no network). `llm` is the OpenAI-compatible
endpoint from the usual settings (SCOUT_LLM_BASE_URL / SCOUT_LLM_API_KEY); asking for it without
one configured is an error, not a silent fallback to offline numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, cast

from agents.deps import AgentDeps
from agents.evaluation import evaluate_offline, redact_profile, verify_quotes
from agents.evaluation.skill import evaluate as evaluate_with_brain
from agents.intake.skill import run_intake
from agents.llm.gateway import LLMGateway
from agents.llm.usage import InMemoryUsageRecorder, LLMCall
from agents.schemas import CandidateEvaluation, IntakeResult, Qualification
from app.candidates.parsing.extract import extract_profile
from app.candidates.profile import RawRecord
from app.config import Settings

EngineName = Literal["offline", "llm"]
# "Present" in a date range resolves to this day, so years of experience (and so verdicts)
# do not drift as the calendar moves. It is the synthetic pool's "today" as well.
EVAL_TODAY = date(2025, 6, 1)


def per_task(calls: list[LLMCall]) -> dict[str, dict[str, float]]:
    """Per skill: calls, the share answered schema-valid (repairs included), repairs,
    latency p50/p95 of the calls that reached the model."""
    by_task: dict[str, list[LLMCall]] = {}
    for call in calls:
        by_task.setdefault(call.task, []).append(call)
    out: dict[str, dict[str, float]] = {}
    for task, items in sorted(by_task.items()):
        reached = sorted(c.latency_ms for c in items if c.attempts > 0)

        def pct(p: float, values: list[float] = reached) -> float:
            return round(values[min(len(values) - 1, int(p * len(values)))], 1) if values else 0.0

        out[task] = {
            "calls": float(len(items)),
            "valid_share": round(sum(c.ok for c in items) / len(items), 4),
            "repairs": float(sum(c.repairs for c in items)),
            "latency_p50_ms": pct(0.5),
            "latency_p95_ms": pct(0.95),
        }
    return out


class BudgetExhausted(Exception):
    """The run's LLM call budget is spent: a suite stops where it is (and says so)."""


class EngineUnavailable(Exception):
    """The requested engine cannot run here (e.g. `llm` with no endpoint configured)."""


@dataclass
class EngineContext:
    name: EngineName
    settings: Settings
    gateway: LLMGateway
    recorder: InMemoryUsageRecorder = field(default_factory=InMemoryUsageRecorder)
    # Most LLM calls this run may make (None: no limit). A CPU model answers a call in
    # seconds; a smoke run sized for the offline engine would take hours on it.
    max_calls: int | None = None

    def spent(self) -> bool:
        return self.max_calls is not None and len(self.recorder.calls) >= self.max_calls

    def usage(self) -> dict[str, Any]:
        """LLM calls, tokens, cache hits and cost seen by this engine's gateway so far."""
        calls = self.recorder.calls
        return {
            "llm_calls": len(calls),
            "llm_failed_calls": sum(1 for c in calls if not c.ok),
            "llm_repairs": sum(c.repairs for c in calls),
            "prompt_tokens": sum(c.prompt_tokens for c in calls),
            "completion_tokens": sum(c.completion_tokens for c in calls),
            "cached_tokens": sum(c.cached_tokens for c in calls),
            "cache_hit_calls": sum(1 for c in calls if c.cached_tokens > 0),
            "cost_usd": round(sum(c.cost_usd for c in calls), 6),
            "per_task": per_task(calls),
        }

    def deps(self) -> AgentDeps:
        # `agents.evaluation.skill.evaluate` reads only `deps.gateway`; the evals call it
        # without a database, so the other fields are deliberately absent.
        return cast(AgentDeps, _GatewayOnly(self.gateway))

    def close(self) -> None:
        self.gateway.close()


@dataclass
class _GatewayOnly:
    gateway: LLMGateway


def eval_settings(
    base: Settings | None = None, *, engine: EngineName, **overrides: Any
) -> Settings:
    """Settings for an eval run: always a private embedded stack and the local embedder (the
    retrieval numbers are about the shipped model), and no LLM at all for `offline`, whatever
    the environment says."""
    source = base or Settings()
    values: dict[str, Any] = {
        **source.model_dump(),
        "database_url": None,
        "redis_url": None,
        "embedding_backend": "local",
    }
    if engine == "offline":
        values.update(llm_base_url=None, llm_api_key=None)
    values.update(overrides)
    return Settings(**values)


def make_engine(engine: EngineName, settings: Settings, judge: bool = False) -> EngineContext:
    recorder = InMemoryUsageRecorder()
    if engine == "offline":
        gateway = LLMGateway(base_url=None, recorder=recorder)
    else:
        gateway = LLMGateway.from_settings(settings, recorder=recorder)
        if not gateway.enabled:
            raise EngineUnavailable(
                "the llm engine needs an OpenAI-compatible endpoint: set SCOUT_LLM_BASE_URL "
                "(and SCOUT_LLM_API_KEY if it needs one)"
            )
    return EngineContext(engine, settings, gateway, recorder)


@dataclass
class EvaluatedProfile:
    raw_text: str  # the text as it would be stored
    evaluation: CandidateEvaluation


def qualifications_from(texts: list[str | dict[str, Any]]) -> list[Qualification]:
    out = []
    for i, item in enumerate(texts, start=1):
        spec = {"text": item} if isinstance(item, str) else dict(item)
        out.append(Qualification(id=f"q{i}", **spec))
    return out


def intake_text(ctx: EngineContext, text: str) -> IntakeResult:
    """The product's intake skill under the run's LLM call budget."""
    if ctx.spent():
        raise BudgetExhausted(f"the LLM call budget of {ctx.max_calls} is spent")
    return run_intake(ctx.gateway, text, None)


def evaluate_text(
    ctx: EngineContext, text: str, qualifications: list[Qualification], source: str = "eval.txt"
) -> EvaluatedProfile:
    """Import-time extraction, redaction, the chosen brain, and both quote checks, exactly as
    `agents.evaluation.skill.evaluate_stored_candidate` runs them (minus the database)."""
    profile = extract_profile(RawRecord(source=source, text=text), today=EVAL_TODAY)
    redacted = redact_profile(profile)
    if ctx.spent():
        raise BudgetExhausted(f"the LLM call budget of {ctx.max_calls} is spent")
    if ctx.name == "offline":
        # The offline brain with a fixed "today"; `skill.evaluate` would use the real date.
        result = evaluate_offline(
            qualifications, redacted.sections, redacted.text.text, today=EVAL_TODAY
        )
        result = verify_quotes(result, redacted.text.text, qualifications)
    else:
        result = evaluate_with_brain(
            ctx.deps(), qualifications, redacted.text.text, list(redacted.sections)
        )
    return EvaluatedProfile(
        profile.raw_text, verify_quotes(result, profile.raw_text, qualifications)
    )
