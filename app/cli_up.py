"""`scout up` (the main job) and `scout synth` (synthetic pools for demos and scale work)."""

from __future__ import annotations

import json
import signal
import sys
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer
from sqlalchemy import func, select

from app.cli import cli, console, runtime
from app.db import transaction
from app.models import Candidate
from app.runtime import Runtime

SAMPLE_POOL_SIZE = 400
SAMPLE_SEED = 7


def _load_sample_pool(rt: Runtime) -> None:
    from app.candidates.service import Importer, read_paths
    from app.orgs.service import require_org
    from app.synth import write_jsonl

    with transaction(rt.sessions) as session:
        org = require_org(session, rt.settings.default_org_slug)
        count = session.scalar(select(func.count()).where(Candidate.org_id == org.id)) or 0
    if count:
        return
    path = rt.settings.data_dir / "sample-talent-pool.jsonl"
    write_jsonl(path, SAMPLE_POOL_SIZE, SAMPLE_SEED)
    console.print(f"loading a synthetic sample talent pool ({SAMPLE_POOL_SIZE} profiles)...")
    with transaction(rt.sessions) as session:
        summary = Importer(session, rt.embedder, org.id).run(read_paths([path]))
    console.print(f"sample pool: {summary.imported} profiles imported")


class _Stop(Exception):
    """SIGTERM, turned into an exception so every `finally` below runs on the way out."""


def _raise_stop(signum: int, _: FrameType | None) -> None:
    raise _Stop(signum)


@cli.command("up")
def up(
    host: Annotated[str | None, typer.Option(help="address to listen on")] = None,
    port: Annotated[int | None, typer.Option(help="port to listen on")] = None,
    no_sample: Annotated[bool, typer.Option("--no-sample", help="skip the sample pool")] = False,
) -> None:
    """Start everything: embedded database and Redis, migrations, sample pool, API,
    a worker and a scheduler, kept alive until SIGTERM or Ctrl-C stops them all."""
    # uvicorn re-raises the SIGTERM it caught once it has stopped serving; with the default
    # handler that would kill this process before it stops its children and servers.
    signal.signal(signal.SIGTERM, _raise_stop)
    try:
        _up(host, port, no_sample)
    except (_Stop, KeyboardInterrupt):
        console.print("Scout stopped")


def _up(host: str | None, port: int | None, no_sample: bool) -> None:
    import uvicorn

    from app.embedded_watch import watches
    from app.main import create_app
    from app.orgs.service import create_token, ensure_recruiter, require_org
    from app.supervise import Child, Supervisor

    with runtime(upgrade=True) as rt:
        if not no_sample:
            _load_sample_pool(rt)
        with transaction(rt.sessions) as session:
            org = require_org(session, rt.settings.default_org_slug)
            person = ensure_recruiter(session, org, rt.settings.default_recruiter_email)
            token = create_token(session, person, label="scout up")
        bind_host = host or rt.settings.host
        bind_port = port or rt.settings.port
        base = f"http://{bind_host}:{bind_port}"
        console.print(f"[green]Scout is up[/green] at {base}  (data: {rt.settings.data_dir})")
        console.print(f"token for {person.email}: {token}")
        console.print(f"open the app: {base}/?token={token}")
        console.print(
            f'try: curl -H "Authorization: Bearer {token}" "{base}/v1/candidates/search?q=python"'
        )
        # The worker and scheduler attach to this data dir's servers as separate processes,
        # exactly as they would on other machines against shared Postgres and Redis.
        supervisor = Supervisor(
            children=[
                Child("worker", [sys.executable, "-m", "app", "worker"]),
                Child("scheduler", [sys.executable, "-m", "app", "scheduler"]),
            ],
            servers=watches(rt.stack),
        )
        supervisor.start()
        try:
            uvicorn.run(
                create_app(runtime=rt, dispatch="celery"),
                host=bind_host,
                port=bind_port,
                log_level="warning",
                # Open event streams would otherwise hold shutdown forever.
                timeout_graceful_shutdown=5,
            )
        finally:
            # Nothing interrupts the orderly stop: children first, then (leaving `runtime`)
            # the embedded Postgres and Redis once no child holds them.
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            supervisor.stop(timeout_s=rt.settings.up_stop_timeout_s)


@cli.command("synth")
def synth(
    count: Annotated[int, typer.Option(help="how many profiles")] = 1000,
    seed: Annotated[int, typer.Option(help="random seed (same seed, same pool)")] = SAMPLE_SEED,
    out: Annotated[Path | None, typer.Option(help="write JSONL here instead of stdout")] = None,
) -> None:
    """Generate a realistic synthetic talent pool from O*NET titles, tasks and skills."""
    from app.synth import generate_profiles, write_jsonl

    if count < 1:
        console.print("[red]error:[/red] --count must be at least 1")
        raise typer.Exit(2)
    if out is not None:
        write_jsonl(out, count, seed)
        console.print(f"wrote {count} profiles to {out}")
        return
    for profile in generate_profiles(count, seed):
        typer.echo(json.dumps(profile))
