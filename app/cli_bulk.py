"""`scout synth-load`: a synthetic pool of any size, bulk-loaded with COPY (scale work)."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Annotated

import typer

from app.cli import cli, console, fail, runtime
from app.db import transaction


@cli.command("synth-load")
def synth_load(
    count: Annotated[int, typer.Option(help="pool size to reach (profiles of this seed)")] = 10_000,
    org: Annotated[
        str | None, typer.Option(help="organization slug (default: the default org)")
    ] = None,
    seed: Annotated[int, typer.Option(help="random seed (same seed, same pool)")] = 42,
    workers: Annotated[int, typer.Option(help="processes that parse and prepare profiles")] = 2,
    writers: Annotated[
        int, typer.Option(help="connections that COPY batches at once (threads)")
    ] = 2,
    variants: Annotated[
        int,
        typer.Option(
            help="store each parsed resume this many times under other synthetic identities "
            "(blind, so they index alike; see bulk_rows.identity_variant)"
        ),
    ] = 1,
    vocab_cache: Annotated[
        Path | None, typer.Option(help="keep the title/skill vectors here between loads")
    ] = None,
) -> None:
    """Generate and COPY-load synthetic profiles exactly as an import stores them (vectors
    composed from model vectors of their titles and skills; see app/synth/vectors.py)."""
    from app.orgs.service import ensure_org
    from app.synth.bulk_load import BulkLoader

    logging.getLogger("app.synth.bulk_load").setLevel(logging.INFO)
    if count < 1:
        fail("--count must be at least 1", 2)
    with runtime() as rt:
        with transaction(rt.sessions) as session:
            org_id = ensure_org(session, org or rt.settings.default_org_slug).id
        loader = BulkLoader(
            rt,
            org_id,
            seed=seed,
            workers=workers,
            writers=writers,
            variants=variants,
            vocab_cache=vocab_cache,
        )
        report = loader.load(count)
    console.print(f"loaded {report.profiles_loaded} profiles in {report.load_seconds}s")
    typer.echo(json.dumps(report.as_dict(), indent=2))
