"""`scout eval`: run the eval suites, print a table, write the report, gate on the baseline.

Registered on the typer app when `app.cli.main()` imports this module. The evals package and
its heavy dependencies load only when the command runs.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from app.cli import cli, console


def _find_evals() -> None:
    """evals/ sits beside app/ in a checkout but is not an installed package (it reads
    ../shared/data and is never shipped), so put the checkout on the path when it is there."""
    root = Path(__file__).resolve().parent.parent
    if (root / "evals" / "run.py").exists() and str(root) not in sys.path:
        sys.path.insert(0, str(root))


@cli.command("eval")
def eval_cmd(
    suite: Annotated[
        list[str] | None,
        typer.Option(
            "--suite",
            help="smoke (fast, CI), full, or one of: parsing, retrieval, evaluation, fairness, "
            "safety, simulation, judges. Repeat or comma-separate to run several.",
        ),
    ] = None,
    engine: Annotated[
        str, typer.Option(help="offline (rules, no network) or llm (SCOUT_LLM_BASE_URL)")
    ] = "offline",
    judge: Annotated[
        str | None, typer.Option(help="model for the LLM judges; without an endpoint: not run")
    ] = None,
    out: Annotated[
        Path | None, typer.Option(help="report folder (default evals/reports/<timestamp>)")
    ] = None,
    update_baseline: Annotated[
        bool, typer.Option("--update-baseline", help="write this run's numbers as the baseline")
    ] = False,
) -> None:
    """Measure parsing, retrieval, evaluation, fairness and safety; gate on evals/baseline.json."""
    if engine not in ("offline", "llm"):
        console.print("[red]error:[/red] --engine must be offline or llm")
        raise typer.Exit(2)
    _find_evals()
    try:
        from evals.run import run, summary_rows
    except ImportError as exc:
        console.print(f"[red]error:[/red] evals/ not found ({exc}); run from a source checkout")
        raise typer.Exit(2) from exc
    from rich.table import Table

    try:
        report = run(
            suite or ["smoke"],
            "llm" if engine == "llm" else "offline",
            judge,
            out,
            update_baseline=update_baseline,
            progress=lambda message: console.print(f"[dim]{message}[/dim]"),
        )
    except ValueError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    table = Table(title="scout eval")
    for column in ("suite", "status", "headline"):
        table.add_column(column)
    for row in summary_rows(report):
        table.add_row(*row)
    console.print(table)
    for message in report.messages:
        console.print(f"[yellow]{message}[/yellow]")
    if report.path.exists():
        console.print(f"report: {report.path}")
    raise typer.Exit(report.exit_code)
