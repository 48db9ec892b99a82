"""The gateway against a slow, dead, odd or sloppy endpoint: repair before discarding,
circuit breakers, step deadlines, response-format capabilities, max_tokens, concurrency.
All through a real HTTP server speaking the OpenAI protocol (tests/fake_openai.py)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, Literal

import pytest
from pydantic import BaseModel, Field

from agents.llm import InMemoryUsageRecorder, LLMGateway, LLMUnavailable, with_fallback
from agents.llm.deadline import step_deadline
from tests.fake_openai import Content, Delay, FakeOpenAI, Status, fake_llm

__all__ = ["fake_llm"]  # the fixture


class Verdict(BaseModel):
    qualification_id: str
    verdict: Literal["met", "not_met", "unknown"]
    confidence: float = Field(ge=0.0, le=1.0)


GOOD = {"qualification_id": "q1", "verdict": "met", "confidence": 0.8}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def recorder() -> InMemoryUsageRecorder:
    return InMemoryUsageRecorder()


@pytest.fixture
def make_gateway(
    fake_llm: FakeOpenAI, recorder: InMemoryUsageRecorder
) -> Iterator[Callable[..., LLMGateway]]:
    made: list[LLMGateway] = []

    def make(**overrides: Any) -> LLMGateway:
        args: dict[str, Any] = {
            "base_url": fake_llm.base_url,
            "strong_model": "strong",
            "cheap_model": "cheap",
            "timeout_s": 5.0,
            "max_retries": 1,
            "backoff_base_s": 0.01,
            "recorder": recorder,
            "sleep": lambda s: None,
        }
        gateway = LLMGateway(**(args | overrides))
        made.append(gateway)
        return gateway

    yield make
    for gateway in made:
        gateway.close()


def ask(gateway: LLMGateway, **kw: Any) -> Any:
    return gateway.structured(
        task="evaluate", instructions="Judge.", schema=Verdict, data="I am a chef.", **kw
    )


# -- repair, not discard ----------------------------------------------------------------


def test_out_of_range_number_is_clamped_not_discarded(
    fake_llm: FakeOpenAI, make_gateway: Callable[..., LLMGateway], recorder: InMemoryUsageRecorder
) -> None:
    fake_llm.push({**GOOD, "confidence": 1.7})
    result = ask(make_gateway())
    assert result.value.confidence == 1.0
    assert result.repairs == 1 and result.attempts == 1
    assert recorder.calls[-1].repairs == 1


def test_near_valid_answers_are_fixed_locally(
    fake_llm: FakeOpenAI, make_gateway: Callable[..., LLMGateway]
) -> None:
    fake_llm.push(
        'Here you go: {"qualification_id": "q1", "verdict": "Met", "confidence": "0.9",}'
        " hope it helps"
    )
    result = ask(make_gateway())
    assert (result.value.verdict, result.value.confidence) == ("met", 0.9)
    assert result.attempts == 1 and result.repairs >= 2


def test_ids_are_an_enum_of_the_ids_sent(
    fake_llm: FakeOpenAI, make_gateway: Callable[..., LLMGateway]
) -> None:
    fake_llm.push({**GOOD, "qualification_id": "FIREWALLS-Experience"}, GOOD)
    result = ask(make_gateway(), choices={"qualification_id": ["q1", "q2"]})
    assert result.value.qualification_id == "q1" and result.attempts == 2
    first, second = fake_llm.chat_requests
    schema = first.body["response_format"]["json_schema"]["schema"]
    assert schema["properties"]["qualification_id"]["enum"] == ["q1", "q2"]
    assert "FIREWALLS-Experience" in second.messages[-1]["content"]


def test_invented_ids_twice_fail_as_invalid(
    fake_llm: FakeOpenAI, make_gateway: Callable[..., LLMGateway]
) -> None:
    fake_llm.push({**GOOD, "qualification_id": ""}, {**GOOD, "qualification_id": "1"})
    with pytest.raises(LLMUnavailable) as caught:
        ask(make_gateway(), choices={"qualification_id": ["q1"]})
    assert caught.value.kind == "invalid"


# -- max_tokens and per-tier timeouts ---------------------------------------------------


def test_every_request_carries_max_tokens_per_tier(
    fake_llm: FakeOpenAI, make_gateway: Callable[..., LLMGateway]
) -> None:
    fake_llm.push(GOOD, GOOD, GOOD)
    gateway = make_gateway(max_tokens_strong=900, max_tokens_cheap=300)
    ask(gateway)
    ask(gateway, tier="strong")
    ask(gateway, max_tokens=64)
    assert [r.body["max_tokens"] for r in fake_llm.chat_requests] == [300, 900, 64]


def test_cut_off_answer_says_so(
    fake_llm: FakeOpenAI, make_gateway: Callable[..., LLMGateway]
) -> None:
    fake_llm.push(
        Content('{"qualification_id": "q1", "verd', finish_reason="length"),
        Content('{"qualification_id": "q1", "verd', finish_reason="length"),
    )
    with pytest.raises(LLMUnavailable, match="max_tokens"):
        ask(make_gateway())


def test_per_tier_timeout(fake_llm: FakeOpenAI, make_gateway: Callable[..., LLMGateway]) -> None:
    fake_llm.push(Delay(3.0))
    started = time.monotonic()
    with pytest.raises(LLMUnavailable, match=r"timed out after 0.5s"):
        ask(make_gateway(timeout_s=10.0, timeout_cheap_s=0.5, max_retries=0))
    assert time.monotonic() - started < 2.5


# -- circuit breaker --------------------------------------------------------------------


def test_breaker_opens_degrades_at_once_and_probes_after_cooldown(
    fake_llm: FakeOpenAI, make_gateway: Callable[..., LLMGateway], recorder: InMemoryUsageRecorder
) -> None:
    clock = Clock()
    moves: list[tuple[str, str]] = []
    gateway = make_gateway(max_retries=0, breaker_failures=2, breaker_cooldown_s=30.0, clock=clock)
    gateway.on_breaker_change(lambda key, old, new: moves.append((old, new)))
    fake_llm.push(Status(503), Status(503))
    for _ in range(2):
        with pytest.raises(LLMUnavailable) as caught:
            ask(gateway)
        assert caught.value.kind == "transport"
    assert gateway.breaker("cheap").state == "open" and not gateway.available

    sent = len(fake_llm.requests)
    with pytest.raises(LLMUnavailable, match="circuit open") as caught:
        ask(gateway)
    assert caught.value.kind == "circuit_open"
    assert len(fake_llm.requests) == sent  # nothing went over the wire
    assert recorder.calls[-1].attempts == 0 and not recorder.calls[-1].ok

    # with_fallback answers offline at once and says it degraded.
    value, engine, degraded = with_fallback(
        gateway, task="evaluate", llm=lambda: ask(gateway).value, offline=lambda: "offline"
    )
    assert (value, engine, degraded) == ("offline", "offline", True)

    # The strong model has its own breaker, still closed.
    fake_llm.push(GOOD)
    assert ask(gateway, tier="strong").value.verdict == "met"

    clock.now += 31
    fake_llm.push(GOOD)
    assert ask(gateway).value.verdict == "met"  # the half-open probe succeeded
    assert gateway.breaker("cheap").state == "closed"
    assert moves == [("closed", "open"), ("open", "half_open"), ("half_open", "closed")]


def test_failed_probe_reopens(
    fake_llm: FakeOpenAI, make_gateway: Callable[..., LLMGateway]
) -> None:
    clock = Clock()
    gateway = make_gateway(max_retries=0, breaker_failures=1, breaker_cooldown_s=10, clock=clock)
    fake_llm.push(Status(500), Status(500))
    with pytest.raises(LLMUnavailable):
        ask(gateway)
    clock.now += 11
    with pytest.raises(LLMUnavailable):
        ask(gateway)  # the probe
    assert gateway.breaker("cheap").state == "open"
    with pytest.raises(LLMUnavailable, match="circuit open"):
        ask(gateway)


def test_invalid_output_does_not_trip_the_breaker(
    fake_llm: FakeOpenAI, make_gateway: Callable[..., LLMGateway]
) -> None:
    gateway = make_gateway(breaker_failures=1, max_repairs=0)
    fake_llm.push({"nope": 1}, GOOD)
    with pytest.raises(LLMUnavailable):
        ask(gateway)
    assert gateway.breaker("cheap").state == "closed"
    assert ask(gateway).value.verdict == "met"


# -- step deadline ----------------------------------------------------------------------


def test_step_deadline_bounds_timeouts_and_retries(
    fake_llm: FakeOpenAI, make_gateway: Callable[..., LLMGateway]
) -> None:
    fake_llm.push(Delay(4.0), Delay(4.0), Delay(4.0))
    gateway = make_gateway(timeout_s=30.0, max_retries=2, sleep=time.sleep)
    started = time.monotonic()
    with step_deadline(1.5), pytest.raises(LLMUnavailable) as caught:
        ask(gateway)
    assert time.monotonic() - started < 3.0  # not 3 x 30 s
    assert caught.value.kind in ("deadline", "transport")


# -- server capabilities ----------------------------------------------------------------


def test_unsupported_response_format_steps_down_without_retrying_the_same_shape(
    fake_llm: FakeOpenAI, make_gateway: Callable[..., LLMGateway]
) -> None:
    # llama-cpp-python's server: 500 on json_schema, takes json_object with a schema.
    fake_llm.push(Status(500, message="Unsupported response_format type: json_schema"), GOOD, GOOD)
    gateway = make_gateway(max_retries=0)
    assert ask(gateway).value.verdict == "met"
    ask(gateway)
    formats = [r.body.get("response_format", {}).get("type") for r in fake_llm.chat_requests]
    assert formats == ["json_schema", "json_object", "json_object"]
    assert "schema" in fake_llm.chat_requests[1].body["response_format"]
    assert gateway.capabilities.mode == "json_object_schema"


def test_plain_client_errors_are_still_not_retried(
    fake_llm: FakeOpenAI, make_gateway: Callable[..., LLMGateway]
) -> None:
    fake_llm.push(Status(401, message="bad key"), GOOD)
    with pytest.raises(LLMUnavailable, match="HTTP 401"):
        ask(make_gateway())
    assert len(fake_llm.chat_requests) == 1


# -- concurrency ------------------------------------------------------------------------


def test_map_runs_up_to_the_concurrency_limit_in_order(
    fake_llm: FakeOpenAI, make_gateway: Callable[..., LLMGateway]
) -> None:
    lock = threading.Lock()
    state = {"now": 0, "peak": 0}

    def slow(body: dict[str, Any]) -> Any:
        with lock:
            state["now"] += 1
            state["peak"] = max(state["peak"], state["now"])
        time.sleep(0.2)
        with lock:
            state["now"] -= 1
        qid = body["messages"][-1]["content"]
        return {**GOOD, "qualification_id": qid}

    fake_llm.responder = slow
    gateway = make_gateway(concurrency=3)
    ids = [f"q{i}" for i in range(7)]
    results = gateway.map(
        lambda q: (
            gateway.structured(
                task="evaluate", instructions="Judge.", schema=Verdict, data=q
            ).value.qualification_id
        ),
        ids,
    )
    assert results == ids
    assert state["peak"] == 3


# -- grounding without holes ------------------------------------------------------------


def test_met_needs_a_verified_quote_of_meaningful_length() -> None:
    from agents.evaluation.verify import verify_quotes
    from agents.schemas import Evidence, Qualification, QualificationVerdict

    quals = [Qualification(id="q1", text="Experience with Python", required=True)]
    text = "I am a chef. Worked 2 years."

    def check(evidence: list[Evidence]) -> str:
        from agents.evaluation.ranking import summarize

        evaluation = summarize(
            quals,
            [
                QualificationVerdict(
                    qualification_id="q1", verdict="met", confidence=1.0, evidence=evidence
                )
            ],
            engine="llm",
        )
        verified = verify_quotes(evaluation, text, quals)
        return verified.verdicts[0].verdict

    assert check([]) == "unknown"  # a met with no evidence at all
    assert check([Evidence(quote="2", section="experience")]) == "unknown"  # verbatim, empty
    assert check([Evidence(quote="a", section="experience")]) == "unknown"
    assert check([Evidence(quote="Worked 2 years", section="experience")]) == "met"


def test_an_answer_missing_most_verdicts_degrades_and_missing_ones_are_unknown() -> None:
    from agents.evaluation.skill import complete
    from agents.schemas import Qualification, QualificationVerdict

    quals = [Qualification(id=f"q{i}", text=f"skill {i}", required=True) for i in range(4)]
    one = QualificationVerdict(qualification_id="q0", verdict="met", confidence=0.9)
    with pytest.raises(LLMUnavailable) as caught:
        complete(quals, [one])
    assert caught.value.kind == "invalid"
    three = [one.model_copy(update={"qualification_id": f"q{i}"}) for i in range(3)]
    filled = complete(quals, [*three, three[0]])
    assert [v.qualification_id for v in filled] == ["q0", "q1", "q2", "q3"]
    assert filled[-1].verdict == "unknown"


# -- validate, not trust ----------------------------------------------------------------


def test_schema_valid_garbage_from_intake_is_degraded_not_shown(
    fake_llm: FakeOpenAI, make_gateway: Callable[..., LLMGateway]
) -> None:
    from agents.intake.skill import run_intake

    request = (
        "I need a senior Python developer in Pune, India, 5+ years, Django and REST APIs "
        "required, AWS nice to have"
    )
    garbage = {
        "spec": {
            "title": "SkillSpec 2",
            "location": "Title",
            "must_have_skills": [{"name": "Sass-Ravana", "suggested": False}],
        },
        "qualifications": [
            {"id": "1", "text": "FIREWALLS-Experience-with-Company", "required": True}
        ],
    }
    fake_llm.responder = lambda body: garbage
    result = run_intake(make_gateway(max_repairs=0), request, None)
    assert result.engine == "offline" and result.degraded
    assert result.spec.title != "SkillSpec 2" and result.spec.location != "Title"
    assert "python" in (result.spec.title or "").lower()
    assert all("Sass" not in q.text for q in result.qualifications)


def test_a_request_the_server_refuses_does_not_trip_the_breaker(
    fake_llm: FakeOpenAI, make_gateway: Callable[..., LLMGateway]
) -> None:
    # llama.cpp: "request (2306 tokens) exceeds the available context size (2048 tokens)".
    gateway = make_gateway(breaker_failures=1)
    fake_llm.push(Status(400, message="request exceeds the available context size"), GOOD)
    with pytest.raises(LLMUnavailable) as caught:
        ask(gateway)
    assert caught.value.kind == "rejected"
    assert gateway.breaker("cheap").state == "closed"
    assert ask(gateway).value.verdict == "met"
    fake_llm.push(Status(401, message="bad key"))
    with pytest.raises(LLMUnavailable) as caught:
        ask(gateway)
    assert caught.value.kind == "transport"  # every call would fail: that is the endpoint
    assert gateway.breaker("cheap").state == "open"
