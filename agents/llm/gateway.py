"""The one door to the LLM: structured calls with a bounded retry policy and usage metering.

Every skill asks for a pydantic object (`structured`) and gets back the value plus what it
cost. Prompts are laid out for provider prompt caching: the stable part (instructions and
JSON schema) is the system message, byte-identical from call to call; the variable data comes
last. The gateway owns the whole retry policy (the SDK's own retries are off):

- transport failures (429, 408, 409, 5xx, timeouts, connection errors) are retried up to
  `max_retries` times with exponential backoff, jitter and the server's Retry-After, capped;
- an answer that is not valid JSON for the schema is sent back once (`max_repairs`) with the
  validation error; a second bad answer fails the call;
- anything else (401, 400, a refusal) fails at once.

- an answer that is almost valid (a number out of range, "Met" for "met", prose or a
  trailing comma around the object) is repaired locally first, and every repair is counted;
- a 4xx/5xx that says the request's shape is unsupported is not retried: the endpoint's
  `response_format` mode steps down (json_schema -> json_object with schema -> json_object ->
  prompt only) and is remembered;
- a circuit breaker per model opens after consecutive transport failures, so while an
  endpoint is down calls degrade at once instead of each waiting out its timeouts;
- timeouts are per tier, every request carries `max_tokens`, a step deadline
  (`agents.llm.deadline`) bounds retries, and at most `concurrency` requests are in flight.

A failed call raises `LLMUnavailable`; `with_fallback` turns that into the offline answer.
"""

from __future__ import annotations

import contextvars
import logging
import random
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar, cast

import openai
from openai.types.chat import ChatCompletion, ChatCompletionMessageParam
from pydantic import BaseModel, ValidationError

from agents.llm.breaker import CircuitBreaker, Listener
from agents.llm.capabilities import Capabilities, FormatMode, response_format, says_unsupported
from agents.llm.deadline import remaining_s
from agents.llm.messages import (
    build_messages,
    clip,
    constrained,
    errors_of,
    summarize,
)
from agents.llm.policy import Budget, prices_from, retry_after_s
from agents.llm.pricing import DEFAULT_PRICES, ModelPrice, cost_usd
from agents.llm.repair import repair
from agents.llm.strict_schema import StrictSchema, strict_schema
from agents.llm.usage import InMemoryUsageRecorder, LLMCall, Tier, UsageRecorder
from agents.schemas import Engine

if TYPE_CHECKING:
    from agents.llm.streaming import StreamResult
    from app.config import Settings

logger = logging.getLogger(__name__)

T = TypeVar("T", bound=BaseModel)
R = TypeVar("R")
X = TypeVar("X")

OPENAI_BASE_URL = "https://api.openai.com/v1"
DEFAULT_STRONG_MODEL = "gpt-4.1"
DEFAULT_CHEAP_MODEL = "gpt-4.1-mini"
_RETRYABLE_STATUS = frozenset({408, 409, 429})
_MIN_ATTEMPT_S = 0.5  # below this much time left, an attempt is not worth starting

REPAIR_PROMPT = (
    "That reply was rejected: {errors}\n"
    "Reply again with only the corrected JSON object, conforming to the schema."
)


FailureKind = Literal[
    "transport", "invalid", "refused", "rejected", "circuit_open", "deadline", "config"
]


class LLMUnavailable(Exception):
    """The LLM gave no usable answer within the retry budget; `reason` says why and `kind`
    what sort of failure it was (only transport failures move the circuit breaker)."""

    def __init__(self, reason: str, kind: FailureKind = "transport") -> None:
        super().__init__(reason)
        self.reason = reason
        self.kind: FailureKind = kind


@dataclass(frozen=True, slots=True)
class LLMResult(Generic[T]):
    value: T
    model: str
    prompt_tokens: int
    completion_tokens: int
    cached_tokens: int
    latency_ms: float
    cost_usd: float
    attempts: int  # HTTP requests made, retries and repairs included
    repairs: int = 0  # local fixes applied to the answer (clamped numbers, case, prose)


