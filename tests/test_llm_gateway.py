"""The LLM gateway through the real openai SDK, over a real socket, against a scripted server."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from pydantic import BaseModel, Field

from agents.llm import (
    InMemoryUsageRecorder,
    LLMGateway,
    LLMUnavailable,
    ModelPrice,
    with_fallback,
)
from agents.llm.strict_schema import strict_schema
from agents.schemas import IntakeResult
from app.config import Settings
from tests.fake_openai import Content, Delay, FakeOpenAI, Status, embed, fake_llm

__all__ = ["fake_llm"]  # the fixture, until conftest imports it


class Verdict(BaseModel):
    label: str
    confidence: float = Field(ge=0.0, le=1.0)
    notes: list[str] = Field(default_factory=list)


GOOD = {"label": "met", "confidence": 0.9, "notes": ["5 years of Python"]}
INSTRUCTIONS = "Decide whether the candidate meets the qualification."


class Sleeps(list[float]):
    """Stands in for time.sleep: remembers the delays, sleeps only a token amount."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)
        time.sleep(min(seconds, 0.01))


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def recorder() -> InMemoryUsageRecorder:
    return InMemoryUsageRecorder()


@pytest.fixture
def make_gateway(
    fake_llm: FakeOpenAI, recorder: InMemoryUsageRecorder, sleeps: Sleeps
) -> Iterator[Callable[..., LLMGateway]]:
    made: list[LLMGateway] = []

    def make(**overrides: Any) -> LLMGateway:
        args: dict[str, Any] = {
            "base_url": fake_llm.base_url,
            "api_key": "sk-test",
            "strong_model": "gpt-4.1",
            "cheap_model": "gpt-4.1-mini",
            "timeout_s": 5.0,
            "max_retries": 2,
            "backoff_base_s": 0.01,
            "backoff_max_s": 5.0,
            "recorder": recorder,
            "sleep": sleeps,
        }
        gateway = LLMGateway(**(args | overrides))
        made.append(gateway)
        return gateway

    yield make
    for gateway in made:
        gateway.close()


def ask(gateway: LLMGateway, data: str | dict[str, Any] = "Python, 5 years", **kw: Any) -> Any:
    return gateway.structured(
        task="evaluate", instructions=INSTRUCTIONS, schema=Verdict, data=data, **kw
    )


def test_success_returns_value_usage_and_cost(
    fake_llm: FakeOpenAI, make_gateway: Callable[..., LLMGateway], recorder: InMemoryUsageRecorder
) -> None:
    fake_llm.push(
        Content(
            GOOD,
            usage={
                "prompt_tokens": 1_000_000,
                "completion_tokens": 100_000,
                "total_tokens": 1_100_000,
                "prompt_tokens_details": {"cached_tokens": 400_000},
            },
        )
    )
    result = ask(make_gateway())

    assert result.value == Verdict.model_validate(GOOD)
    assert (result.model, result.attempts) == ("gpt-4.1-mini", 1)
    assert (result.prompt_tokens, result.completion_tokens, result.cached_tokens) == (
        1_000_000,
        100_000,
        400_000,
    )
    # gpt-4.1-mini: 600k fresh * $0.40 + 400k cached * $0.10 + 100k out * $1.60 per 1M
    assert result.cost_usd == pytest.approx(0.24 + 0.04 + 0.16)
    assert result.latency_ms > 0

    [call] = recorder.calls
    assert call.ok and call.error is None
    assert (call.task, call.model, call.tier, call.attempts) == (
        "evaluate",
        "gpt-4.1-mini",
        "cheap",
        1,
    )
    assert call.cost_usd == pytest.approx(result.cost_usd)

    [request] = fake_llm.requests
    assert request.headers["authorization"] == "Bearer sk-test"
    response_format = request.body["response_format"]
    assert response_format["type"] == "json_schema"
    assert response_format["json_schema"]["strict"] is True
    assert response_format["json_schema"]["name"] == "Verdict"
    schema = response_format["json_schema"]["schema"]
    assert schema["additionalProperties"] is False
    assert schema["required"] == ["label", "confidence", "notes"]


def test_unknown_or_local_model_costs_nothing(
    fake_llm: FakeOpenAI, make_gateway: Callable[..., LLMGateway]
) -> None:
    fake_llm.push(GOOD)
    result = ask(make_gateway(cheap_model="llama3.1:8b"))
    assert result.model == "llama3.1:8b"
    assert result.prompt_tokens > 0 and result.cost_usd == 0.0


