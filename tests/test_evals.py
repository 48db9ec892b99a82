"""The eval harness itself: metric definitions on toy data, dataset integrity, the baseline
gate and the judges' "not run". Fast and deterministic; the suites themselves run under
`scout eval`, not here."""

from __future__ import annotations

import difflib
import json
import math
import re
from collections import Counter
from pathlib import Path

import pytest

from agents.llm.gateway import LLMGateway
from evals import data, gate
from evals.judge_rubrics import JudgeVerdict
from evals.metrics import (
    accuracy,
    adverse_impact_ratio,
    cohen_kappa,
    expected_calibration_error,
    ndcg_at_k,
    per_class_scores,
    recall_at_k,
    reciprocal_rank,
    reliability_bins,
    selection_rates,
    shortlist_with_ties,
)
from evals.privacy import quote_leaks
from evals.suites import judges
from evals.suites.qualifications import overlaps
from tests.fake_openai import FakeOpenAI, fake_llm

__all__ = ["fake_llm"]  # the fixture, as in test_llm_gateway

# -- ranking metrics --------------------------------------------------------------------------


def test_ndcg_is_one_for_the_ideal_order_and_lower_otherwise() -> None:
    relevance = {"a": 2, "b": 1, "c": 0}
    assert ndcg_at_k(["a", "b", "c"], relevance, 10) == pytest.approx(1.0)
    # Swapping the grade-2 and grade-1 documents: gains 1 and 3 at ranks 1 and 2.
    expected = (1 + 3 / math.log2(3)) / (3 + 1 / math.log2(3))
    assert ndcg_at_k(["b", "a", "c"], relevance, 10) == pytest.approx(expected)
    assert ndcg_at_k(["c", "x"], relevance, 10) == 0.0


def test_ndcg_cuts_at_k() -> None:
    relevance = {"a": 1}
    assert ndcg_at_k(["x", "y", "a"], relevance, 2) == 0.0
    assert ndcg_at_k(["x", "a"], relevance, 2) == pytest.approx(1 / math.log2(3))


def test_recall_and_mrr() -> None:
    relevance = {"a": 2, "b": 2, "c": 1}
    ranking = ["x", "c", "a", "y", "b"]
    assert recall_at_k(ranking, relevance, 3, min_grade=2) == 0.5
    assert recall_at_k(ranking, relevance, 5, min_grade=2) == 1.0
    assert recall_at_k(ranking, relevance, 2) == pytest.approx(1 / 3)
    assert reciprocal_rank(ranking, relevance, min_grade=2) == pytest.approx(1 / 3)
    assert reciprocal_rank(ranking, relevance) == 0.5
    assert reciprocal_rank(["x"], relevance) == 0.0


# -- classification and calibration ------------------------------------------------------------


def test_per_class_precision_recall_and_accuracy() -> None:
    labels = ["met", "met", "not_met", "unknown"]
    predictions = ["met", "unknown", "met", "unknown"]
    scores = per_class_scores(labels, predictions, ("met", "not_met", "unknown"))
    assert scores["met"].precision == 0.5 and scores["met"].recall == 0.5
    assert math.isnan(scores["not_met"].precision)  # never predicted: n/a, not 0
    assert scores["not_met"].recall == 0.0
    assert scores["unknown"].precision == 0.5 and scores["unknown"].recall == 1.0
    assert accuracy(labels, predictions) == 0.5


def test_ece_is_zero_when_confidence_matches_accuracy() -> None:
    confidences = [0.9] * 10
    correct = [True] * 9 + [False]
    assert expected_calibration_error(confidences, correct) == pytest.approx(0.0)


def test_ece_of_an_overconfident_model() -> None:
    # Half right at 0.9 confidence, all right at 0.1: |0.5-0.9| and |1.0-0.1|, equal weights.
    confidences = [0.9, 0.9, 0.1, 0.1]
    correct = [True, False, True, True]
    assert expected_calibration_error(confidences, correct) == pytest.approx(0.65)
    bins = reliability_bins(confidences, correct, bins=5)
    assert [b.count for b in bins] == [2, 0, 0, 0, 2]
    assert bins[4].accuracy == 0.5