@dataclass(slots=True)
class _Tally:
    """What one `structured` call has spent so far, across all its attempts."""

    attempts: int = 0
    transport_retries: int = 0
    repairs: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0

    def add_usage(self, completion: ChatCompletion) -> None:
        usage = completion.usage
        if usage is None:
            return
        self.prompt_tokens += usage.prompt_tokens or 0
        self.completion_tokens += usage.completion_tokens or 0
        details = usage.prompt_tokens_details
        if details is not None and details.cached_tokens:
            self.cached_tokens += details.cached_tokens

    def add_unanswered(self, messages: Sequence[ChatCompletionMessageParam]) -> None:
        # A timed-out or failed attempt reports no usage, but the server read the prompt:
        # meter an estimate (4 characters a token) rather than nothing.
        chars = sum(len(str(m.get("content") or "")) for m in messages)
        self.prompt_tokens += max(1, chars // 4)


class LLMGateway:
    def __init__(
        self,
        *,
        base_url: str | None,
        api_key: str | None = None,
        strong_model: str = DEFAULT_STRONG_MODEL,
        cheap_model: str = DEFAULT_CHEAP_MODEL,
        timeout_s: float = 30.0,
        timeout_strong_s: float | None = None,
        timeout_cheap_s: float | None = None,
        max_tokens_strong: int = 1024,
        max_tokens_cheap: int = 512,
        max_retries: int = 2,
        backoff_base_s: float = 0.5,
        backoff_max_s: float = 20.0,
        max_repairs: int = 1,
        concurrency: int = 4,
        breaker_failures: int = 3,
        breaker_cooldown_s: float = 30.0,
        prices: Mapping[str, ModelPrice] | None = None,
        recorder: UsageRecorder | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.base_url = base_url
        self.strong_model = strong_model
        self.cheap_model = cheap_model
        self.timeout_s = timeout_s
        self.timeouts: dict[Tier, float] = {
            "strong": timeout_strong_s or timeout_s,
            "cheap": timeout_cheap_s or timeout_s,
        }
        self.max_tokens: dict[Tier, int] = {"strong": max_tokens_strong, "cheap": max_tokens_cheap}
        self.concurrency = max(1, concurrency)
        self._slots = threading.BoundedSemaphore(self.concurrency)
        self._breaker_failures = breaker_failures
        self._breaker_cooldown_s = breaker_cooldown_s
        self._clock = clock
        self._breakers: dict[str, CircuitBreaker] = {}
        self._breakers_lock = threading.Lock()
        self._listeners: list[Listener] = []
        self.capabilities = Capabilities()
        self.max_retries = max(0, max_retries)
        self.backoff_base_s = backoff_base_s
        self.backoff_max_s = backoff_max_s
        self.max_repairs = max(0, max_repairs)
        self.prices: Mapping[str, ModelPrice] = {**DEFAULT_PRICES, **(prices or {})}
        self.recorder: UsageRecorder = recorder if recorder is not None else InMemoryUsageRecorder()
        self._sleep = sleep
        self._random = random.Random()
        self._client: openai.OpenAI | None = None
        if base_url is not None:
            self._client = openai.OpenAI(
                base_url=base_url,
                # Local servers (Ollama, vLLM, llama.cpp) take no key, but the SDK wants one.
                api_key=api_key or "not-needed",
                timeout=timeout_s,
                max_retries=0,  # the gateway's policy is the only one
            )

    @classmethod
    def from_settings(
        cls, settings: Settings, *, recorder: UsageRecorder | None = None
    ) -> LLMGateway:
        api_key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
        # A key alone means api.openai.com; a URL alone is a local server; neither is offline.
        base_url = settings.llm_base_url or (OPENAI_BASE_URL if api_key else None)
        return cls(
            base_url=base_url,
            api_key=api_key,
            strong_model=settings.llm_model_strong,
            cheap_model=settings.llm_model_cheap,
            timeout_s=settings.llm_timeout_s,
            timeout_strong_s=settings.llm_timeout_strong_s,
            timeout_cheap_s=settings.llm_timeout_cheap_s,
            max_tokens_strong=settings.llm_max_tokens_strong,
            max_tokens_cheap=settings.llm_max_tokens_cheap,
            max_retries=settings.llm_max_retries,
            backoff_base_s=settings.llm_backoff_base_s,
            backoff_max_s=settings.llm_backoff_max_s,
            concurrency=settings.llm_concurrency,
            breaker_failures=settings.llm_breaker_failures,
            breaker_cooldown_s=settings.llm_breaker_cooldown_s,
            prices=prices_from(settings.llm_prices),
            recorder=recorder,
        )

    @property
    def enabled(self) -> bool:
        return self._client is not None

    def model_for(self, tier: Tier) -> str:
        return self.strong_model if tier == "strong" else self.cheap_model

    def breaker(self, model: str) -> CircuitBreaker:
        """The breaker of this endpoint and model (created on first use)."""
        with self._breakers_lock:
            found = self._breakers.get(model)
            if found is None:
                found = CircuitBreaker(
                    f"{self.base_url} {model}",
                    failures=self._breaker_failures,
                    cooldown_s=self._breaker_cooldown_s,
                    clock=self._clock,
                    listener=self._breaker_moved,
                )
                self._breakers[model] = found
            return found

    def on_breaker_change(self, listener: Listener) -> None:
        """Call `listener(key, old, new)` when a breaker opens or closes (announce it once)."""
        self._listeners.append(listener)

    def _breaker_moved(self, key: str, old: str, new: str) -> None:
        logger.warning("LLM circuit %s: %s -> %s", key, old, new)
        for listener in list(self._listeners):
            listener(key, cast(Any, old), cast(Any, new))

    @property
    def available(self) -> bool:
        """Configured, and no breaker refuses calls right now."""
        if not self.enabled:
            return False
        return all(self.breaker(self.model_for(t)).state != "open" for t in ("strong", "cheap"))

    def map(self, fn: Callable[[X], R], items: Iterable[X]) -> list[R]:
        """`fn` over `items` with up to `concurrency` in flight, results in input order; the
        caller's context (step deadline, scope) goes with every call."""
        batch = list(items)
        if len(batch) <= 1 or self.concurrency == 1:
            return [fn(item) for item in batch]
        contexts = [contextvars.copy_context() for _ in batch]
        with ThreadPoolExecutor(max_workers=min(self.concurrency, len(batch))) as pool:
            futures = [
                pool.submit(ctx.run, fn, item) for ctx, item in zip(contexts, batch, strict=True)
            ]
            return [f.result() for f in futures]

    # What `agents.llm.streaming` shares with `structured`: one client, one set of slots,
    # one backoff and one usage record per call, whichever way the answer comes back.
    @property
    def client(self) -> openai.OpenAI | None:
        return self._client

    @property
    def slots(self) -> threading.BoundedSemaphore:
        return self._slots

    def sleep(self, seconds: float) -> None:
        self._sleep(seconds)

    def backoff_s(self, retry: int, retry_after: float | None) -> float:
        return self._backoff_s(retry, retry_after)

    def record(
        self, task: str, model: str, tier: Tier, tally: _Tally, started: float, *, error: str | None
    ) -> LLMCall:
        return self._record(task, model, tier, tally, started, error=error)

    def admit(self, task: str, model: str, tier: Tier) -> tuple[_Tally, float]:
        """Start one call's accounting, or refuse it at once (no endpoint, or the breaker
        open: recorded as a failed call, so usage shows every refusal)."""
        if self._client is None:
            raise LLMUnavailable("no LLM endpoint configured", "config")
        tally = _Tally()
        started = time.perf_counter()
        breaker = self.breaker(model)
        if not breaker.allow():
            exc = LLMUnavailable(
                f"circuit open for {model}: answering offline for {breaker.retry_in_s():.0f}s more",
                "circuit_open",
            )
            self._record(task, model, tier, tally, started, error=exc.reason)
            raise exc
        return tally, started

    def stream_text(
        self,
        *,
        task: str,
        instructions: str,
        data: str | Mapping[str, Any],
        on_delta: Callable[[str], None],
        tier: Tier = "cheap",
        max_tokens: int | None = None,
    ) -> StreamResult:
        """A prose answer streamed into `on_delta` (see `agents.llm.streaming`)."""
        from agents.llm.streaming import stream_text

        return stream_text(
            self,
            task=task,
            instructions=instructions,
            data=data,
            on_delta=on_delta,
            tier=tier,
            max_tokens=max_tokens,
        )

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

    def __enter__(self) -> LLMGateway:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def structured(
        self,
        *,
        task: str,
        instructions: str,
        schema: type[T],
        data: str | Mapping[str, Any],
        tier: Tier = "cheap",
        max_tokens: int | None = None,
        choices: Mapping[str, Sequence[str]] | None = None,
        deadline_s: float | None = None,
    ) -> LLMResult[T]:
        """Ask for one `schema` object; raise `LLMUnavailable` when none comes back valid.

        `choices` narrows string fields by name to the values this call allows (e.g. the
        qualification ids sent), in the schema sent and in validation; `deadline_s` bounds
        this call (the step deadline, if nearer, wins)."""
        model = self.model_for(tier)
        tally, started = self.admit(task, model, tier)
        client = self._client
        assert client is not None  # admit() refuses a call without an endpoint
        breaker = self.breaker(model)
        spec = constrained(strict_schema(schema), choices)
        ends = None if deadline_s is None else self._clock() + deadline_s
        budget = Budget(
            max_tokens=max_tokens or self.max_tokens[tier],
            timeout_s=self.timeouts[tier],
            ends=ends,
            choices=choices or {},
        )
        try:
            messages = build_messages(instructions, spec, data)
            value, served_by = self._ask(client, model, spec, schema, messages, tally, budget)
        except LLMUnavailable as exc:
            if exc.kind == "transport":
                breaker.failure()
            else:
                breaker.release()
            self._record(task, model, tier, tally, started, error=exc.reason)
            raise
        breaker.success()
        call = self._record(task, served_by, tier, tally, started, error=None)
        return LLMResult(
            value=value,
            model=served_by,
            prompt_tokens=call.prompt_tokens,
            completion_tokens=call.completion_tokens,
            cached_tokens=call.cached_tokens,
            latency_ms=call.latency_ms,
            cost_usd=call.cost_usd,
            attempts=call.attempts,
            repairs=tally.repairs,
        )

    def _ask(
        self,
        client: openai.OpenAI,
        model: str,
        spec: StrictSchema,
        schema: type[T],
        messages: list[ChatCompletionMessageParam],
        tally: _Tally,
        budget: Budget,
    ) -> tuple[T, str]:
        repairs_left = self.max_repairs
        while True:
            completion = self._complete(client, model, spec, messages, tally, budget)
            content = _content_of(completion)
            fixed, repairs = repair(content, schema, choices=budget.choices)
            if fixed is not None:
                tally.repairs += repairs
                return fixed, completion.model or model
            errors = errors_of(content, schema, budget.choices)
            if completion.choices and completion.choices[0].finish_reason == "length":
                errors = f"cut off at max_tokens={budget.max_tokens}: {errors}"
            if repairs_left == 0:
                raise LLMUnavailable(f"invalid output: {errors}", "invalid")
            repairs_left -= 1
            logger.info("LLM output rejected, asking for a repair: %s", errors)
            # Appending keeps the earlier messages a cacheable prefix.
            messages = [
                *messages,
                {"role": "assistant", "content": content},
                {"role": "user", "content": REPAIR_PROMPT.format(errors=errors)},
            ]

    def _complete(
        self,
        client: openai.OpenAI,
        model: str,
        spec: StrictSchema,
        messages: Sequence[ChatCompletionMessageParam],
        tally: _Tally,
        budget: Budget,
    ) -> ChatCompletion:
        while True:
            left = remaining_s(budget.ends)
            if left is not None and left < _MIN_ATTEMPT_S:
                raise LLMUnavailable(
                    f"step deadline reached (after {tally.attempts} attempts)", "deadline"
                )
            timeout = budget.timeout_s if left is None else min(budget.timeout_s, left)
            mode = self.capabilities.mode
            tally.attempts += 1
            retry_after: float | None = None
            try:
                with self._slots:
                    completion = self._create(client, model, spec, messages, mode, timeout, budget)
            except openai.APITimeoutError:
                tally.add_unanswered(messages)
                retryable, reason = True, f"timed out after {timeout:g}s"
            except openai.APIConnectionError as exc:
                retryable, reason = True, f"connection failed: {exc.__cause__ or exc}"
            except openai.APIStatusError as exc:
                status = exc.status_code
                if says_unsupported(status, exc.message) and self.capabilities.step_down(mode):
                    # The shape is the problem, not the server: ask again in the next shape.
                    logger.info("endpoint refuses response_format %s (HTTP %s)", mode, status)
                    continue
                retryable = status in _RETRYABLE_STATUS or status >= 500
                reason = f"HTTP {status}: {clip(exc.message)}"
                retry_after = retry_after_s(exc.response.headers)
            except openai.OpenAIError as exc:
                retryable, reason = False, f"{type(exc).__name__}: {clip(str(exc))}"
            else:
                tally.add_usage(completion)
                return completion

            if not retryable or tally.transport_retries >= self.max_retries:
                # A request the server refuses on its merits (too long, malformed) says
                # nothing about the endpoint's health: it does not move the breaker.
                kind: FailureKind = (
                    "rejected" if refused_request(retryable, reason) else "transport"
                )
                raise LLMUnavailable(f"{reason} (after {tally.attempts} attempts)", kind)
            delay = self._backoff_s(tally.transport_retries, retry_after)
            left = remaining_s(budget.ends)
            if left is not None and delay + _MIN_ATTEMPT_S > left:
                raise LLMUnavailable(f"{reason}; no time left in the step for a retry", "deadline")
            tally.transport_retries += 1
            logger.info("LLM call failed (%s), retrying in %.2fs", reason, delay)
            self._sleep(delay)

    def _create(
        self,
        client: openai.OpenAI,
        model: str,
        spec: StrictSchema,
        messages: Sequence[ChatCompletionMessageParam],
        mode: FormatMode,
        timeout: float,
        budget: Budget,
    ) -> ChatCompletion:
        fmt = response_format(mode, spec)
        extra: dict[str, Any] = {} if fmt is None else {"response_format": fmt}
        completion: ChatCompletion = client.chat.completions.create(
            model=model,
            messages=messages,
            max_tokens=budget.max_tokens,
            timeout=timeout,
            **extra,
        )
        return completion

    def _backoff_s(self, retry: int, retry_after: float | None) -> float:
        ceiling = self.backoff_base_s * 2**retry
        delay = self._random.uniform(ceiling / 2, ceiling)  # jitter spreads a thundering herd
        if retry_after is not None:
            delay = max(delay, retry_after)
        return min(delay, self.backoff_max_s)

    def _record(
        self, task: str, model: str, tier: Tier, tally: _Tally, started: float, *, error: str | None
    ) -> LLMCall:
        call = LLMCall(
            task=task,
            model=model,
            tier=tier,
            prompt_tokens=tally.prompt_tokens,
            completion_tokens=tally.completion_tokens,
            cached_tokens=tally.cached_tokens,
            latency_ms=(time.perf_counter() - started) * 1000,
            cost_usd=cost_usd(
                model,
                prompt_tokens=tally.prompt_tokens,
                completion_tokens=tally.completion_tokens,
                cached_tokens=tally.cached_tokens,
                prices=self.prices,
            ),
            attempts=tally.attempts,
            ok=error is None,
            error=error,
            repairs=tally.repairs,
        )
        try:
            self.recorder.record(call)
        except Exception:
            # Metering must never cost the user the answer they already paid for.
            logger.exception("usage recorder failed for task %s", task)
        return call


def with_fallback(
    gateway: LLMGateway,
    *,
    task: str,
    llm: Callable[[], R],
    offline: Callable[[], R],
) -> tuple[R, Engine, bool]:
    """Run the LLM brain, or the offline one: returns (value, engine, degraded)."""
    if not gateway.enabled:
        return offline(), "offline", False
    try:
        return llm(), "llm", False
    except (LLMUnavailable, ValidationError) as exc:
        reason = exc.reason if isinstance(exc, LLMUnavailable) else summarize(exc)
        logger.warning("%s: LLM unavailable, answering offline (%s)", task, reason)
        return offline(), "offline", True


def _content_of(completion: ChatCompletion) -> str:
    if not completion.choices:
        raise LLMUnavailable("the response had no choices", "invalid")
    message = completion.choices[0].message
    if message.refusal:
        raise LLMUnavailable(f"the model refused: {clip(message.refusal)}", "refused")
    return message.content or ""


def refused_request(retryable: bool, reason: str) -> bool:
    """A 4xx about this request (not auth, not a missing model or route)."""
    if retryable or not reason.startswith("HTTP 4"):
        return False
    return reason[5:8] not in ("401", "403", "404")