def test_custom_prices_override_the_table(
    fake_llm: FakeOpenAI, make_gateway: Callable[..., LLMGateway]
) -> None:
    fake_llm.push(Content(GOOD, usage={"prompt_tokens": 2_000_000, "completion_tokens": 0}))
    result = ask(make_gateway(cheap_model="house", prices={"house": ModelPrice(1.0, 0.5, 2.0)}))
    assert result.cost_usd == pytest.approx(2.0)


def test_malformed_json_is_repaired_once(
    fake_llm: FakeOpenAI, make_gateway: Callable[..., LLMGateway], recorder: InMemoryUsageRecorder
) -> None:
    fake_llm.push("Sure! Here is the JSON: {label: met", GOOD)
    result = ask(make_gateway())

    assert result.value.label == "met"
    assert result.attempts == 2
    first, second = fake_llm.chat_requests
    # The repair appends to the conversation, so the first request is a cacheable prefix.
    assert second.messages[: len(first.messages)] == first.messages
    assert second.messages[-2] == {
        "role": "assistant",
        "content": "Sure! Here is the JSON: {label: met",
    }
    assert second.messages[-1]["role"] == "user"
    assert "rejected" in second.messages[-1]["content"]
    assert result.cached_tokens > 0  # the fake's prompt cache saw the prefix again
    [call] = recorder.calls
    assert call.ok and call.attempts == 2


def test_schema_violation_twice_fails(
    fake_llm: FakeOpenAI, make_gateway: Callable[..., LLMGateway], recorder: InMemoryUsageRecorder
) -> None:
    fake_llm.push({"confidence": 0.5}, {"verdict": "met"})
    with pytest.raises(LLMUnavailable, match="invalid output") as caught:
        ask(make_gateway())

    assert "label" in caught.value.reason and caught.value.kind == "invalid"
    assert len(fake_llm.requests) == 2
    assert "label" in fake_llm.requests[1].messages[-1]["content"]
    [call] = recorder.calls
    assert not call.ok and call.attempts == 2 and call.prompt_tokens > 0
    assert call.error == caught.value.reason


def test_rate_limit_honours_retry_after(
    fake_llm: FakeOpenAI, make_gateway: Callable[..., LLMGateway], sleeps: Sleeps
) -> None:
    fake_llm.push(Status(429, retry_after=2), GOOD)
    result = ask(make_gateway())

    assert result.attempts == 2
    assert sleeps == [2.0]  # Retry-After beats the tiny exponential backoff
    assert len(fake_llm.requests) == 2


def test_retry_after_is_capped(
    fake_llm: FakeOpenAI, make_gateway: Callable[..., LLMGateway], sleeps: Sleeps
) -> None:
    fake_llm.push(Status(429, retry_after=3600), GOOD)
    ask(make_gateway(backoff_max_s=1.5))
    assert sleeps == [1.5]


def test_server_errors_exhaust_the_retry_budget(
    fake_llm: FakeOpenAI,
    make_gateway: Callable[..., LLMGateway],
    recorder: InMemoryUsageRecorder,
    sleeps: Sleeps,
) -> None:
    fake_llm.push(*[Status(500)] * 5)
    with pytest.raises(LLMUnavailable, match=r"HTTP 500.*after 4 attempts"):
        ask(make_gateway(max_retries=3, backoff_base_s=0.1, backoff_max_s=0.3))

    assert len(fake_llm.requests) == 4  # 1 try + 3 retries, and the SDK added none
    assert fake_llm.pending == 1
    # Exponential with jitter in [ceiling/2, ceiling], then capped.
    assert 0.05 <= sleeps[0] <= 0.1
    assert 0.1 <= sleeps[1] <= 0.2
    assert sleeps[2] == pytest.approx(0.2, abs=0.1) and sleeps[2] <= 0.3
    [call] = recorder.calls
    assert not call.ok and call.attempts == 4 and call.prompt_tokens == 0


def test_client_errors_are_not_retried(
    fake_llm: FakeOpenAI, make_gateway: Callable[..., LLMGateway], sleeps: Sleeps
) -> None:
    fake_llm.push(Status(401, message="bad key"), GOOD)
    with pytest.raises(LLMUnavailable, match="HTTP 401"):
        ask(make_gateway())
    assert len(fake_llm.requests) == 1 and sleeps == []


def test_timeout_fails_quickly(
    fake_llm: FakeOpenAI, make_gateway: Callable[..., LLMGateway]
) -> None:
    fake_llm.push(Delay(5.0))
    started = time.perf_counter()
    with pytest.raises(LLMUnavailable, match="timed out"):
        ask(make_gateway(timeout_s=0.5, max_retries=0))
    assert time.perf_counter() - started < 2.0
    assert len(fake_llm.requests) == 1


