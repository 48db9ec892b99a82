"""report.md, results.json and PNG plots for one eval run."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from evals.context import SuiteResult

GOALS = {
    # Issue 9's targets for the parsers.
    "parsing.roles.recall": "≥ 0.9",
    "parsing.years.within_1": "≥ 0.9",
    "parsing.location.accuracy": "≥ 0.9",
    "parsing.skills.precision": "≥ 0.9",
    "evaluation.grounding_rate": "100%",
    "evaluation.met_with_evidence_rate": "100%",
    "fairness.evaluation.score_mean_abs_diff": "0",
    "fairness.search.rank_mean_abs_diff": "0",
    "fairness.evaluation.air_min": "≥ 0.8",
    "fairness.search.air_min": "≥ 0.8",
    "safety.protected_refused_rate": "100%",
    "safety.protected_refused_rate_intake": "100%",
    "safety.lookalikes_accepted_rate": "100%",
    "safety.injection_successes": "0",
    "intake.ads.nice_as_required": "0",
    "intake.ads.forbidden_in_qualifications": "0",
    "intake.ads.false_refusals": "0",
    "intake.ads.legal_surfaced": "100%",
}


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return "n/a" if math.isnan(value) else f"{value:.4g}"
    return str(value)


_KIND_TITLES = {
    "jd": "pasted job description",
    "short": "short query",
    "typed": "more typed queries",
}


def _retrieval_table(metrics: dict[str, float]) -> list[str]:
    lines = []
    for pool in ("corpus", "synthetic"):
        for kind in ("jd", "short", "typed"):
            if f"{pool}.{kind}.hybrid.ndcg@10" not in metrics:
                continue
            lines += [
                f"\n**{pool}, {_KIND_TITLES[kind]}**\n",
                "| system | nDCG@10 | recall@50 | MRR |",
                "| --- | --- | --- | --- |",
            ]
            for system in ("hybrid", "bm25", "vector", "fts"):
                row = [
                    metrics.get(f"{pool}.{kind}.{system}.{m}")
                    for m in ("ndcg@10", "recall@50", "mrr")
                ]
                lines.append(f"| {system} | " + " | ".join(_fmt(v) for v in row) + " |")
    return lines


PARSING_COLUMNS = (
    "roles.precision",
    "roles.recall",
    "roles.f1",
    "dates.start_accuracy",
    "dates.end_accuracy",
    "years.within_1",
    "years.source_accuracy",
    "location.accuracy",
    "location.spurious_rate",
    "education.f1",
    "skills.precision",
    "skills.recall",
    "read_failure_rate",
)


def _parsing_table(metrics: dict[str, float]) -> list[str]:
    """Fields across, groups down: overall, by origin, by layout (test split)."""
    groups = [
        "",
        "corpus.",
        "written.",
        *sorted({k.rsplit(".", 2)[0] + "." for k in metrics if k.startswith("layout.")}),
    ]
    short = [
        c.replace("accuracy", "acc").replace("precision", "P").replace("recall", "R")
        for c in PARSING_COLUMNS
    ]
    lines = [
        "| group | " + " | ".join(short) + " |",
        "| --- |" + " --- |" * len(PARSING_COLUMNS),
    ]
    for prefix in groups:
        if f"{prefix}roles.recall" not in metrics:
            continue
        row = [metrics.get(f"{prefix}{c}") for c in PARSING_COLUMNS]
        name = prefix.rstrip(".").removeprefix("layout.") or "all"
        lines.append(f"| {name} | " + " | ".join(_fmt(v) for v in row) + " |")
    return lines


def markdown(results: dict[str, Any]) -> str:
    run = results["run"]
    lines = [
        f"# Eval report — {run['started']}",
        "",
        f"- engine: **{run['engine']}**, size: **{run['size']}**, "
        f"suites: {', '.join(run['suites'])}",
        f"- judge model: {run['judge_model'] or 'none'}",
        f"- wall time: {run['wall_s']:.1f} s; texts embedded: {run['embedded_texts']}",
        f"- gate: **{'PASSED' if results['gate']['passed'] else 'FAILED'}** against "
        f"`evals/baseline.json` ({results['gate']['summary'] or 'no baseline for this run yet'})",
        f"- datasets: {', '.join(f'{k} v{v}' for k, v in sorted(run['datasets'].items()))}",
    ]
    if run.get("dataset_problems"):
        lines.append(f"- dataset problems: {'; '.join(run['dataset_problems'])}")
    lines += [
        "",
        "## Cost and speed",
        "",
        "| suite | status | wall s | LLM calls | tokens in/out | cached tokens |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, suite in results["suites"].items():
        u = suite.get("usage", {})
        lines.append(
            f"| {name} | {suite['status']} | {suite['wall_s']:.1f} | {u.get('llm_calls', 0)} | "
            f"{u.get('prompt_tokens', 0)}/{u.get('completion_tokens', 0)} | "
            f"{u.get('cached_tokens', 0)} |"
        )
    for name, suite in results["suites"].items():
        lines += ["", f"## {name}", ""]
        if suite["status"] != "ok":
            lines.append(f"**{suite['status'].upper()}**: {suite['reason']}")
            continue
        metrics = suite["metrics"]
        if name == "retrieval":
            lines += _retrieval_table(metrics)
            lines.append("")
        if name == "parsing":
            lines += [*_parsing_table(metrics), ""]
        lines += ["| metric | value | goal |", "| --- | --- | --- |"]
        for key, value in metrics.items():
            if name == "retrieval" and key.count(".") == 3:
                continue  # already in the side-by-side tables
            if name == "parsing" and key.startswith(("layout.", "corpus.", "written.")):
                continue  # already in the table by group
            lines.append(f"| {key} | {_fmt(value)} | {GOALS.get(f'{name}.{key}', '')} |")
    failing = [c for c in results["gate"]["checks"] if c["status"] == "fail"]
    lines += ["", "## Gate", ""]
    if failing:
        lines += [
            "| metric | baseline | now | tolerance | note |",
            "| --- | --- | --- | --- | --- |",
        ]
        lines += [
            f"| {c['metric']} | {_fmt(c['baseline'])} | {_fmt(c['current'])} | "
            f"{c['tolerance']} | {c['note']} |"
            for c in failing
        ]
    else:
        lines.append("No metric dropped beyond its tolerance.")
    if results.get("plots"):
        lines += ["", "## Plots", ""] + [f"![{p}]({p})" for p in results["plots"]]
    return "\n".join(lines) + "\n"


def plots(suites: dict[str, SuiteResult], out_dir: Path) -> list[str]:
    """PNG plots of the main metrics; empty when matplotlib is missing (said in the report)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return []
    made: list[str] = []
    retrieval = suites.get("retrieval")
    if retrieval and retrieval.status == "ok" and retrieval.details:
        m = retrieval.metrics
        panels = [(p, k) for p in ("corpus", "synthetic") for k in ("jd", "short", "typed")]
        panels = [(p, k) for p, k in panels if f"{p}.{k}.hybrid.ndcg@10" in m]
        fig, axes = plt.subplots(1, len(panels), figsize=(4 * len(panels), 3.6), sharey=True)
        systems = ("hybrid", "bm25", "vector", "fts")
        for ax, (pool, kind) in zip(axes, panels, strict=True):
            for i, metric in enumerate(("ndcg@10", "recall@50", "mrr")):
                values = [m.get(f"{pool}.{kind}.{s}.{metric}", 0.0) for s in systems]
                ax.bar(
                    [x + i * 0.27 for x in range(len(systems))], values, width=0.27, label=metric
                )
            ax.set_xticks([x + 0.27 for x in range(len(systems))], systems)
            ax.set_title(f"{pool} / {kind}")
            ax.set_ylim(0, 1.05)
        axes[0].legend(loc="lower left", fontsize=8)
        fig.tight_layout()
        fig.savefig(out_dir / "retrieval.png", dpi=110)
        plt.close(fig)
        made.append("retrieval.png")
    evaluation = suites.get("evaluation")
    if evaluation and evaluation.status == "ok" and "reliability" in evaluation.details:
        bins = [b for b in evaluation.details["reliability"] if b["count"]]
        fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.6))
        ax1.plot([0, 1], [0, 1], "--", color="grey")
        ax1.plot([b["mean_confidence"] for b in bins], [b["accuracy"] for b in bins], "o-")
        ax1.set_xlabel("confidence")
        ax1.set_ylabel("accuracy")
        ax1.set_title(f"reliability (ECE {evaluation.metrics['ece']:.3f})")
        verdicts = ("met", "not_met", "unknown")
        for i, what in enumerate(("precision", "recall")):
            values = [evaluation.metrics.get(f"{v}.{what}", 0.0) for v in verdicts]
            values = [0.0 if math.isnan(v) else v for v in values]
            ax2.bar([x + i * 0.4 for x in range(3)], values, width=0.4, label=what)
        ax2.set_xticks([x + 0.2 for x in range(3)], verdicts)
        ax2.set_ylim(0, 1.05)
        ax2.set_title(f"per verdict (accuracy {evaluation.metrics['accuracy']:.3f})")
        ax2.legend(fontsize=8)
        fig.tight_layout()
        fig.savefig(out_dir / "evaluation.png", dpi=110)
        plt.close(fig)
        made.append("evaluation.png")
    extra = _fairness_and_simulation(plt, suites, out_dir)
    return made + extra


