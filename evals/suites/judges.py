"""LLM judges over an OpenAI-compatible endpoint, calibrated before they are trusted.

Each rubric judge is first run on the hand-labelled calibration set; its agreement with the
labels (share of equal pass/fail, Cohen's kappa, mean |score difference|) is reported, and
its grades of this run's outputs are marked trusted only when agreement reaches
`TRUST_AGREEMENT`. With no endpoint configured the suite is "not run" and says why: a judge
that did not run never counts as a pass.
"""

from __future__ import annotations

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
NO_ENDPOINT = (
    "no LLM endpoint configured (set SCOUT_LLM_BASE_URL, and SCOUT_LLM_API_KEY if needed); "
    "judges were not run and count as neither pass nor fail"
)


def judge_gateway(
    judge_model: str | None, settings: Settings | None = None
) -> tuple[LLMGateway, InMemoryUsageRecorder]:
    """The judge's own gateway from the environment's LLM settings (the offline engine's
    settings have the LLM stripped on purpose); the judge model is used as the strong tier."""
    source = settings or Settings()
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


def calibrate(gateway: LLMGateway) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for rubric in RUBRICS:
        items = [i for i in data.judge_calibration() if i.rubric == rubric]
        human, judged, diffs, failed = [], [], [], 0
        for item in items:
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
            "agreement": round(agreement, 4),
            "kappa": round(cohen_kappa(human, judged), 4),
            "score_mae": round(mean(diffs), 4),
            "trusted": bool(human) and failed == 0 and agreement >= TRUST_AGREEMENT,
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
    gateway, recorder = judge_gateway(ctx.judge_model)
    if not gateway.enabled:
        return SuiteResult("judges", "not run", reason=NO_ENDPOINT)
    try:
        calibration = calibrate(gateway)
        metrics: dict[str, float] = {}
        graded: dict[str, Any] = {}
        for rubric, pairs in _targets(ctx).items():
            cal = calibration[rubric]
            metrics[f"{rubric}.calibration_agreement"] = cal["agreement"]
            metrics[f"{rubric}.calibration_kappa"] = cal["kappa"]
            if not pairs:
                graded[rubric] = {
                    "status": "not run",
                    "reason": "this run produced nothing to grade",
                }
                continue
            verdicts = [judge_one(gateway, rubric, i, o) for i, o in pairs]
            answered = [v for v in verdicts if v is not None]
            pass_rate = mean(float(v.passed) for v in answered)
            metrics[f"{rubric}.pass_rate"] = round(pass_rate, 4)
            graded[rubric] = {
                "status": "ok",
                "trusted": cal["trusted"],
                "graded": len(pairs),
                "failed_calls": len(pairs) - len(answered),
                "pass_rate": round(pass_rate, 4),
                "failures": [
                    {"output": o, "reason": v.reason}
                    for (_, o), v in zip(pairs, verdicts, strict=True)
                    if v is not None and not v.passed
                ][:10],
            }
        usage = {
            "judge_model": gateway.strong_model,
            "llm_calls": len(recorder.calls),
            "llm_failed_calls": sum(1 for c in recorder.calls if not c.ok),
            "prompt_tokens": sum(c.prompt_tokens for c in recorder.calls),
            "completion_tokens": sum(c.completion_tokens for c in recorder.calls),
            "cached_tokens": sum(c.cached_tokens for c in recorder.calls),
            "cost_usd": round(recorder.total_cost_usd, 6),
        }
        details = {"calibration": calibration, "graded": graded}
        return SuiteResult("judges", "ok", metrics, details, usage=usage)
    finally:
        gateway.close()
