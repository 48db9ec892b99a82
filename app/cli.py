"""`scout`: the one entry point for people and scripts."""

from __future__ import annotations

import json
import logging
import sys
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from app.config import Settings, get_settings
from app.db import after_commit, transaction
from app.errors import AppError
from app.runtime import Runtime

cli = typer.Typer(help="Scout: your own recruiting assistant.", no_args_is_help=True)
db_cli = typer.Typer(help="Database migrations.", no_args_is_help=True)
token_cli = typer.Typer(help="API tokens for recruiters.", no_args_is_help=True)
org_cli = typer.Typer(help="Organizations.", no_args_is_help=True)
cli.add_typer(db_cli, name="db")
cli.add_typer(token_cli, name="token")
cli.add_typer(org_cli, name="org")

console = Console(stderr=True)


def fail(message: str, code: int = 1) -> None:
    console.print(f"[red]error:[/red] {message}")
    raise typer.Exit(code)


@contextmanager
def runtime(upgrade: bool = True) -> Iterator[Runtime]:
    rt = Runtime.start(get_settings(), upgrade=upgrade)
    try:
        rt.ensure_default_org()
        yield rt
    except AppError as exc:
        fail(exc.message, 2 if exc.status_code < 500 else 1)
    finally:
        rt.close()


def _nearline(rt: Runtime) -> Callable[[uuid.UUID, Sequence[uuid.UUID]], None]:
    """Queue nearline matching for whatever a CLI import created: a worker (`scout up` runs
    one) picks it up; with none running the tasks wait in Redis until they expire."""
    from app.dispatch import CeleryDispatcher
    from app.worker.celery_app import make_celery

    return CeleryDispatcher(make_celery(rt.stack.redis_url)).candidates_changed


def emit(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, default=str) + "\n")


@db_cli.command("upgrade")
def db_upgrade(revision: str = "head") -> None:
    """Apply migrations (the embedded database is started if needed)."""
    from app import migrate

    with runtime(upgrade=False) as rt:
        migrate.upgrade(rt.stack.database_url, revision)
        console.print(f"database at {migrate.current(rt.stack.database_url)}")


@db_cli.command("downgrade")
def db_downgrade(revision: str) -> None:
    """Revert migrations down to REVISION (`base` for an empty database)."""
    from app import migrate

    rt = Runtime.start(get_settings())
    try:
        migrate.downgrade(rt.stack.database_url, revision)
        console.print(f"database at {migrate.current(rt.stack.database_url) or 'base'}")
    finally:
        rt.close()


@db_cli.command("current")
def db_current() -> None:
    from app import migrate

    rt = Runtime.start(get_settings())
    try:
        typer.echo(migrate.current(rt.stack.database_url) or "base")
    finally:
        rt.close()


@org_cli.command("create")
def org_create(slug: str, name: Annotated[str, typer.Option()] = "") -> None:
    from app.orgs.service import ensure_org

    with runtime() as rt, transaction(rt.sessions) as session:
        org = ensure_org(session, slug, name or slug)
        typer.echo(f"{org.slug}\t{org.id}")


@token_cli.command("create")
def token_create(
    org: Annotated[str | None, typer.Option(help="organization slug")] = None,
    recruiter: Annotated[str | None, typer.Option(help="recruiter email")] = None,
    label: Annotated[str, typer.Option()] = "",
    expires_in_days: Annotated[
        float | None, typer.Option(min=0.001, help="refused after this many days")
    ] = None,
) -> None:
    """Create a bearer token for a recruiter (creating the recruiter if new)."""
    from datetime import UTC, datetime, timedelta

    from app.orgs.service import create_token, ensure_recruiter, require_org

    expires_at = (
        datetime.now(UTC) + timedelta(days=expires_in_days) if expires_in_days is not None else None
    )
    with runtime() as rt, transaction(rt.sessions) as session:
        organization = require_org(session, org or rt.settings.default_org_slug)
        person = ensure_recruiter(
            session, organization, recruiter or rt.settings.default_recruiter_email
        )
        typer.echo(create_token(session, person, label, expires_at=expires_at))


@cli.command("import")
def import_cmd(
    paths: Annotated[list[Path], typer.Argument(help="files or directories")],
    org: Annotated[str | None, typer.Option(help="organization slug")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print a JSON summary")] = False,
    column_map: Annotated[
        str | None, typer.Option(help='CSV column mapping as JSON, e.g. {"text": "Resume"}')
    ] = None,
) -> None:
    """Import resumes (CSV, JSONL, PDF, DOCX, TXT) into an organization's talent pool."""
    from app.candidates.parsing.isolation import ParseLimits
    from app.candidates.service import Importer, read_paths
    from app.orgs.service import require_org

    mapping = json.loads(column_map) if column_map else None
    with runtime() as rt:
        with transaction(rt.sessions) as session:
            org_id = require_org(session, org or rt.settings.default_org_slug).id
        # Documents are read in the API's capped parse pool: both cores parse while this
        # process extracts and stores, and a file that would take all the memory or CPU
        # fails alone, as it does over HTTP.
        limits = ParseLimits(
            memory_mb=rt.settings.import_parse_memory_mb,
            cpu_seconds=rt.settings.import_parse_cpu_s,
        )
        items = read_paths(paths, mapping, isolate=limits)
        nearline = _nearline(rt)
        # The command is the edge: one unit of work, nearline work published after commit.
        with transaction(rt.sessions) as session:
            importer = Importer(
                session, rt.embedder, org_id, batch_size=rt.settings.import_batch_size
            )
            if as_json:
                summary = importer.run(items)
            else:
                with Progress(
                    TextColumn("importing"), BarColumn(), MofNCompleteColumn(), console=console
                ) as bar:
                    task = bar.add_task("import", total=None)
                    summary = importer.run(items, progress=lambda n: bar.advance(task, n))
            if summary.candidate_ids:
                ids = list(summary.candidate_ids)
                after_commit(session, lambda: nearline(org_id, ids))
    result = {
        "imported": summary.imported,
        "duplicates": summary.duplicates,
        "near_duplicates": len(summary.near_duplicates),
        "failed": [f.model_dump() for f in summary.failed],
        "embedding_calls": summary.embedding_calls,
        "hidden_text": [h.model_dump() for h in summary.hidden_text],
    }
    if as_json:
        emit(result)
        return
    console.print(
        f"imported {summary.imported}, duplicates {summary.duplicates}, "
        f"near-duplicates {len(summary.near_duplicates)}, failed {len(summary.failed)}, "
        f"texts embedded {summary.embedding_calls}"
    )
    for f in summary.failed[:50]:
        console.print(f"  [yellow]{f.file}[/yellow]: {f.error}")
    for h in summary.hidden_text[:50]:
        kinds = ", ".join(f"{kind} {n}" for kind, n in h.kinds.items())
        console.print(f"  [yellow]{h.file}[/yellow]: {h.chars} hidden characters dropped ({kinds})")


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    from app import (  # noqa: F401
        cli_bulk,
        cli_chat,
        cli_eval,
        cli_ops,
        cli_search,
        cli_up,
        cli_worker,
    )

    cli()


__all__ = ["Settings", "cli", "main"]