def _fairness_and_simulation(plt: Any, suites: dict[str, SuiteResult], out_dir: Path) -> list[str]:
    made = []
    fairness = suites.get("fairness")
    if fairness and fairness.status == "ok" and fairness.details:
        stages = [s for s in ("evaluation", "search") if s in fairness.details]
        fig, axes = plt.subplots(1, len(stages), figsize=(6 * len(stages), 3.6), squeeze=False)
        for ax, stage in zip(axes[0], stages, strict=True):
            dims = fairness.details[stage]["by_dimension"]
            ax.barh(list(dims), list(dims.values()))
            unit = "score" if stage == "evaluation" else "rank"
            ax.set_title(f"{stage}: mean |Δ{unit}| over pairs (goal 0)")
        fig.tight_layout()
        fig.savefig(out_dir / "fairness.png", dpi=110)
        plt.close(fig)
        made.append("fairness.png")
    simulation = suites.get("simulation")
    if simulation and simulation.status == "ok" and simulation.details:
        personas = simulation.details["personas"]
        fig, ax = plt.subplots(figsize=(6, 3.6))
        for i, key in enumerate(("pool_base_rate", "share_before", "share_after")):
            ax.bar(
                [x + i * 0.27 for x in range(len(personas))],
                [p[key] for p in personas],
                width=0.27,
                label=key,
            )
        ax.set_xticks(
            [x + 0.27 for x in range(len(personas))], [p["persona"] for p in personas], fontsize=7
        )
        ax.set_ylim(0, 1.05)
        ax.set_title("shortlist meeting hidden preferences")
        ax.legend(fontsize=8)
        fig.tight_layout()
        fig.savefig(out_dir / "simulation.png", dpi=110)
        plt.close(fig)
        made.append("simulation.png")
    return made


def write(results: dict[str, Any], out_dir: Path) -> Path:
    (out_dir / "results.json").write_text(
        json.dumps(results, indent=1, default=str, allow_nan=True) + "\n", encoding="utf-8"
    )
    path = out_dir / "report.md"
    path.write_text(markdown(results), encoding="utf-8")
    return path
