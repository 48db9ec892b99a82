"""The judges on the run's endpoint, trusted only when they agree with the labels, and the
llm engine's gate: fast, against the fake OpenAI server over real HTTP."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from evals import data, gate
from evals.context import SuiteContext
from evals.engine import eval_settings, make_engine
from evals.suites import judges
from tests.fake_openai import FakeOpenAI, Status, fake_llm

__all__ = ["fake_llm"]

EXPLANATIONS = [
    {
        "qualification": "Python",
        "verdict": "met",
        "evidence": ["Built services in Python"],
        "explanation": "The profile says they built services in Python.",
    }
] * 3


def context(server: FakeOpenAI, **kw: Any) -> SuiteContext:
    """An offline run whose judges were lent `server` (what --local-model does)."""
    ctx = SuiteContext(
        make_engine("offline", eval_settings(engine="offline")),
        "smoke",
        judge_settings=eval_settings(engine="llm", llm_base_url=server.base_url, llm_max_retries=0),
        **kw,
    )
    ctx.artifacts["explanations"] = EXPLANATIONS
    return ctx


def labelled(body: dict[str, Any]) -> dict[str, Any]:
    """A judge that answers exactly as the hand labels do."""
    asked = json.loads(body["messages"][-1]["content"])
    for item in data.judge_calibration():
        if item.output == asked["output"]:
            return {"reason": "as labelled", "pass": item.human_pass, "score": item.human_score}
    return {"reason": "fine", "pass": True, "score": 0.9}


def test_judges_use_the_endpoint_the_run_was_given(fake_llm: FakeOpenAI) -> None:
    fake_llm.responder = labelled
    result = judges.run(context(fake_llm))
    assert result.status == "ok"
    assert result.usage["judge_endpoint"] == fake_llm.base_url
    assert fake_llm.chat_requests  # the judges asked the run's endpoint, not the environment
    for rubric in judges.RUBRICS:
        assert result.metrics[f"{rubric}.calibration_agreement"] == 1.0
        assert result.metrics[f"{rubric}.trusted"] == 1.0
    # A trusted judge's grades count; the calls stayed within the budget.
    assert result.metrics["explanation_coherence.pass_rate"] == 1.0
    assert result.usage["llm_calls"] <= judges.CALL_BUDGET["smoke"]
    assert result.metrics["failed_calls"] == 0.0
    # A verdict is short: judges bound their answers.
    assert {r.body["max_tokens"] for r in fake_llm.chat_requests} == {judges.JUDGE_MAX_TOKENS}


def test_an_untrusted_judge_s_grades_are_used_nowhere(fake_llm: FakeOpenAI) -> None:
    fake_llm.responder = lambda body: {"reason": "looks fine", "pass": True, "score": 1.0}
    result = judges.run(context(fake_llm))
    graded = result.details["graded"]["explanation_coherence"]
    assert result.metrics["explanation_coherence.trusted"] == 0.0
    assert "explanation_coherence.pass_rate" not in result.metrics
    assert not any(k.endswith(".pass_rate") for k in result.metrics)
    # Shown for reading, labelled as such.
    assert graded["status"] == "untrusted" and graded["untrusted_pass_rate"] == 1.0
    assert "pass_rate" not in graded


def test_failed_judge_calls_are_counted_and_the_budget_holds(fake_llm: FakeOpenAI) -> None:
    # Every other call fails: the failures are counted, and no judge is trusted with gaps.
    answers = iter(range(1000))
    fake_llm.responder = lambda body: (
        Status(400, message="bad request")
        if next(answers) % 2
        else {"reason": "fine", "pass": True, "score": 1.0}
    )
    result = judges.run(context(fake_llm, judge_max_calls=10))
    calibration = result.details["calibration"]
    assert result.usage["llm_calls"] == 10 == len(fake_llm.chat_requests)
    assert result.metrics["failed_calls"] == result.usage["llm_failed_calls"] == 5
    assert sum(c["failed_calls"] for c in calibration.values()) == 5
    assert sum(c["not_asked"] for c in calibration.values()) == len(data.judge_calibration()) - 10
    assert not any(c["trusted"] for c in calibration.values())
    assert all(g["status"] == "not run" for g in result.details["graded"].values())


def test_the_llm_engine_baseline_fails_a_real_regression() -> None:
    run = {
        "evaluation.llm_valid_share": 0.8,
        "evaluation.degraded_share": 0.3,
        "evaluation.llm_accuracy": 0.6,
        "evaluation.accuracy": 0.7,  # blended with offline verdicts: not gated for llm
        "evaluation.grounding_rate": 1.0,
        "evaluation.met.precision": 0.7,  # too noisy on a few calls: not gated for llm
    }
    baseline = gate.updated_baseline(run, "llm", "full", {"version": 1, "engines": {}})
    entries = baseline["engines"]["llm"]["full"]
    assert "evaluation.met.precision" not in entries and "evaluation.accuracy" not in entries
    assert entries["evaluation.llm_valid_share"]["tolerance"] > 0  # generous, not exact
    noisy = {**run, "evaluation.llm_accuracy": 0.5, "evaluation.degraded_share": 0.5}
    assert gate.passed(gate.compare(noisy, "llm", "full", {"evaluation"}, baseline))
    broken = {**run, "evaluation.llm_valid_share": 0.0, "evaluation.degraded_share": 1.0}
    checks = gate.compare(broken, "llm", "full", {"evaluation"}, baseline)
    failed = [c.metric for c in checks if c.status == "fail"]
    assert failed == [
        "evaluation.degraded_share",
        "evaluation.llm_valid_share",
        "evaluation.llm_valid_share (goal)",
    ]
    # A baseline taken where the model answered nothing cannot make that acceptable.
    dead = dict(broken)
    lenient = gate.updated_baseline(dead, "llm", "full", {"version": 1, "engines": {}})
    checks = gate.compare(dead, "llm", "full", {"evaluation"}, lenient)
    assert [c.metric for c in checks if c.status == "fail"] == ["evaluation.llm_valid_share (goal)"]
    # The offline engine's baseline is untouched by an llm update.
    offline = gate.updated_baseline(run, "llm", "full")["engines"]["offline"]
    assert offline == gate.load_baseline()["engines"]["offline"]


def test_the_committed_llm_baseline_compares_something() -> None:
    entries = gate.load_baseline()["engines"]["llm"]["full"]
    assert "evaluation.llm_valid_share" in entries and "evaluation.degraded_share" in entries
    zero = {name: 0.0 for name in entries} | {"evaluation.degraded_share": 1.0}
    checks = gate.compare(zero, "llm", "full", {"evaluation"})
    assert [c for c in checks if c.status != "skipped"]
    assert not gate.passed(checks)  # validity 0, everything degraded: the gate fails


def test_a_run_that_met_only_the_fixed_goals_compared_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The llm run of the last round passed on one goal check (privacy leaks 0) with no
    baseline entries at all; that is comparing nothing, and it says so."""
    from evals import run as runner
    from evals.context import SuiteResult

    def fake_suite(name: str):  # type: ignore[no-untyped-def]
        return lambda ctx: SuiteResult(name, "ok", {"accuracy": 0.5, "privacy_leaks": 0.0})

    monkeypatch.setattr(runner, "_suite", fake_suite)
    monkeypatch.setattr(
        gate, "load_baseline", lambda path=gate.BASELINE: {"version": 1, "engines": {}}
    )
    report = runner.run(["evaluation"], "offline", None, tmp_path)
    goals = [c for c in report.results["gate"]["checks"] if c["metric"].endswith("(goal)")]
    assert goals and all(c["status"] == "pass" for c in goals)
    assert report.results["gate"]["compared"] == 0 and report.exit_code == 1
    assert any("nothing to compare" in m for m in report.messages)
