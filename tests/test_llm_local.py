"""The gateway against a real model: llama.cpp's server with SmolLM2-135M (tests/llama_server.py).

A 135M model writes poor answers; what must hold is the contract around it: answers are
schema-valid or the call says it failed, max_tokens bounds every generation, the endpoint's
response-format mode is kept, and when the server dies the breaker stops the waiting.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

import pytest
from pydantic import BaseModel, Field

from agents.llm import InMemoryUsageRecorder, LLMGateway, LLMUnavailable
from evals.local_model import LocalModel, LocalModelUnavailable, start
from tests.llama_server import local_model

__all__ = ["local_model"]

pytestmark = pytest.mark.slow


class Extracted(BaseModel):
    title: str
    min_years: int = Field(ge=0, le=50)
    work_mode: Literal["onsite", "hybrid", "remote", "unknown"]
    skills: list[str] = Field(max_length=8)


REQUESTS = [
    "Senior Python developer in Pune, 5+ years, Django and REST APIs required.",
    "Hiring a data scientist (remote), 3 years of SQL and machine learning.",
    "Registered nurse for our Boston clinic, 2 years ICU experience.",
    "Entry level Java developer, hybrid in Berlin, Spring Boot a plus.",
]


@pytest.fixture
def gateway(local_model: LocalModel) -> Iterator[LLMGateway]:
    gw = LLMGateway(
        base_url=local_model.base_url,
        strong_model=local_model.alias,
        cheap_model=local_model.alias,
        timeout_s=60.0,
        max_tokens_cheap=160,
        max_retries=0,
        recorder=InMemoryUsageRecorder(),
    )
    yield gw
    gw.close()


def test_answers_are_schema_valid_or_failed_and_bounded(gateway: LLMGateway) -> None:
    valid = 0
    for request in REQUESTS:
        try:
            result = gateway.structured(
                task="intake",
                instructions="Extract the job's title, minimum years, work mode and skills.",
                schema=Extracted,
                data=request,
                max_tokens=160,
            )
        except LLMUnavailable as exc:
            assert exc.kind in ("invalid", "transport", "deadline"), exc.reason
            continue
        valid += 1
        assert 0 <= result.value.min_years <= 50  # clamped when the grammar let it through
    recorder = gateway.recorder
    assert isinstance(recorder, InMemoryUsageRecorder)
    calls = recorder.calls
    assert len(calls) == len(REQUESTS)
    for call in calls:
        # The server honoured max_tokens on every attempt, the repair turn included.
        assert call.completion_tokens <= 160 * call.attempts
    # llama.cpp's grammar enforces the schema's shape: most answers parse.
    assert valid >= len(REQUESTS) // 2, [c.error for c in calls]
    assert gateway.capabilities.mode == "json_schema"


def test_a_dead_server_opens_the_breaker_and_calls_stop_waiting() -> None:
    try:
        served = start()
    except LocalModelUnavailable as exc:
        pytest.skip(f"{exc} (CI builds it: make llm-build)")
    recorder = InMemoryUsageRecorder()
    gw = LLMGateway(
        base_url=served.base_url,
        strong_model=served.alias,
        cheap_model=served.alias,
        timeout_s=120.0,
        max_retries=2,
        backoff_base_s=0.05,
        breaker_failures=2,
        breaker_cooldown_s=600.0,
        recorder=recorder,
    )
    try:
        # Alive first (a short answer: valid or cut off, either way the server answered).
        try:
            gw.structured(
                task="intake",
                instructions="Extract.",
                schema=Extracted,
                data=REQUESTS[0],
                max_tokens=48,
            )
        except LLMUnavailable as exc:
            assert exc.kind == "invalid", exc.reason
        served.stop()
        kinds = []
        for request in REQUESTS * 2:
            with pytest.raises(LLMUnavailable) as caught:
                gw.structured(
                    task="intake", instructions="Extract.", schema=Extracted, data=request
                )
            kinds.append(caught.value.kind)
    finally:
        served.stop()
        gw.close()
    assert kinds[:2] == ["transport", "transport"]
    assert set(kinds[2:]) == {"circuit_open"}
    # Only the first two failures touched the network; the rest degraded at once.
    assert [c.attempts for c in recorder.calls[1:]] == [3, 3] + [0] * 6


def test_a_reply_streams_from_the_real_model(gateway: LLMGateway) -> None:
    """llama.cpp's server streams chunks the SDK reads; the pieces make up the answer, the
    call is metered once, and max_tokens bounds the generation."""
    pieces: list[str] = []
    try:
        result = gateway.stream_text(
            task="reply",
            instructions="Answer the recruiter in one or two short sentences.",
            data={"message": "What does calibration mean in a candidate search?"},
            on_delta=pieces.append,
            max_tokens=48,
        )
    except LLMUnavailable as exc:
        # On a loaded box a CPU model can run past the timeout: the call says so, and what
        # had streamed by then came piece by piece (the caller takes it back).
        assert exc.kind in ("transport", "deadline"), exc.reason
        if pieces:
            assert f"broke after {len(pieces)} pieces" in exc.reason
        return
    assert len(pieces) > 1  # token by token, not one block at the end
    assert "".join(pieces) == result.text and result.text.strip()
    assert result.finish_reason in ("stop", "length")
    (call,) = [c for c in gateway.recorder.calls if c.task == "reply"]  # type: ignore[attr-defined]
    assert call.ok and 0 < call.completion_tokens <= 48
