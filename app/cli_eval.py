"""`scout eval`: run the eval suites, print a table, write the report, gate on the baseline.

The suites belong to `evals/`, which sits beside `app/` in a source checkout and is never
shipped (it reads ../shared/data). The product does not import it: the command runs
`python -m evals.run` from the checkout in a child process and passes its exit status on.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer

from app.cli import cli, console

CHECKOUT = Path(__file__).resolve().parent.parent


def evals_command(
    suites: list[str],
    engine: str,
    judge: str | None,
    out: Path | None,
    update_baseline: bool,
    local_model: bool = False,
    max_llm_calls: int | None = None,
) -> list[str]:
    """The child's argv: the same options, spelled as `evals.run` reads them."""
    argv = [sys.executable, "-m", "evals.run", "--engine", engine]
    for suite in suites:
        argv += ["--suite", suite]
    if judge:
        argv += ["--judge", judge]
    if out is not None:
        argv += ["--out", str(out.resolve())]
    if update_baseline:
        argv.append("--update-baseline")
    if local_model:
        argv.append("--local-model")
    if max_llm_calls is not None:
        argv += ["--max-llm-calls", str(max_llm_calls)]
    return argv


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
    local_model: Annotated[
        bool,
        typer.Option(
            "--local-model", help="llm engine on the packaged SmolLM2 (make llm-build first)"
        ),
    ] = False,
    max_llm_calls: Annotated[
        int | None, typer.Option(help="LLM call budget for --engine llm (default 80)")
    ] = None,
) -> None:
    """Measure parsing, retrieval, evaluation, fairness and safety; gate on evals/baseline.json."""
    if engine not in ("offline", "llm"):
        console.print("[red]error:[/red] --engine must be offline or llm")
        raise typer.Exit(2)
    if not (CHECKOUT / "evals" / "run.py").is_file():
        console.print(f"[red]error:[/red] evals/ not found beside {CHECKOUT / 'app'}")
        console.print("run `scout eval` from a source checkout")
        raise typer.Exit(2)
    # The checkout first on the child's path, so its evals/ (and this app/) are the ones run.
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        part for part in (str(CHECKOUT), env.get("PYTHONPATH", "")) if part
    )
    argv = evals_command(
        suite or ["smoke"], engine, judge, out, update_baseline, local_model, max_llm_calls
    )
    raise typer.Exit(subprocess.run(argv, env=env, check=False).returncode)