def test_cohen_kappa() -> None:
    assert cohen_kappa([True, False, True, False], [True, False, True, False]) == 1.0
    assert cohen_kappa([True, True, False, False], [True, False, True, False]) == 0.0


# -- fairness -----------------------------------------------------------------------------------


def test_adverse_impact_ratio() -> None:
    rates = selection_rates(["a", "a", "a", "a", "b", "b", "b", "b"], [1, 1, 1, 0, 1, 1, 0, 0])
    assert rates == {"a": 0.75, "b": 0.5}
    assert adverse_impact_ratio(rates) == pytest.approx(0.5 / 0.75)
    assert adverse_impact_ratio({"a": 0.0, "b": 0.0}) == 1.0


def test_shortlist_keeps_ties_at_the_cut() -> None:
    assert shortlist_with_ties([0.9, 0.5, 0.5, 0.1], 2) == [True, True, True, False]
    assert shortlist_with_ties([0.9, 0.8, 0.5], 2) == [True, True, False]
    assert shortlist_with_ties([0.3], 0) == [False]


# -- datasets -----------------------------------------------------------------------------------


def test_datasets_match_the_manifest() -> None:
    assert data.verify_manifest() == []
    assert all(v >= 1 for v in data.dataset_versions().values())


def test_qualification_cases_are_enough_and_grounded() -> None:
    cases = data.qualification_cases()
    profiles = data.qualification_profiles()
    assert len(cases) >= 100
    assert len({c.id for c in cases}) == len(cases)
    assert set(Counter(c.expected for c in cases)) == {"met", "not_met", "unknown"}
    for case in cases:
        assert case.profile in profiles, case.id
        for span in case.evidence:
            assert span in profiles[case.profile], (case.id, span)
        if case.expected == "met":
            assert case.evidence, f"{case.id}: a met label needs its evidence span"


def test_counterfactual_pairs_differ_only_in_the_injected_attribute() -> None:
    pairs = data.counterfactual_pairs()
    assert len(pairs) >= 100
    for a, b in pairs:
        assert (a.base, a.dimension, a.pair) == (b.base, b.dimension, b.pair)
        assert a.group != b.group
        assert "{" not in a.text, a.key  # every slot filled
        changed = [
            line
            for line in difflib.ndiff(a.text.splitlines(), b.text.splitlines())
            if line[:2] in ("+ ", "- ")
        ]
        assert 1 <= len(changed) <= 6, (a.key, b.key, changed)  # a few lines, nothing else


def test_safety_sets() -> None:
    cases = data.protected_cases()
    assert Counter(c.expected for c in cases)["refuse"] >= 25
    assert Counter(c.expected for c in cases)["accept"] >= 15
    bases = data.injection_bases()
    for case in data.injection_cases():
        injected = data.inject(bases[case.base].text, case)
        assert case.payload in injected and bases[case.base].text.split("\n")[0] in injected


def test_retrieval_specs_and_corpus(shared_data: Path) -> None:
    specs = data.retrieval_specs()
    corpus = data.resume_corpus()
    assert len(corpus) == 166  # 962 rows, 166 distinct texts
    assert {s.category for s in specs} == {d.category for d in corpus}
    for spec in specs:
        assert spec.category not in spec.related_categories
        assert re.match(r"^\d{2}-\d{4}\.\d{2}$", spec.onet_code)


def test_typed_retrieval_queries_are_short_and_split_by_their_text() -> None:
    from app.search.query_type import query_type
    from evals.retrieval_replay import split_of

    typed = data.retrieval_typed_queries()
    assert set(typed) == {s.category for s in data.retrieval_specs()}
    texts = [t for queries in typed.values() for t in queries]
    assert len(texts) == len(set(texts)) == 75
    assert {query_type(t, "natural") for t in texts} == {"short"}
    splits = [split_of(f"typed:{t}") for t in texts]
    # A hash of the text, not a choice: both halves are well filled.
    assert 25 < splits.count("train") < 50