def test_timeout_is_retried(fake_llm: FakeOpenAI, make_gateway: Callable[..., LLMGateway]) -> None:
    fake_llm.push(Delay(5.0), GOOD)
    result = ask(make_gateway(timeout_s=0.5, max_retries=1))
    assert result.attempts == 2 and result.value.label == "met"


def test_connection_refused_is_unavailable(make_gateway: Callable[..., LLMGateway]) -> None:
    with FakeOpenAI() as gone:
        url = gone.base_url
    with pytest.raises(LLMUnavailable, match="connection failed"):
        ask(make_gateway(base_url=url, max_retries=1))


def test_refusal_fails_without_retry(
    fake_llm: FakeOpenAI, make_gateway: Callable[..., LLMGateway]
) -> None:
    fake_llm.push(Content(None, refusal="I can't help with that."), GOOD)
    with pytest.raises(LLMUnavailable, match="refused"):
        ask(make_gateway())
    assert len(fake_llm.requests) == 1


def test_code_fenced_json_is_accepted(
    fake_llm: FakeOpenAI, make_gateway: Callable[..., LLMGateway]
) -> None:
    fake_llm.push("```json\n" + json.dumps(GOOD) + "\n```")
    assert ask(make_gateway()).attempts == 1


def test_prompt_prefix_is_stable_and_data_comes_last(
    fake_llm: FakeOpenAI, make_gateway: Callable[..., LLMGateway]
) -> None:
    fake_llm.push(GOOD, GOOD)
    gateway = make_gateway()
    ask(gateway, data="Candidate A: Java, 2 years")
    second = ask(gateway, data={"candidate": "B", "skills": ["Go", "Rust"]})

    first_req, second_req = fake_llm.chat_requests
    assert first_req.messages[0]["role"] == "system"
    assert first_req.messages[0]["content"] == second_req.messages[0]["content"]
    assert INSTRUCTIONS in first_req.messages[0]["content"]
    assert strict_schema(Verdict).text in first_req.messages[0]["content"]
    assert first_req.body["response_format"] == second_req.body["response_format"]
    assert first_req.messages[-1] == {"role": "user", "content": "Candidate A: Java, 2 years"}
    assert second_req.messages[-1]["role"] == "user"
    assert json.loads(second_req.messages[-1]["content"]) == {
        "candidate": "B",
        "skills": ["Go", "Rust"],
    }
    assert second.cached_tokens > 0  # the fake caches a repeated message prefix


def test_tier_picks_the_configured_model(
    fake_llm: FakeOpenAI, make_gateway: Callable[..., LLMGateway], recorder: InMemoryUsageRecorder
) -> None:
    fake_llm.push(GOOD, GOOD)
    gateway = make_gateway(strong_model="big-model", cheap_model="small-model")
    ask(gateway, tier="strong")
    ask(gateway)
    assert [r.model for r in fake_llm.chat_requests] == ["big-model", "small-model"]
    assert [(c.tier, c.model) for c in recorder.calls] == [
        ("strong", "big-model"),
        ("cheap", "small-model"),
    ]


def test_with_fallback_disabled_is_offline_not_degraded(
    fake_llm: FakeOpenAI, make_gateway: Callable[..., LLMGateway]
) -> None:
    gateway = make_gateway(base_url=None)
    assert not gateway.enabled
    value, engine, degraded = with_fallback(
        gateway, task="evaluate", llm=lambda: ask(gateway).value, offline=lambda: "offline"
    )
    assert (value, engine, degraded) == ("offline", "offline", False)
    assert fake_llm.requests == []


def test_with_fallback_degrades_on_failure(
    fake_llm: FakeOpenAI, make_gateway: Callable[..., LLMGateway], caplog: pytest.LogCaptureFixture
) -> None:
    fake_llm.push(Status(500), Status(500))
    gateway = make_gateway(max_retries=1)
    with caplog.at_level(logging.WARNING, logger="agents.llm.gateway"):
        value, engine, degraded = with_fallback(
            gateway,
            task="evaluate",
            llm=lambda: ask(gateway).value,
            offline=lambda: Verdict(label="unknown", confidence=0.0),
        )
    assert (value.label, engine, degraded) == ("unknown", "offline", True)
    assert "HTTP 500" in caplog.text


