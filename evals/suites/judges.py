"""LLM judges over an OpenAI-compatible endpoint, calibrated before they are trusted.

Each rubric judge is first run on the hand-labelled calibration set; its agreement with the
labels (share of equal pass/fail, Cohen's kappa, mean |score difference|) is reported. A judge
is trusted only when every calibration call answered and agreement reaches `TRUST_AGREEMENT`;
an untrusted judge's grades of this run's outputs are kept in the details for reading, never
in the metrics (so no gate, report line or baseline ever uses them). The endpoint is the
run's (`--local-model`, or the llm engine's) or else the environment's; with none the suite is
"not run" and says why: a judge that did not run never counts as a pass. Calls are bounded by
`CALL_BUDGET` (calibration first, then grading), and every failed call is counted.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from agents.llm.gateway import LLMGateway, LLMUnavailable
from agents.llm.usage import InMemoryUsageRecorder
from app.config import Settings
from evals import data
from evals.context import SuiteContext, SuiteResult
from evals.judge_rubrics import RUBRICS, JudgeVerdict
from evals.metrics import cohen_kappa, mean

TRUST_AGREEMENT = 0.8
SAMPLE = {"smoke": 6, "full": 20}
# Most judge calls a run makes: the 24 calibration items, then grading until it is spent.
# A CPU model answers one in seconds, so a smoke run stays within minutes.
CALL_BUDGET = {"smoke": 36, "full": 90}
# A verdict is a sentence and two fields: a small model left 1024 tokens under a grammar
# writes until its timeout. Judges wait longer per call than the product does (nobody is
# waiting on them) and their breaker is slower to open: each answer is the measurement.
JUDGE_MAX_TOKENS = 160
JUDGE_TIMEOUT_S = 90.0
JUDGE_BREAKER_FAILURES = 6
NO_ENDPOINT = (
    "no LLM endpoint configured (set SCOUT_LLM_BASE_URL, and SCOUT_LLM_API_KEY if needed); "
    "judges were not run and count as neither pass nor fail"
)


def judge_gateway(
    judge_model: str | None, settings: Settings | None = None
) -> tuple[LLMGateway, InMemoryUsageRecorder]:
    """The judge's own gateway: from `settings` (the run's endpoint) or else the environment's
    LLM settings (the offline engine's settings have the LLM stripped on purpose); the judge
    model is used as the strong tier."""
    source = (settings or Settings()).model_copy(
        update={
            "llm_timeout_strong_s": JUDGE_TIMEOUT_S,
            "llm_max_tokens_strong": JUDGE_MAX_TOKENS,
            "llm_breaker_failures": JUDGE_BREAKER_FAILURES,
            "llm_max_retries": 0,  # a timed-out generation retried is a second timeout
        }
    )
    recorder = InMemoryUsageRecorder()
    gateway = LLMGateway.from_settings(source, recorder=recorder)
    if judge_model:
        gateway.strong_model = judge_model
    return gateway, recorder


def judge_one(
    gateway: LLMGateway, rubric: str, judged_input: Any, output: str
) -> JudgeVerdict | None:
    """One grade, or None when the endpoint gave no valid answer (reported, never a pass)."""
    try:
        return gateway.structured(
            task=f"judge:{rubric}",
            instructions=RUBRICS[rubric],
            schema=JudgeVerdict,
            data={"input": judged_input, "output": output},
            tier="strong",
        ).value
    except LLMUnavailable:
        return None


def calibrate(gateway: LLMGateway, budget: int | None = None) -> dict[str, dict[str, Any]]:
    """Agreement of each judge with the labels; items past `budget` calls are not asked, and
    a judge missing any answer (failed or not asked) is not trusted."""
    out: dict[str, dict[str, Any]] = {}
    asked = 0
    for rubric in RUBRICS:
        items = [i for i in data.judge_calibration() if i.rubric == rubric]
        human, judged, diffs, failed = [], [], [], 0
        if budget is not None:
            items_asked = items[: max(0, budget - asked)]
            asked += len(items_asked)
        else:
            items_asked = items
        for item in items_asked:
            verdict = judge_one(gateway, rubric, item.input, item.output)
            if verdict is None:
                failed += 1
                continue
            human.append(item.human_pass)
            judged.append(verdict.passed)
            diffs.append(abs(verdict.score - item.human_score))
        agreement = mean(float(h == j) for h, j in zip(human, judged, strict=True))
        out[rubric] = {
            "items": len(items),
            "answered": len(human),
            "failed_calls": failed,
            "not_asked": len(items) - len(items_asked),
            "agreement": round(agreement, 4),
            "kappa": round(cohen_kappa(human, judged), 4),
            "score_mae": round(mean(diffs), 4),
            "trusted": len(human) == len(items) > 0 and agreement >= TRUST_AGREEMENT,
        }
    return out


def _targets(ctx: SuiteContext) -> dict[str, list[tuple[Any, str]]]:
    """What this run produced that each rubric can grade: (input, output) pairs."""
    n = SAMPLE[ctx.size]
    explanations = ctx.artifacts.get("explanations", [])
    step = max(1, len(explanations) // n) if explanations else 1
    targets: dict[str, list[tuple[Any, str]]] = {
        "explanation_coherence": [
            (
                {
                    "qualification": e["qualification"],
                    "verdict": e["verdict"],
                    "evidence": e["evidence"],
                },
                e["explanation"],
            )
            for e in explanations[::step][:n]
        ],
        "message_tone": [
            ({"kind": m["kind"]}, m["body"]) for m in ctx.artifacts.get("messages", [])[:n]
        ],
        "summary_consistency": [
            (s["profile"], s["summary"]) for s in ctx.artifacts.get("summaries", [])[:n]
        ],
    }
    return targets


def run(ctx: SuiteContext) -> SuiteResult:
    gateway, recorder = judge_gateway(ctx.judge_model, ctx.judge_settings)
    if not gateway.enabled:
        return SuiteResult("judges", "not run", reason=NO_ENDPOINT)
    budget = ctx.judge_max_calls or CALL_BUDGET[ctx.size]
    try:
        calibration = calibrate(gateway, budget)
        metrics: dict[str, float] = {}
        graded: dict[str, Any] = {}
        for rubric, pairs in _targets(ctx).items():
            cal = calibration[rubric]
            if cal["answered"]:  # no answer at all: no agreement to report, only "untrusted"
                metrics[f"{rubric}.calibration_agreement"] = cal["agreement"]
                metrics[f"{rubric}.calibration_kappa"] = cal["kappa"]
            metrics[f"{rubric}.trusted"] = float(cal["trusted"])
            left = budget - len(recorder.calls)
            if not pairs or left <= 0:
                why = "this run produced nothing to grade" if not pairs else "call budget spent"
                graded[rubric] = {"status": "not run", "reason": why}
                continue
            graded[rubric] = _grade(gateway, rubric, pairs[:left], trusted=cal["trusted"])
            if cal["trusted"]:
                # Only a judge that agreed with the labels reaches the metrics (and the gate).
                metrics[f"{rubric}.pass_rate"] = graded[rubric]["pass_rate"]
        usage = {
            "judge_model": gateway.strong_model,
            "judge_endpoint": gateway.base_url,
            "call_budget": budget,
            "llm_calls": len(recorder.calls),
            "llm_failed_calls": sum(1 for c in recorder.calls if not c.ok),
            "prompt_tokens": sum(c.prompt_tokens for c in recorder.calls),
            "completion_tokens": sum(c.completion_tokens for c in recorder.calls),
            "cached_tokens": sum(c.cached_tokens for c in recorder.calls),
            "cost_usd": round(recorder.total_cost_usd, 6),
            # Why calls failed, by the start of the reason (timeouts, circuit open, invalid).
            "failures": dict(
                Counter((c.error or "")[:40] for c in recorder.calls if not c.ok).most_common(5)
            ),
        }
        metrics["failed_calls"] = float(sum(1 for c in recorder.calls if not c.ok))
        details = {"calibration": calibration, "graded": graded}
        return SuiteResult("judges", "ok", metrics, details, usage=usage)
    finally:
        gateway.close()


def _grade(
    gateway: LLMGateway, rubric: str, pairs: list[tuple[Any, str]], *, trusted: bool
) -> dict[str, Any]:
    verdicts = [judge_one(gateway, rubric, i, o) for i, o in pairs]
    answered = [v for v in verdicts if v is not None]
    pass_rate = round(mean(float(v.passed) for v in answered), 4)
    return {
        # An untrusted judge's grades are shown for reading, labelled, and used nowhere.
        "status": "ok" if trusted else "untrusted",
        "trusted": trusted,
        "graded": len(pairs),
        "failed_calls": len(pairs) - len(answered),
        "pass_rate" if trusted else "untrusted_pass_rate": pass_rate,
        "failures": [
            {"output": o, "reason": v.reason}
            for (_, o), v in zip(pairs, verdicts, strict=True)
            if v is not None and not v.passed
        ][:10],
    }
