"""Free text from the LLM, token by token: the chat replies a recruiter watches being written.

Only prose streams; every structured answer stays one non-streamed `structured` call, since
a half-received JSON object is useless to show and impossible to validate. A streamed call
lives under the same rules as a structured one: the breaker of its model, the tier's timeout
(for the whole answer, not only between tokens), the step deadline, the endpoint's
concurrency slots, `max_tokens`, and one usage record per call.

Failures before the first token are retried like any transport failure. Once a token was
handed to `on_delta` the recruiter may have seen it, so a failure after that is not retried:
the call raises `LLMUnavailable` and the caller takes the partial text back and answers
offline. A stream that ends without a finish reason (the server went away mid-answer) is such
a failure, not a short answer.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx
import openai
from openai.types.chat import ChatCompletionChunk, ChatCompletionMessageParam

from agents.llm.deadline import remaining_s
from agents.llm.messages import clip
from agents.llm.policy import retry_after_s
from agents.llm.usage import Tier

if TYPE_CHECKING:
    from agents.llm.gateway import LLMGateway, _Tally

_RETRYABLE_STATUS = frozenset({408, 409, 429})
_MIN_ATTEMPT_S = 0.5


@dataclass(frozen=True, slots=True)
class StreamResult:
    text: str
    model: str
    prompt_tokens: int
    completion_tokens: int
    latency_ms: float
    cost_usd: float
    attempts: int
    deltas: int  # pieces handed to on_delta
    finish_reason: str


class _Emitted(Exception):
    """A failure after text was handed out: never retried."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def stream_text(
    gateway: LLMGateway,
    *,
    task: str,
    instructions: str,
    data: str | Mapping[str, Any],
    on_delta: Callable[[str], None],
    tier: Tier = "cheap",
    max_tokens: int | None = None,
) -> StreamResult:
    """Stream one prose answer into `on_delta`; raise `LLMUnavailable` when none completes."""
    from agents.llm.gateway import LLMUnavailable

    model = gateway.model_for(tier)
    tally, started = gateway.admit(task, model, tier)
    client = gateway.client
    assert client is not None  # admit() refuses a call without an endpoint
    breaker = gateway.breaker(model)
    user = data if isinstance(data, str) else _json(data)
    messages: list[ChatCompletionMessageParam] = [
        {"role": "system", "content": instructions.strip()},
        {"role": "user", "content": user},
    ]
    counter = _Counter(on_delta)
    limit = max_tokens or gateway.max_tokens[tier]
    try:
        served, finish = _attempts(gateway, client, model, tier, messages, tally, counter, limit)
    except LLMUnavailable as failed:
        if failed.kind == "transport":
            breaker.failure()
        else:
            breaker.release()
        gateway.record(task, model, tier, tally, started, error=failed.reason)
        raise
    except BaseException:
        # on_delta failed (say, the event could not be stored): not the model's fault.
        breaker.release()
        gateway.record(task, model, tier, tally, started, error="stream consumer failed")
        raise
    text = "".join(counter.parts)
    if not text.strip():
        breaker.release()
        reason = "the model streamed an empty answer"
        gateway.record(task, model, tier, tally, started, error=reason)
        raise LLMUnavailable(reason, "invalid")
    breaker.success()
    call = gateway.record(task, served, tier, tally, started, error=None)
    return StreamResult(
        text=text,
        model=served,
        prompt_tokens=call.prompt_tokens,
        completion_tokens=call.completion_tokens,
        latency_ms=call.latency_ms,
        cost_usd=call.cost_usd,
        attempts=call.attempts,
        deltas=len(counter.parts),
        finish_reason=finish,
    )


class _Counter:
    def __init__(self, on_delta: Callable[[str], None]) -> None:
        self.on_delta = on_delta
        self.parts: list[str] = []

    def __call__(self, text: str) -> None:
        self.parts.append(text)
        self.on_delta(text)


