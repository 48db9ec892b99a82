"""Streamed prose through the gateway, against the fake server speaking the streaming
protocol over real HTTP (SSE chunks, `[DONE]`): deltas in order, usage metered, failures
before the first token retried, failures after it never retried and never half-returned."""

from __future__ import annotations

import pytest

from agents.llm import InMemoryUsageRecorder, LLMGateway, LLMUnavailable
from tests.fake_openai import FakeOpenAI, Status, Stream, fake_llm

__all__ = ["fake_llm"]


def gateway(server: FakeOpenAI, **kw: object) -> LLMGateway:
    options: dict[str, object] = {
        "max_retries": 1,
        "backoff_base_s": 0.01,
        "timeout_s": 5.0,
        "recorder": InMemoryUsageRecorder(),
    }
    options.update(kw)
    return LLMGateway(base_url=server.base_url, **options)  # type: ignore[arg-type]


def calls(gw: LLMGateway) -> list:  # type: ignore[type-arg]
    recorder = gw.recorder
    assert isinstance(recorder, InMemoryUsageRecorder)
    return recorder.calls


def test_deltas_arrive_in_order_and_the_call_is_metered(fake_llm: FakeOpenAI) -> None:
    pieces = ("Calibration ", "means ", "you ", "rate ", "a ", "few ", "candidates.")
    fake_llm.push(Stream(pieces))
    got: list[str] = []
    with gateway(fake_llm) as gw:
        result = gw.stream_text(
            task="reply", instructions="Answer.", data={"message": "hi"}, on_delta=got.append
        )
    assert got == list(pieces)
    assert result.text == "".join(pieces) and result.deltas == len(pieces)
    assert result.finish_reason == "stop" and result.attempts == 1
    (request,) = fake_llm.chat_requests
    # Streamed, bounded, with usage asked for; prose carries no response_format.
    assert request.body["stream"] is True
    assert request.body["stream_options"] == {"include_usage": True}
    assert request.body["max_tokens"] == 512
    assert "response_format" not in request.body
    (call,) = calls(gw)
    assert call.ok and call.task == "reply" and call.completion_tokens > 0
    assert call.prompt_tokens > 0


def test_a_failure_before_the_first_token_is_retried(fake_llm: FakeOpenAI) -> None:
    fake_llm.push(Status(503), Stream(("fine", ".")))
    got: list[str] = []
    with gateway(fake_llm) as gw:
        result = gw.stream_text(task="reply", instructions="A.", data="q", on_delta=got.append)
    assert got == ["fine", "."] and result.attempts == 2
    assert len(fake_llm.chat_requests) == 2


def test_a_stream_cut_midway_fails_and_is_not_retried(fake_llm: FakeOpenAI) -> None:
    fake_llm.push(Stream(("one ", "two ", "three ", "four"), cut_after=2), Stream(("again",)))
    got: list[str] = []
    with gateway(fake_llm, breaker_failures=1) as gw:
        with pytest.raises(LLMUnavailable) as caught:
            gw.stream_text(task="reply", instructions="A.", data="q", on_delta=got.append)
        assert gw.breaker(gw.cheap_model).state == "open"  # a broken stream is a failure
    assert got == ["one ", "two "]  # what was handed out before the cut, and nothing more
    assert caught.value.kind == "transport"
    assert "broke after 2 pieces" in caught.value.reason
    # Text had gone out: a second request would show the recruiter a different answer.
    assert len(fake_llm.chat_requests) == 1 and fake_llm.pending == 1
    (call,) = calls(gw)
    assert not call.ok and call.attempts == 1


def test_an_open_breaker_answers_at_once(fake_llm: FakeOpenAI) -> None:
    fake_llm.push(Status(500), Status(500))
    with gateway(fake_llm, breaker_failures=1) as gw:
        with pytest.raises(LLMUnavailable):
            gw.stream_text(task="reply", instructions="A.", data="q", on_delta=lambda _t: None)
        with pytest.raises(LLMUnavailable) as caught:
            gw.stream_text(task="reply", instructions="A.", data="q", on_delta=lambda _t: None)
    assert caught.value.kind == "circuit_open"
    assert len(fake_llm.chat_requests) == 2  # the second call sent nothing


def test_a_stalled_stream_times_out_for_the_whole_answer(fake_llm: FakeOpenAI) -> None:
    # Each gap is under the socket timeout; the answer as a whole is not.
    fake_llm.push(Stream(tuple(f"w{i} " for i in range(12)), pause_s=0.2))
    got: list[str] = []
    with (
        gateway(fake_llm, timeout_s=1.0, max_retries=0) as gw,
        pytest.raises(LLMUnavailable) as caught,
    ):
        gw.stream_text(task="reply", instructions="A.", data="q", on_delta=got.append)
    assert 0 < len(got) < 12
    assert caught.value.kind == "transport"


def test_an_empty_answer_is_not_an_answer(fake_llm: FakeOpenAI) -> None:
    fake_llm.push(Stream(("  ",)))
    with gateway(fake_llm) as gw, pytest.raises(LLMUnavailable) as caught:
        gw.stream_text(task="reply", instructions="A.", data="q", on_delta=lambda _t: None)
    assert caught.value.kind == "invalid"


def test_without_an_endpoint_nothing_streams() -> None:
    with LLMGateway(base_url=None) as gw, pytest.raises(LLMUnavailable) as caught:
        gw.stream_text(task="reply", instructions="A.", data="q", on_delta=lambda _t: None)
    assert caught.value.kind == "config"