def test_judge_calibration_covers_every_rubric() -> None:
    items = data.judge_calibration()
    by_rubric = Counter(i.rubric for i in items)
    assert set(by_rubric) == set(judges.RUBRICS)
    for rubric in by_rubric:
        labels = {i.human_pass for i in items if i.rubric == rubric}
        assert labels == {True, False}, f"{rubric} needs passing and failing examples"


def test_evidence_overlap() -> None:
    text = "Built pipelines in Python.\nRan k8s on AWS."
    assert overlaps(text, "Ran k8s on AWS.", ["k8s"])
    assert not overlaps(text, "Built pipelines in Python.", ["k8s"])


# -- the gate -----------------------------------------------------------------------------------


def _baseline() -> dict[str, object]:
    return gate.updated_baseline(
        {
            "evaluation.accuracy": 0.80,
            "evaluation.grounding_rate": 1.0,
            "safety.injection_successes": 0.0,
            "retrieval.latency.hybrid.p50_ms": 200.0,  # machine fact: never gated
        },
        "offline",
        "smoke",
        {"version": 1, "engines": {}},
    )


def test_baseline_keeps_only_gated_metrics() -> None:
    entries = _baseline()["engines"]["offline"]["smoke"]  # type: ignore[index]
    assert set(entries) == {
        "evaluation.accuracy",
        "evaluation.grounding_rate",
        "safety.injection_successes",
    }


def test_gate_passes_within_tolerance_and_fails_beyond() -> None:
    baseline = _baseline()
    ran = {"evaluation", "safety"}
    ok = {
        "evaluation.accuracy": 0.79,
        "evaluation.grounding_rate": 1.0,
        "safety.injection_successes": 0.0,
    }
    assert gate.passed(gate.compare(ok, "offline", "smoke", ran, baseline))
    dropped = {**ok, "evaluation.accuracy": 0.70}
    checks = gate.compare(dropped, "offline", "smoke", ran, baseline)
    assert not gate.passed(checks)
    assert [c.metric for c in checks if c.status == "fail"] == ["evaluation.accuracy"]
    worse = {**ok, "safety.injection_successes": 1.0, "evaluation.grounding_rate": 0.99}
    failing = {
        c.metric
        for c in gate.compare(worse, "offline", "smoke", ran, baseline)
        if c.status == "fail"
    }
    assert failing == {"safety.injection_successes", "evaluation.grounding_rate"}


def test_gate_fails_a_missing_metric_and_skips_a_suite_not_run() -> None:
    baseline = _baseline()
    checks = gate.compare(
        {"evaluation.accuracy": 0.8}, "offline", "smoke", {"evaluation"}, baseline
    )
    status = {c.metric: c.status for c in checks}
    assert status["evaluation.grounding_rate"] == "fail"  # its suite ran: missing is a failure
    assert status["safety.injection_successes"] == "skipped"
    nan = {"evaluation.accuracy": float("nan"), "evaluation.grounding_rate": 1.0}
    assert not gate.passed(gate.compare(nan, "offline", "smoke", {"evaluation"}, baseline))


