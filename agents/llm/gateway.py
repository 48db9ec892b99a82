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

A failed call raises `LLMUnavailable`; `with_fallback` turns that into the offline answer.
"""

from __future__ import annotations

import json
import logging
import random
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import openai
from openai.types.chat import ChatCompletion, ChatCompletionMessageParam
from pydantic import BaseModel, ValidationError

from agents.llm.pricing import DEFAULT_PRICES, ModelPrice, cost_usd
from agents.llm.strict_schema import StrictSchema, strict_schema
from agents.llm.usage import InMemoryUsageRecorder, LLMCall, Tier, UsageRecorder
from agents.schemas import Engine

if TYPE_CHECKING:
    from app.config import Settings

logger = logging.getLogger(__name__)

T = TypeVar("T", bound=BaseModel)
R = TypeVar("R")

OPENAI_BASE_URL = "https://api.openai.com/v1"
DEFAULT_STRONG_MODEL = "gpt-4.1"
DEFAULT_CHEAP_MODEL = "gpt-4.1-mini"
_RETRYABLE_STATUS = frozenset({408, 409, 429})
_ERROR_TEXT_LIMIT = 500
_FENCED = re.compile(r"^```[\w-]*\s*(.*?)\s*```$", re.DOTALL)

SCHEMA_PREAMBLE = (
    "Reply with a single JSON object that conforms to this JSON Schema. "
    "No prose and no code fences around it."
)
REPAIR_PROMPT = (
    "That reply was rejected: {errors}\n"
    "Reply again with only the corrected JSON object, conforming to the schema."
)


class LLMUnavailable(Exception):
    """The LLM gave no usable answer within the retry budget; `reason` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


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


@dataclass(slots=True)
class _Tally:
    """What one `structured` call has spent so far, across all its attempts."""

    attempts: int = 0
    transport_retries: int = 0
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


class LLMGateway:
    def __init__(
        self,
        *,
        base_url: str | None,
        api_key: str | None = None,
        strong_model: str = DEFAULT_STRONG_MODEL,
        cheap_model: str = DEFAULT_CHEAP_MODEL,
        timeout_s: float = 30.0,
        max_retries: int = 2,
        backoff_base_s: float = 0.5,
        backoff_max_s: float = 20.0,
        max_repairs: int = 1,
        prices: Mapping[str, ModelPrice] | None = None,
        recorder: UsageRecorder | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = base_url
        self.strong_model = strong_model
        self.cheap_model = cheap_model
        self.timeout_s = timeout_s
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
            # Typed Settings hold the defaults; nothing is repeated here.
            strong_model=settings.llm_model_strong,
            cheap_model=settings.llm_model_cheap,
            timeout_s=settings.llm_timeout_s,
            max_retries=settings.llm_max_retries,
            backoff_base_s=settings.llm_backoff_base_s,
            backoff_max_s=settings.llm_backoff_max_s,
            prices=_prices_from(settings.llm_prices),
            recorder=recorder,
        )

    @property
    def enabled(self) -> bool:
        return self._client is not None

    def model_for(self, tier: Tier) -> str:
        return self.strong_model if tier == "strong" else self.cheap_model

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
    ) -> LLMResult[T]:
        """Ask for one `schema` object; raise `LLMUnavailable` when none comes back valid."""
        model = self.model_for(tier)
        if self._client is None:
            raise LLMUnavailable("no LLM endpoint configured")
        spec = strict_schema(schema)
        tally = _Tally()
        started = time.perf_counter()
        try:
            messages = build_messages(instructions, spec, data)
            value, served_by = self._ask(self._client, model, spec, schema, messages, tally)
        except LLMUnavailable as exc:
            self._record(task, model, tier, tally, started, error=exc.reason)
            raise
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
        )

    def _ask(
        self,
        client: openai.OpenAI,
        model: str,
        spec: StrictSchema,
        schema: type[T],
        messages: list[ChatCompletionMessageParam],
        tally: _Tally,
    ) -> tuple[T, str]:
        repairs_left = self.max_repairs
        while True:
            completion = self._complete(client, model, spec, messages, tally)
            content = _content_of(completion)
            try:
                return schema.model_validate_json(_strip_fences(content)), completion.model or model
            except ValidationError as exc:
                errors = _summarize(exc)
                if repairs_left == 0:
                    raise LLMUnavailable(f"invalid output: {errors}") from exc
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
    ) -> ChatCompletion:
        while True:
            tally.attempts += 1
            retry_after: float | None = None
            try:
                completion = client.chat.completions.create(
                    model=model,
                    messages=messages,
                    response_format={
                        "type": "json_schema",
                        "json_schema": {"name": spec.name, "schema": spec.schema, "strict": True},
                    },
                )
            except openai.APITimeoutError:
                retryable, reason = True, f"timed out after {self.timeout_s:g}s"
            except openai.APIConnectionError as exc:
                retryable, reason = True, f"connection failed: {exc.__cause__ or exc}"
            except openai.APIStatusError as exc:
                status = exc.status_code
                retryable = status in _RETRYABLE_STATUS or status >= 500
                reason = f"HTTP {status}: {_clip(exc.message)}"
                retry_after = _retry_after_s(exc.response.headers)
            except openai.OpenAIError as exc:
                retryable, reason = False, f"{type(exc).__name__}: {_clip(str(exc))}"
            else:
                tally.add_usage(completion)
                return completion

            if not retryable or tally.transport_retries >= self.max_retries:
                raise LLMUnavailable(f"{reason} (after {tally.attempts} attempts)")
            delay = self._backoff_s(tally.transport_retries, retry_after)
            tally.transport_retries += 1
            logger.info("LLM call failed (%s), retrying in %.2fs", reason, delay)
            self._sleep(delay)

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
        reason = exc.reason if isinstance(exc, LLMUnavailable) else _summarize(exc)
        logger.warning("%s: LLM unavailable, answering offline (%s)", task, reason)
        return offline(), "offline", True