def _attempts(
    gateway: LLMGateway,
    client: openai.OpenAI,
    model: str,
    tier: Tier,
    messages: list[ChatCompletionMessageParam],
    tally: _Tally,
    counter: _Counter,
    limit: int,
) -> tuple[str, str]:
    from agents.llm.gateway import FailureKind, LLMUnavailable, refused_request

    while True:
        left = remaining_s()
        if left is not None and left < _MIN_ATTEMPT_S:
            raise LLMUnavailable(
                f"step deadline reached (after {tally.attempts} attempts)", "deadline"
            )
        timeout = gateway.timeouts[tier] if left is None else min(gateway.timeouts[tier], left)
        tally.attempts += 1
        retry_after: float | None = None
        try:
            with gateway.slots:
                return _consume(client, model, messages, tally, counter, limit, timeout)
        except _Emitted as exc:
            raise LLMUnavailable(
                f"the stream broke after {len(counter.parts)} pieces: {exc.reason}", "transport"
            ) from exc
        except (openai.APITimeoutError, httpx.TimeoutException):
            tally.add_unanswered(messages)
            retryable, reason = True, f"timed out after {timeout:g}s"
        except (openai.APIConnectionError, httpx.TransportError) as exc:
            retryable, reason = True, f"connection failed: {exc.__cause__ or exc}"
        except openai.APIStatusError as exc:
            status = exc.status_code
            retryable = status in _RETRYABLE_STATUS or status >= 500
            reason = f"HTTP {status}: {clip(exc.message)}"
            retry_after = retry_after_s(exc.response.headers)
        except openai.OpenAIError as exc:
            retryable, reason = False, f"{type(exc).__name__}: {clip(str(exc))}"
        if not retryable or tally.transport_retries >= gateway.max_retries:
            kind: FailureKind = "rejected" if refused_request(retryable, reason) else "transport"
            raise LLMUnavailable(f"{reason} (after {tally.attempts} attempts)", kind)
        delay = gateway.backoff_s(tally.transport_retries, retry_after)
        left = remaining_s()
        if left is not None and delay + _MIN_ATTEMPT_S > left:
            raise LLMUnavailable(f"{reason}; no time left in the step for a retry", "deadline")
        tally.transport_retries += 1
        gateway.sleep(delay)


def _consume(
    client: openai.OpenAI,
    model: str,
    messages: list[ChatCompletionMessageParam],
    tally: _Tally,
    counter: _Counter,
    limit: int,
    timeout: float,
) -> tuple[str, str]:
    """One streamed request, read to its end within `timeout` seconds in all."""
    ends = time.monotonic() + timeout
    stream = client.chat.completions.create(
        model=model,
        messages=messages,
        max_tokens=limit,
        timeout=timeout,
        stream=True,
        stream_options={"include_usage": True},
    )
    served, finish, usage_seen = model, "", False
    try:
        for chunk in stream:
            served = chunk.model or served
            usage_seen = _add_usage(tally, chunk) or usage_seen
            for choice in chunk.choices:
                if choice.delta.refusal:
                    raise _Emitted(f"the model refused: {clip(choice.delta.refusal)}")
                if choice.delta.content:
                    counter(choice.delta.content)
                if choice.finish_reason:
                    finish = choice.finish_reason
            if time.monotonic() > ends:
                raise httpx.ReadTimeout(f"the answer took longer than {timeout:g}s")
    except (httpx.HTTPError, openai.OpenAIError) as exc:
        if counter.parts:
            raise _Emitted(f"{type(exc).__name__}: {clip(str(exc))}") from exc
        raise
    finally:
        stream.close()
    if not finish:
        if counter.parts:
            raise _Emitted("the server ended the stream before the answer was finished")
        raise httpx.RemoteProtocolError("the stream ended before any answer")
    if not usage_seen:
        # A server that ignores include_usage still read the prompt and wrote the answer.
        tally.add_unanswered(messages)
        tally.completion_tokens += max(1, sum(len(p) for p in counter.parts) // 4)
    return served, finish


def _add_usage(tally: _Tally, chunk: ChatCompletionChunk) -> bool:
    usage = chunk.usage
    if usage is None:
        return False
    tally.prompt_tokens += usage.prompt_tokens or 0
    tally.completion_tokens += usage.completion_tokens or 0
    details = usage.prompt_tokens_details
    if details is not None and details.cached_tokens:
        tally.cached_tokens += details.cached_tokens
    return True


def _json(data: Mapping[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, default=str)