def test_with_fallback_uses_the_llm_when_it_answers(
    fake_llm: FakeOpenAI, make_gateway: Callable[..., LLMGateway]
) -> None:
    fake_llm.push(GOOD)
    gateway = make_gateway()
    value, engine, degraded = with_fallback(
        gateway,
        task="evaluate",
        llm=lambda: ask(gateway).value,
        offline=lambda: Verdict(label="unknown", confidence=0.0),
    )
    assert (value.label, engine, degraded) == ("met", "llm", False)


def test_from_settings(fake_llm: FakeOpenAI) -> None:
    offline = LLMGateway.from_settings(Settings(llm_base_url=None, llm_api_key=None))
    assert not offline.enabled

    local = LLMGateway.from_settings(
        Settings(llm_base_url=fake_llm.base_url, llm_api_key=None, llm_timeout_s=3.0)
    )
    with local:
        assert local.enabled and local.timeout_s == 3.0
        fake_llm.push(GOOD)
        assert ask(local).value.label == "met"

    hosted = LLMGateway.from_settings(Settings(llm_base_url=None, llm_api_key="sk-x"))
    with hosted:
        assert hosted.enabled and hosted.base_url == "https://api.openai.com/v1"

    # Every knob comes from the typed Settings, prices included.
    tuned = LLMGateway.from_settings(
        Settings(
            llm_base_url=None,
            llm_api_key=None,
            llm_model_strong="big",
            llm_model_cheap="small",
            llm_max_retries=5,
            llm_backoff_base_s=0.1,
            llm_backoff_max_s=2.0,
            llm_prices={"big": (1.0, 0.5, 4.0)},
        )
    )
    assert (tuned.strong_model, tuned.cheap_model) == ("big", "small")
    assert (tuned.max_retries, tuned.backoff_base_s, tuned.backoff_max_s) == (5, 0.1, 2.0)
    assert tuned.prices["big"] == ModelPrice(1.0, 0.5, 4.0)


def test_strict_schema_of_the_contract_types() -> None:
    schema = strict_schema(IntakeResult).schema

    def objects(node: Any) -> Iterator[dict[str, Any]]:
        if isinstance(node, dict):
            if node.get("type") == "object":
                yield node
            for key, value in node.items():
                if key == "properties":
                    for sub in value.values():
                        yield from objects(sub)
                else:
                    yield from objects(value)
        elif isinstance(node, list):
            for item in node:
                yield from objects(item)

    found = list(objects(schema))
    assert len(found) >= 5
    for obj in found:
        assert obj["additionalProperties"] is False
        assert sorted(obj["required"]) == sorted(obj["properties"])
    assert "default" not in json.dumps(schema)
    assert "title" in schema["$defs"]["JobSpec"]["properties"]  # a field, not a schema title


def test_rule_driven_responder(
    fake_llm: FakeOpenAI, make_gateway: Callable[..., LLMGateway]
) -> None:
    def rules(body: dict[str, Any]) -> dict[str, Any]:
        data = body["messages"][-1]["content"]
        return {"label": "met" if "Python" in data else "not_met", "confidence": 0.5}

    fake_llm.responder = rules
    gateway = make_gateway()
    assert ask(gateway, data="Python dev").value.label == "met"
    assert ask(gateway, data="Java dev").value.label == "not_met"


def test_fake_embeddings_are_deterministic_unit_vectors(fake_llm: FakeOpenAI) -> None:
    import openai

    with openai.OpenAI(base_url=fake_llm.base_url, api_key="k", max_retries=0) as client:
        response = client.embeddings.create(
            model="text-embedding-3-small",
            input=["python developer", "python engineer", "forklift driver"],
            dimensions=64,
        )
        again = client.embeddings.create(
            model="text-embedding-3-small", input="python developer", dimensions=64
        )
        encoded = client.embeddings.create(
            model="m", input="python developer", dimensions=64, encoding_format="base64"
        )
    vectors = [d.embedding for d in response.data]
    assert [len(v) for v in vectors] == [64, 64, 64]
    assert sum(x * x for x in vectors[0]) == pytest.approx(1.0)
    assert again.data[0].embedding == vectors[0]
    # The SDK asks for base64 float32 by default, hence the float32 rounding.
    assert vectors[0] == pytest.approx(embed("python developer", 64), abs=1e-6)
    assert isinstance(encoded.data[0].embedding, str)

    def cos(a: list[float], b: list[float]) -> float:
        return sum(x * y for x, y in zip(a, b, strict=True))

    assert cos(vectors[0], vectors[1]) > cos(vectors[0], vectors[2])