def build_messages(
    instructions: str, spec: StrictSchema, data: str | Mapping[str, Any]
) -> list[ChatCompletionMessageParam]:
    """Stable system prefix first (cacheable), the variable data last."""
    system = f"{instructions.strip()}\n\n{SCHEMA_PREAMBLE}\n{spec.text}"
    user = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False, default=str)
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def _content_of(completion: ChatCompletion) -> str:
    if not completion.choices:
        raise LLMUnavailable("the response had no choices")
    message = completion.choices[0].message
    if message.refusal:
        raise LLMUnavailable(f"the model refused: {_clip(message.refusal)}")
    return message.content or ""


def _strip_fences(content: str) -> str:
    # Some local servers ignore response_format and wrap the JSON in a markdown fence.
    match = _FENCED.match(content.strip())
    return match.group(1) if match else content


def _summarize(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors(include_url=False)[:5]:
        where = ".".join(str(p) for p in error["loc"]) or "<root>"
        parts.append(f"{where}: {error['msg']}")
    more = exc.error_count() - len(parts)
    if more > 0:
        parts.append(f"and {more} more")
    return _clip("; ".join(parts))


def _clip(text: str) -> str:
    return text if len(text) <= _ERROR_TEXT_LIMIT else text[:_ERROR_TEXT_LIMIT] + "..."


def _retry_after_s(headers: Mapping[str, str]) -> float | None:
    """Retry-After as seconds: OpenAI's `retry-after-ms`, then seconds, then an HTTP date."""
    if raw_ms := headers.get("retry-after-ms"):
        try:
            return max(0.0, float(raw_ms) / 1000)
        except ValueError:
            pass
    raw = headers.get("retry-after")
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _prices_from(raw: object) -> dict[str, ModelPrice] | None:
    """Settings give prices as {model: [input, cached_input, output]} USD per 1M tokens."""
    if not isinstance(raw, Mapping):
        return None
    prices: dict[str, ModelPrice] = {}
    for model, value in raw.items():
        if isinstance(value, ModelPrice):
            prices[str(model)] = value
        elif isinstance(value, Mapping):
            prices[str(model)] = ModelPrice(
                float(value["input"]), float(value["cached_input"]), float(value["output"])
            )
        else:
            inp, cached, out = value
            prices[str(model)] = ModelPrice(float(inp), float(cached), float(out))
    return prices