def test_a_fabricated_drop_exits_non_zero(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The runner's exit code follows the gate (suites faked: only the gate is under test)."""
    from evals import run as runner
    from evals.context import SuiteResult

    def fake_suite(name: str):  # type: ignore[no-untyped-def]
        return lambda ctx: SuiteResult(name, "ok", {"accuracy": 0.5, "grounding_rate": 1.0})

    baseline = gate.updated_baseline(
        {"evaluation.accuracy": 0.8, "evaluation.grounding_rate": 1.0},
        "offline",
        "full",
        {"version": 1, "engines": {}},
    )
    monkeypatch.setattr(runner, "_suite", fake_suite)
    monkeypatch.setattr(gate, "load_baseline", lambda path=gate.BASELINE: baseline)
    report = runner.run(["evaluation"], "offline", None, tmp_path)
    assert report.exit_code == 1
    assert any("evaluation.accuracy" in m for m in report.messages)
    assert (tmp_path / "report.md").read_text().count("FAILED") == 1
    assert (tmp_path / "results.json").exists()


def test_a_gate_that_compares_nothing_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No baseline for this engine and size: the run does not pass silently."""
    from evals import run as runner
    from evals.context import SuiteResult

    def fake_suite(name: str):  # type: ignore[no-untyped-def]
        return lambda ctx: SuiteResult(name, "ok", {"accuracy": 0.9, "grounding_rate": 1.0})

    monkeypatch.setattr(runner, "_suite", fake_suite)
    monkeypatch.setattr(
        gate, "load_baseline", lambda path=gate.BASELINE: {"version": 1, "engines": {}}
    )
    report = runner.run(["evaluation"], "offline", None, tmp_path)
    assert report.exit_code == 1
    assert report.results["gate"]["compared"] == 0
    assert any("nothing to compare" in m for m in report.messages)
    # The partial file written while suites ran is replaced by the whole report.
    assert (tmp_path / "results.json").exists()
    assert not (tmp_path / "results.partial.json").exists()


def test_an_interrupted_run_leaves_what_it_measured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from evals import run as runner
    from evals.context import SuiteResult

    def fake_suite(name: str):  # type: ignore[no-untyped-def]
        if name == "evaluation":
            return lambda ctx: SuiteResult(name, "ok", {"accuracy": 0.7})

        def interrupted(ctx):  # type: ignore[no-untyped-def]
            raise KeyboardInterrupt

        return interrupted

    monkeypatch.setattr(runner, "_suite", fake_suite)
    with pytest.raises(KeyboardInterrupt):
        runner.run(["evaluation", "fairness"], "offline", None, tmp_path)
    partial = json.loads((tmp_path / "results.partial.json").read_text())
    assert partial["run"]["partial"] is True
    assert partial["suites"]["evaluation"]["metrics"] == {"accuracy": 0.7}


def test_an_llm_call_budget_stops_the_evaluation_suite_and_says_so(
    fake_llm: FakeOpenAI,
) -> None:
    from evals.context import SuiteContext
    from evals.engine import eval_settings, make_engine
    from evals.suites import qualifications

    def answer(body: dict) -> dict:  # type: ignore[type-arg]
        sent = json.loads(body["messages"][-1]["content"])
        return {
            "verdicts": [
                {
                    "qualification_id": q["id"],
                    "verdict": "unknown",
                    "confidence": 0.5,
                    "evidence": [],
                    "explanation": "",
                }
                for q in sent["qualifications"]
            ]
        }

    fake_llm.responder = answer
    engine = make_engine(
        "llm", eval_settings(engine="llm", llm_base_url=fake_llm.base_url, llm_max_retries=0)
    )
    engine.max_calls = 2
    ctx = SuiteContext(engine, "full")
    try:
        result = qualifications.run(ctx)
    finally:
        ctx.close()
        engine.close()
    assert len(fake_llm.chat_requests) == 2
    assert result.metrics["budget_stopped"] == 1.0
    assert 0 < result.metrics["cases"] < 121
    assert result.metrics["degraded_share"] == 0.0


# -- judges -------------------------------------------------------------------------------------


def test_judges_are_not_run_without_an_endpoint(monkeypatch: pytest.MonkeyPatch) -> None:
    from evals.context import SuiteContext
    from evals.engine import eval_settings, make_engine

    monkeypatch.delenv("SCOUT_LLM_BASE_URL", raising=False)
    monkeypatch.delenv("SCOUT_LLM_API_KEY", raising=False)
    ctx = SuiteContext(make_engine("offline", eval_settings(engine="offline")), "smoke")
    result = judges.run(ctx)
    assert result.status == "not run"
    assert "no LLM endpoint" in result.reason
    assert result.metrics == {}  # nothing that could read as a pass


def test_judge_verdict_uses_the_pass_key() -> None:
    verdict = JudgeVerdict.model_validate_json('{"reason": "ok", "pass": true, "score": 0.9}')
    assert verdict.passed and verdict.score == 0.9
    assert "pass" in JudgeVerdict.model_json_schema()["properties"]


def test_judge_calibration_agreement_over_an_endpoint(fake_llm: FakeOpenAI) -> None:
    """A judge that always says pass agrees with the labels exactly where they pass."""
    fake_llm.responder = lambda body: {"reason": "looks fine", "pass": True, "score": 1.0}
    gateway = LLMGateway(base_url=fake_llm.base_url, max_retries=0)
    calibration = judges.calibrate(gateway)
    items = data.judge_calibration()
    for rubric, found in calibration.items():
        labels = [i.human_pass for i in items if i.rubric == rubric]
        assert found["answered"] == len(labels)
        assert found["agreement"] == pytest.approx(sum(labels) / len(labels))
        assert not found["trusted"]  # a judge that passes everything is not trusted


def test_privacy_leaks_are_gated_at_zero_whatever_the_baseline() -> None:
    leaky = {"evaluation.privacy_leaks": 2.0}
    baseline = gate.updated_baseline(leaky, "offline", "smoke", {"version": 1, "engines": {}})
    checks = gate.compare(leaky, "offline", "smoke", {"evaluation"}, baseline)
    assert not gate.passed(checks)  # the baseline took the leak in; the goal does not
    assert [c.metric for c in checks if c.status == "fail"] == ["evaluation.privacy_leaks (goal)"]
    clean = {"evaluation.privacy_leaks": 0.0, "fairness.evaluation.privacy_leaks": 0.0}
    assert gate.passed(gate.compare(clean, "offline", "smoke", {"evaluation"}, baseline))


@pytest.mark.parametrize(
    ("quote", "kinds"),
    [
        ("Built pipelines in Python (2016 - 2019)", []),
        ("Jane built the pipelines", ["name"]),
        ("DOB: 01.02.1990", ["birth"]),
        ("34 years old", ["age"]),
        ("jane@example.com | +49 151 2345 6789", ["name", "email", "phone"]),
        ("linkedin.com/in/jdoe", ["url"]),
    ],
)
def test_quote_leak_detector(quote: str, kinds: list[str]) -> None:
    assert quote_leaks(quote, ["Jane Doe"]) == kinds


def test_fusion_report_fuses_each_query_with_its_own_type() -> None:
    # One slice can hold both query types (a long synthetic "short" query is pasted); the
    # product fuses each query by its own type, so the report must too, not by the first.
    import uuid

    from app.search.fusion import FusionParams
    from app.search.rerank import QueryFeatures
    from app.search.service import Legs
    from evals.retrieval_replay import Pool, Searched, split_of
    from evals.suites.retrieval import Query
    from evals.tune_fusion import floor_systems, report

    a, b = uuid.UUID(int=1), uuid.UUID(int=2)
    ids = [f"q{i}" for i in range(40)]
    same = [i for i in ids if split_of(i) == split_of(ids[0])][:2]

    def searched(qid: str, kind: str, relevant: uuid.UUID) -> Searched:
        legs = Legs(None, kind, [(a, 2.0), (b, 1.0)], [(b, 0.1, 0, 1), (a, 0.5, 0, 1)])  # type: ignore[arg-type]
        query = Query(qid, "short", qid, {relevant: 2})
        return Searched("synthetic", query, legs, QueryFeatures(), [a, b])

    # The lexical leg has the short query's answer first, the vector leg the pasted one's.
    pool = Pool(
        "synthetic",
        uuid.UUID(int=9),
        [searched(same[0], "short", a), searched(same[1], "pasted", b)],
        {},
        [],
    )
    chosen = {
        "short": FusionParams(semantic_weight=0.0, rerank_depth=0),
        "pasted": FusionParams(lexical_weight=0.0, rerank_depth=0),
    }
    got = report({"synthetic": pool}, chosen)[split_of(same[0])]["synthetic.short"]
    assert got["query_types"] == ["pasted", "short"]
    assert got["hybrid_tuned"] == 1.0
    assert got["fts"] < 1.0 and got["vector"] < 1.0
    assert floor_systems("corpus.short") == ("fts", "vector", "bm25")
    assert floor_systems("synthetic.short") == ("fts", "vector")
