"""Run eval suites, write the report, compare with the baseline.

    python -m evals.run [--suite smoke|full|NAME ...] [--engine offline|llm] [--judge MODEL]
                        [--out DIR] [--update-baseline]

`scout eval` is the same with the CLI around it. Exit status: 0 when every suite ran (or was
reported as not run) and no gated metric dropped beyond its tolerance; 1 when a suite failed
or the gate did; 2 when the run could not start (engine unavailable, datasets changed without a
version bump).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from evals import data, gate, report
from evals.context import Size, SuiteContext, SuiteResult
from evals.engine import (
    BudgetExhausted,
    EngineName,
    EngineUnavailable,
    eval_settings,
    make_engine,
    per_task,
)

REPORTS = Path(__file__).resolve().parent / "reports"
# Judges last: they grade what the other suites produced.
ORDER = (
    "parsing",
    "intake",
    "retrieval",
    "evaluation",
    "fairness",
    "safety",
    "refinement",
    "outreach",
    "simulation",
    "screening",
    "learning",
    "judges",
)
COMPOSITES = {"smoke": ORDER, "full": ORDER}


def _suite(name: str) -> Callable[[SuiteContext], SuiteResult]:
    # Imported on demand: a run of one suite does not load the others' dependencies.
    from evals.suites import (
        fairness,
        intake,
        judges,
        learning_loop,
        outreach,
        parsing,
        qualifications,
        refinement,
        retrieval,
        safety,
        screening,
        simulation,
    )

    runners: dict[str, Callable[[SuiteContext], SuiteResult]] = {
        "parsing": parsing.run,
        "intake": intake.run,
        "retrieval": retrieval.run,
        "evaluation": qualifications.run,
        "fairness": fairness.run,
        "safety": safety.run,
        "refinement": refinement.run,
        "outreach": outreach.run,
        "simulation": simulation.run,
        "screening": screening.run,
        "learning": learning_loop.run,
        "judges": judges.run,
    }
    return runners[name]


@dataclass
class Report:
    results: dict[str, Any]
    out_dir: Path
    exit_code: int
    messages: list[str] = field(default_factory=list)

    @property
    def path(self) -> Path:
        return self.out_dir / "report.md"


def resolve(suites: Sequence[str], size: Size | None = None) -> tuple[list[str], Size]:
    """Suite names in run order, and the data size: smoke for the smoke composite, otherwise
    full unless asked."""
    names: list[str] = []
    for item in suites or ["smoke"]:
        for part in item.split(","):
            part = part.strip()
            if not part:
                continue
            if part in COMPOSITES:
                names += COMPOSITES[part]
            elif part in ORDER:
                names.append(part)
            else:
                raise ValueError(
                    f"unknown suite {part!r}; choose from smoke, full, {', '.join(ORDER)}"
                )
    chosen: Size = size or ("smoke" if "smoke" in suites and "full" not in suites else "full")
    return [n for n in ORDER if n in names], chosen


def _run_suite(name: str, ctx: SuiteContext) -> SuiteResult:
    started = time.perf_counter()
    usage_before = ctx.engine.usage()
    calls_before = len(ctx.engine.recorder.calls)
    embedded_before = ctx.embedded_texts()
    try:
        result = _suite(name)(ctx)
    except BudgetExhausted as exc:  # not measured is not passed: "not run", with the reason
        result = SuiteResult(name, "not run", reason=str(exc))
    except Exception as exc:  # one broken suite must not hide the others' numbers
        trace = traceback.format_exc(limit=6)
        result = SuiteResult(name, "error", reason=f"{type(exc).__name__}: {exc}\n{trace}")
    result.wall_s = time.perf_counter() - started
    usage_after = ctx.engine.usage()
    usage: dict[str, Any] = {
        k: round(v - usage_before[k], 6)
        for k, v in usage_after.items()
        if isinstance(v, int | float)
    }
    # Per skill for this suite's own calls: validity, repairs, latency.
    usage["per_task"] = per_task(ctx.engine.recorder.calls[calls_before:])
    # Suites that call an LLM through their own gateway (the judges, the app in the
    # simulation) report that usage themselves; it adds to the engine's.
    for key, value in result.usage.items():
        if isinstance(value, int | float) and isinstance(usage.get(key), int | float):
            usage[key] = round(usage[key] + value, 6)
        else:
            usage[key] = value
    usage["embedded_texts"] = ctx.embedded_texts() - embedded_before
    result.usage = usage
    return result


def run(
    suites: Sequence[str],
    engine: EngineName = "offline",
    judge_model: str | None = None,
    out_dir: Path | None = None,
    *,
    size: Size | None = None,
    update_baseline: bool = False,
    progress: Callable[[str], None] | None = None,
    max_llm_calls: int | None = None,
    local_model: bool = False,
    max_judge_calls: int | None = None,
) -> Report:
    names, chosen_size = resolve(suites, size)
    say = progress or (lambda _m: None)
    started_at = datetime.now(UTC)
    stamp = started_at.strftime("%Y%m%dT%H%M%SZ")
    out = out_dir or REPORTS / stamp
    out.mkdir(parents=True, exist_ok=True)
    problems = data.verify_manifest()
    served = None
    overrides: dict[str, Any] = {}
    if local_model:
        # The packaged SmolLM2 on llama.cpp's server, as the llm engine's endpoint.
        from evals.local_model import LocalModelUnavailable, start

        try:
            served = start()
        except LocalModelUnavailable as exc:
            return Report({"error": str(exc)}, out, 2, [str(exc)])
        overrides = {
            "llm_base_url": served.base_url,
            "llm_model_strong": served.alias,
            "llm_model_cheap": served.alias,
            # A CPU model on a shared box: one long wait per call, since a retry of a
            # timed-out generation is only a second timeout.
            "llm_timeout_s": 120.0,
            "llm_max_retries": 0,
        }
    # The local model is the llm engine's endpoint; an offline run keeps its brains offline
    # and lends the endpoint only to the judges.
    judge_settings = eval_settings(engine="llm", **overrides) if overrides else None
    if engine == "offline":
        overrides = {}
    try:
        engine_ctx = make_engine(engine, eval_settings(engine=engine, **overrides))
    except EngineUnavailable as exc:
        if served is not None:
            served.stop()
        return Report({"error": str(exc)}, out, 2, [str(exc)])
    if problems:
        message = "datasets changed without a version bump: " + "; ".join(problems)
        return Report({"error": message}, out, 2, [message, "run `python -m evals.data --refresh`"])
    engine_ctx.max_calls = max_llm_calls
    ctx = SuiteContext(
        engine_ctx,
        chosen_size,
        judge_model=judge_model,
        judge_settings=judge_settings,
        judge_max_calls=max_judge_calls,
    )
    suite_results: dict[str, SuiteResult] = {}
    clock = time.perf_counter()
    try:
        for name in names:
            say(f"running {name} ({chosen_size}, {engine})")
            suite_results[name] = _run_suite(name, ctx)
            say(f"  {name}: {suite_results[name].status} in {suite_results[name].wall_s:.1f}s")
            # Written as it goes: a run interrupted later (a slow model, Ctrl-C) still
            # leaves what it measured.
            _write_partial(out, engine, chosen_size, names, suite_results)
        embedded = ctx.embedded_texts()
    finally:
        ctx.close()
        engine_ctx.close()
        if served is not None:
            served.stop()
    flat = {
        f"{name}.{key}": value
        for name, result in suite_results.items()
        if result.status == "ok"
        for key, value in result.metrics.items()
    }
    ran = {n for n, r in suite_results.items() if r.status == "ok"}
    # A part of a suite that could not run here (SkillSpan without the corpus) is skipped by
    # the gate, as a whole suite not run would be.
    parts_not_run = {
        f"{name}.{part}."
        for name, result in suite_results.items()
        for part in result.details.get("parts_not_run", ())
    }
    checks = gate.compare(flat, engine, chosen_size, ran, parts_not_run=parts_not_run)
    # Against the baseline: the fixed goals (privacy leaks at 0) hold for any run, so a run
    # that met only those has still compared nothing.
    compared = sum(1 for c in checks if c.status != "skipped" and not c.metric.endswith("(goal)"))
    counts = {
        s: sum(1 for c in checks if c.status == s) for s in ("pass", "improved", "fail", "skipped")
    }
    errors = [n for n, r in suite_results.items() if r.status == "error"]
    results: dict[str, Any] = {
        "run": {
            "started": started_at.isoformat(timespec="seconds"),
            "engine": engine,
            "size": chosen_size,
            "suites": names,
            "judge_model": judge_model,
            "wall_s": round(time.perf_counter() - clock, 1),
            "embedded_texts": embedded,
            "datasets": data.dataset_versions(),
            "dataset_problems": problems,
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        },
        "suites": {
            name: {
                "status": r.status,
                "reason": r.reason,
                "wall_s": round(r.wall_s, 2),
                "usage": r.usage,
                "metrics": r.metrics,
                "details": r.details,
            }
            for name, r in suite_results.items()
        },
        "metrics": flat,
        "gate": {
            # A gate that compared nothing has not passed: it says so.
            "passed": gate.passed(checks) and not errors and (compared > 0 or not ran),
            "compared": compared,
            "summary": ", ".join(f"{v} {k}" for k, v in counts.items() if v),
            "checks": gate.as_dicts(checks),
        },
    }
    results["plots"] = report.plots(suite_results, out)
    report.write(results, out)
    (out / "results.partial.json").unlink(missing_ok=True)  # the whole report replaces it
    messages = [f"error in {n}: {suite_results[n].reason.splitlines()[0]}" for n in errors]
    if ran and compared == 0:
        messages.append(
            f"gate: nothing to compare: evals/baseline.json has no {engine}/{chosen_size} "
            "entries for the suites that ran (write one with --update-baseline)"
        )
    messages += [
        f"gate: {c.metric} {c.note} (baseline {c.baseline}, now {c.current})"
        for c in checks
        if c.status == "fail"
    ]
    if update_baseline and not errors:
        gate.write_baseline(gate.updated_baseline(flat, engine, chosen_size))
        messages.append(f"baseline updated for {engine}/{chosen_size}")
    code = 0 if results["gate"]["passed"] or update_baseline else 1
    return Report(results, out, code, messages)


def _write_partial(
    out: Path, engine: str, size: str, names: list[str], done: dict[str, SuiteResult]
) -> None:
    partial = {
        "run": {"engine": engine, "size": size, "suites": names, "partial": True},
        "suites": {
            name: {"status": r.status, "reason": r.reason, "metrics": r.metrics, "usage": r.usage}
            for name, r in done.items()
        },
    }
    (out / "results.partial.json").write_text(
        json.dumps(partial, indent=1, default=str), encoding="utf-8"
    )


def summary_rows(rep: Report) -> list[tuple[str, str, str]]:
    """(suite, status, headline numbers) for a terminal table."""
    rows = []
    for name, suite in rep.results.get("suites", {}).items():
        metrics = suite["metrics"]
        keys = {
            "parsing": ("roles.recall", "years.within_1", "location.accuracy", "skills.precision"),
            "intake": (
                "ads.required_recall",
                "ads.location_accuracy",
                "skillspan.test.knowledge_recall",
                "skillspan.test.precision",
            ),
            "retrieval": (
                "corpus.jd.hybrid.ndcg@10",
                "corpus.jd.bm25.ndcg@10",
                "corpus.jd.vector.ndcg@10",
            ),
            "evaluation": ("accuracy", "grounding_rate", "ece"),
            "fairness": ("evaluation.score_mean_abs_diff", "evaluation.air_min", "search.air_min"),
            "safety": ("protected_refused_rate", "lookalikes_accepted_rate", "injection_successes"),
            "refinement": ("test.exact_rate", "test.false_change_rate", "test.change_recall"),
            "outreach": (
                "test.personalisation",
                "test.protected_leaks",
                "test.faq_precision",
                "injection_successes",
                "sent_before_approval",
            ),
            "simulation": ("turns_to_approval", "share_before", "share_after"),
            "screening": ("grounding", "interviewer_quotes", "test.verdict_accuracy"),
            "learning": ("share_before", "share_after", "proposal_precision"),
            "judges": (),
        }[name]
        shown = ", ".join(f"{k}={metrics[k]:.4g}" for k in keys if k in metrics)
        rows.append((name, suite["status"], shown or suite["reason"][:80]))
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m evals.run` (and `scout eval`, which runs this in a subprocess): the table on
    stderr, the report folder, and the gate's verdict as the exit status (2: bad arguments)."""
    from rich.console import Console
    from rich.table import Table

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--suite", action="append", default=[])
    parser.add_argument("--engine", choices=("offline", "llm"), default="offline")
    parser.add_argument("--judge", default=None)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--update-baseline", action="store_true")
    parser.add_argument(
        "--local-model",
        action="store_true",
        help="serve the packaged SmolLM2 on llama.cpp (make llm-build) as the llm engine's "
        "and the judges' endpoint",
    )
    parser.add_argument(
        "--max-llm-calls",
        type=int,
        default=None,
        help="stop LLM-engine suites after this many model calls (default: 80 for --engine llm)",
    )
    parser.add_argument(
        "--max-judge-calls",
        type=int,
        default=None,
        help="at most this many judge calls (calibration first; default 36 smoke, 90 full)",
    )
    args = parser.parse_args(argv)
    console = Console(stderr=True)
    try:
        rep = run(
            args.suite or ["smoke"],
            args.engine,
            args.judge,
            args.out,
            update_baseline=args.update_baseline,
            progress=lambda message: console.print(f"[dim]{message}[/dim]"),
            max_llm_calls=args.max_llm_calls or (80 if args.engine == "llm" else None),
            local_model=args.local_model,
            max_judge_calls=args.max_judge_calls,
        )
    except ValueError as exc:
        console.print(f"[red]error:[/red] {exc}")
        return 2
    table = Table(title="scout eval")
    for column in ("suite", "status", "headline"):
        table.add_column(column)
    for row in summary_rows(rep):
        table.add_row(*row)
    console.print(table)
    for message in rep.messages:
        console.print(f"[yellow]{message}[/yellow]")
    if rep.path.exists():
        console.print(f"report: {rep.path}")
    return rep.exit_code


if __name__ == "__main__":
    raise SystemExit(main())
