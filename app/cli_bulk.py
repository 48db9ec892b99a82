"""`scout synth-load`: a synthetic pool of any size, bulk-loaded with COPY (scale work)."""

from __future__ import annotations

import json
import logging
import time
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


@cli.command("synth-vocab")
def synth_vocab(
    vocab_cache: Annotated[Path, typer.Option(help="the .npz file `synth-load` reads")],
) -> None:
    """Embed every title and skill the generator can emit, once, into --vocab-cache: a
    `synth-load` with the same file then embeds nothing (the model is most of a small
    load's CPU; a 1M load meets ~20k phrases)."""
    from app.synth.generator import phrases
    from app.synth.vectors import VocabularyVectors, base_title

    with runtime() as rt:
        vocab = VocabularyVectors(rt.embedder, vocab_cache)
        had = len(vocab.vectors)
        titles, skills = phrases()
        started, cpu = time.perf_counter(), time.process_time()
        vocab.ensure([*(base_title(t) for t in titles), *skills])
        seconds, cpu_s = time.perf_counter() - started, time.process_time() - cpu
        vocab.save()
    report = {
        "phrases": len(vocab.vectors),
        "already_cached": had,
        "embedded": vocab.embedded,
        "seconds": round(seconds, 1),
        "cpu_seconds": round(cpu_s, 1),
    }
    typer.echo(json.dumps(report, indent=2))
