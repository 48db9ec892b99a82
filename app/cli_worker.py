"""`scout worker` and `scout scheduler`: any number of each, on any machine, against shared
Postgres and Redis (or the embedded ones of this data dir)."""

from __future__ import annotations

from typing import Annotated

import typer

from app.cli import cli, console, runtime


@cli.command("worker")
def worker(
    concurrency: Annotated[int, typer.Option(help="threads in this worker")] = 4,
    queues: Annotated[str, typer.Option(help="queues to consume")] = "long,short",
    visibility_timeout: Annotated[
        int, typer.Option(help="seconds before an unacknowledged task is redelivered")
    ] = 600,
) -> None:
    """Process mailboxes, sourcing runs and nearline updates from the queue."""
    from app.bootstrap import build_processor
    from app.candidates.retention import prune_imports
    from app.candidates.tasks import embed_candidates
    from app.dispatch import CeleryDispatcher
    from app.events.tasks import prune_expired
    from app.worker.celery_app import make_celery
    from app.worker.heartbeat import Heartbeat
    from app.worker.tasks import register

    with runtime() as rt:
        celery = make_celery(rt.stack.redis_url, visibility_timeout_s=visibility_timeout)
        processor = build_processor(rt)
        dispatcher = CeleryDispatcher(celery)
        retention_days = rt.settings.events_retention_days
        register(
            celery,
            processor,
            dispatcher,
            prune_events=lambda: prune_expired(rt.sessions, retention_days),
            embed_candidates=lambda org, ids: embed_candidates(rt.sessions, rt.embedder, org, ids),
            prune_imports=lambda: prune_imports(
                rt.sessions,
                retention_days=rt.settings.import_runs_retention_days,
                stale_after_hours=rt.settings.import_stale_after_hours,
            ),
        )
        # Finish what a killed worker left half-way before taking new work.
        processor.recover()
        console.print(f"worker: queues {queues}, {concurrency} threads")
        # Readiness counts live heartbeats: one per worker process, renewed while it lives.
        beat = Heartbeat(rt.redis, "worker").start()
        try:
            # Threads, not forked processes: the runtime's connections are not fork-safe.
            celery.worker_main(
                [
                    "worker",
                    "--pool",
                    "threads",
                    "--concurrency",
                    str(concurrency),
                    "--queues",
                    queues,
                    "--loglevel",
                    "WARNING",
                    "--without-gossip",
                    "--without-mingle",
                    "--hostname",
                    f"scout-{queues.replace(',', '-')}@%h",
                ]
            )
        finally:
            beat.stop()
            processor.close()


@cli.command("scheduler")
def scheduler() -> None:
    """Periodic work: the reconciler and due "source while you sleep" runs."""
    from app.worker.celery_app import make_celery
    from app.worker.heartbeat import Heartbeat

    with runtime() as rt:
        celery = make_celery(rt.stack.redis_url)
        schedule = rt.settings.data_dir / "celerybeat-schedule"
        beat = Heartbeat(rt.redis, "scheduler").start()
        try:
            celery.Beat(schedule=str(schedule), loglevel="WARNING").run()
        finally:
            beat.stop()
