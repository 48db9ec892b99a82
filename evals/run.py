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
from evals.engine import EngineName, EngineUnavailable, eval_settings, make_engine

REPORTS = Path(__file__).resolve().parent / "reports"
# Judges last: they grade what the other suites produced.
ORDER = ("retrieval", "evaluation", "fairness", "safety", "simulation", "judges")
COMPOSITES = {"smoke": ORDER, "full": ORDER}


def _suite(name: str) -> Callable[[SuiteContext], SuiteResult]:
    # Imported on demand: a run of one suite does not load the others' dependencies.
    from evals.suites import fairness, judges, qualifications, retrieval, safety, simulation

    runners: dict[str, Callable[[SuiteContext], SuiteResult]] = {
        "retrieval": retrieval.run,
        "evaluation": qualifications.run,
        "fairness": fairness.run,
        "safety": safety.run,
        "simulation": simulation.run,
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
    embedded_before = ctx.embedded_texts()
    try:
        result = _suite(name)(ctx)
    except Exception as exc:  # one broken suite must not hide the others' numbers
        trace = traceback.format_exc(limit=6)
        result = SuiteResult(name, "error", reason=f"{type(exc).__name__}: {exc}\n{trace}")
    result.wall_s = time.perf_counter() - started
    usage_after = ctx.engine.usage()
    usage: dict[str, Any] = {k: round(usage_after[k] - usage_before[k], 6) for k in usage_after}
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
) -> Report:
    names, chosen_size = resolve(suites, size)
    say = progress or (lambda _m: None)
    started_at = datetime.now(UTC)
    stamp = started_at.strftime("%Y%m%dT%H%M%SZ")
    out = out_dir or REPORTS / stamp
    out.mkdir(parents=True, exist_ok=True)
    problems = data.verify_manifest()
    try:
        engine_ctx = make_engine(engine, eval_settings(engine=engine))
    except EngineUnavailable as exc:
        return Report({"error": str(exc)}, out, 2, [str(exc)])
    if problems:
        message = "datasets changed without a version bump: " + "; ".join(problems)
        return Report({"error": message}, out, 2, [message, "run `python -m evals.data --refresh`"])
    ctx = SuiteContext(engine_ctx, chosen_size, judge_model=judge_model)
    suite_results: dict[str, SuiteResult] = {}
    clock = time.perf_counter()
    try:
        for name in names:
            say(f"running {name} ({chosen_size}, {engine})")
            suite_results[name] = _run_suite(name, ctx)
            say(f"  {name}: {suite_results[name].status} in {suite_results[name].wall_s:.1f}s")
        embedded = ctx.embedded_texts()
    finally:
        ctx.close()
        engine_ctx.close()
    flat = {
        f"{name}.{key}": value
        for name, result in suite_results.items()
        if result.status == "ok"
        for key, value in result.metrics.items()
    }
    ran = {n for n, r in suite_results.items() if r.status == "ok"}
    checks = gate.compare(flat, engine, chosen_size, ran)
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
            "passed": gate.passed(checks) and not errors,
            "summary": ", ".join(f"{v} {k}" for k, v in counts.items() if v),
            "checks": gate.as_dicts(checks),
        },
    }
    results["plots"] = report.plots(suite_results, out)
    report.write(results, out)
    messages = [f"error in {n}: {suite_results[n].reason.splitlines()[0]}" for n in errors]
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


def summary_rows(rep: Report) -> list[tuple[str, str, str]]:
    """(suite, status, headline numbers) for a terminal table."""
    rows = []
    for name, suite in rep.results.get("suites", {}).items():
        metrics = suite["metrics"]
        keys = {
            "retrieval": (
                "corpus.jd.hybrid.ndcg@10",
                "corpus.jd.bm25.ndcg@10",
                "corpus.jd.vector.ndcg@10",
            ),
            "evaluation": ("accuracy", "grounding_rate", "ece"),
            "fairness": ("evaluation.score_mean_abs_diff", "evaluation.air_min", "search.air_min"),
            "safety": ("protected_refused_rate", "lookalikes_accepted_rate", "injection_successes"),
            "simulation": ("turns_to_approval", "share_before", "share_after"),
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
