"""The LLM brain of learning behind the same contract: it may pick among the proposals the
counts support and phrase the question, never invent one or a number (the fake is a real
HTTP server speaking the OpenAI protocol)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from agents.learning.skill import choose
from agents.llm import InMemoryUsageRecorder, LLMGateway
from agents.schemas import Qualification
from app.signals.schemas import Reaction
from tests.fake_openai import FakeOpenAI, fake_llm

__all__ = ["fake_llm"]

QUALS = [
    Qualification(id="q1", text="Experience with Python", required=True),
    Qualification(id="q2", text="Experience with Kubernetes", required=False),
]


def _archived(i: int, kube: str) -> Reaction:
    return Reaction(
        candidate_id=f"00000000-0000-0000-0000-{i:012d}",  # type: ignore[arg-type]
        stage="archived",
        added_by="assistant",
        rating=None,
        reason="not a fit",
        score=0.4,
        verdicts=[
            {"qualification_id": "q1", "verdict": "met", "confidence": 0.9, "evidence": 1},
            {"qualification_id": "q2", "verdict": kube, "confidence": 0.6, "evidence": 0},
        ],
    )


ROWS = [_archived(1, "not_met"), _archived(2, "unknown"), _archived(3, "not_met")]


@pytest.fixture
def gateway(fake_llm: FakeOpenAI) -> Iterator[LLMGateway]:
    gw = LLMGateway(
        base_url=fake_llm.base_url,
        api_key="sk-test",
        strong_model="gpt-4.1",
        cheap_model="gpt-4.1-mini",
        timeout_s=5.0,
        max_retries=0,
        recorder=InMemoryUsageRecorder(),
    )
    yield gw
    gw.close()


def test_llm_phrases_a_grounded_question(fake_llm: FakeOpenAI, gateway: LLMGateway) -> None:
    question = "You archived 3 people, and all 3 lack Kubernetes. Should it be required?"
    fake_llm.push({"picks": [{"key": "require:q2", "question": question}]})
    chosen, engine, degraded = choose(gateway, QUALS, ROWS, set())
    assert (engine, degraded) == ("llm", False)
    assert chosen is not None and chosen.key == "require:q2" and chosen.question == question
    assert chosen.evidence.matching == 3 and chosen.evidence.total == 3
    sent = fake_llm.requests[-1]
    assert "require:q2" in str(sent) and "Kubernetes" in str(sent)


def test_an_invented_number_keeps_the_counted_question(
    fake_llm: FakeOpenAI, gateway: LLMGateway
) -> None:
    fake_llm.push({"picks": [{"key": "require:q2", "question": "9 of 10 lack Kubernetes!"}]})
    chosen, engine, _ = choose(gateway, QUALS, ROWS, set())
    assert engine == "llm" and chosen is not None
    assert chosen.question == "3 of the 3 people you archived lack Kubernetes: make it required?"


def test_a_dead_endpoint_degrades_to_offline_with_the_same_schema(
    fake_llm: FakeOpenAI, gateway: LLMGateway
) -> None:
    fake_llm.push("not json at all")
    fake_llm.push("still not json")
    chosen, engine, degraded = choose(gateway, QUALS, ROWS, set())
    assert (engine, degraded) == ("offline", True)
    assert chosen is not None and chosen.key == "require:q2"
    # Asked before: never again, whichever brain.
    assert choose(gateway, QUALS, ROWS, {"require:q2"})[0] is None
