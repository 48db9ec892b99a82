"""`scout search` and `scout insights`."""

from __future__ import annotations

from typing import Annotated

import typer

from app.cli import cli, console, emit, runtime
from app.db import transaction
from app.orgs.service import require_org
from app.search.schemas import SearchFilters


@cli.command("search")
def search_cmd(
    query: Annotated[str, typer.Argument(help="Boolean query, plain words or a job description")],
    limit: Annotated[int, typer.Option(min=1, max=200)] = 10,
    org: Annotated[str | None, typer.Option(help="organization slug")] = None,
    location: Annotated[str | None, typer.Option()] = None,
    min_years: Annotated[float | None, typer.Option()] = None,
    max_years: Annotated[float | None, typer.Option()] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Search the talent pool (hybrid: full text + semantic)."""
    from app.search.service import search

    with runtime() as rt, transaction(rt.sessions) as session:
        org_id = require_org(session, org or rt.settings.default_org_slug).id
        response = search(
            session,
            rt.embedder,
            rt.settings,
            org_id,
            query,
            limit=limit,
            filters=SearchFilters(location=location, min_years=min_years, max_years=max_years),
        )
    if as_json:
        emit(
            {
                "mode": response.mode,
                "results": [
                    hit.model_dump(
                        mode="json",
                        include={
                            "candidate_id",
                            "name",
                            "source",
                            "score",
                            "matched_terms",
                            "snippets",
                        },
                    )
                    for hit in response.results
                ],
            }
        )
        return
    console.print(f"{len(response.results)} results ({response.mode} query)")
    for i, hit in enumerate(response.results, start=1):
        typer.echo(
            f"{i:>3}. {hit.score:.4f}  {hit.headline or '-'}  [{hit.location or '-'}]  "
            f"{hit.source}  matched: {', '.join(hit.matched_terms) or '-'}"
        )
        if hit.snippets:
            typer.echo(f"       {hit.snippets[0][:160]}")


@cli.command("insights")
def insights_cmd(
    title: Annotated[str | None, typer.Option()] = None,
    skill: Annotated[str | None, typer.Option()] = None,
    org: Annotated[str | None, typer.Option(help="organization slug")] = None,
) -> None:
    """Talent insights for a title or skill: the pool's make-up and O*NET's adjacent titles."""
    from app.insights.service import insights

    with runtime() as rt, transaction(rt.sessions) as session:
        org_id = require_org(session, org or rt.settings.default_org_slug).id
        result = insights(session, org_id, title=title, skill=skill)
    emit(result.model_dump(mode="json"))


@cli.command("reindex")
def reindex_cmd(
    org: Annotated[str | None, typer.Option(help="organization slug (default: every one)")] = None,
    full: Annotated[
        bool,
        typer.Option(
            "--full", help="embed every chunk again with the current SCOUT_EMBEDDING_BACKEND"
        ),
    ] = False,
) -> None:
    """Rebuild the blind search fields from the stored resumes, and embed every chunk that
    has no embedding (after migration 0012, or a lost embed task); with --full, every chunk
    (after switching the embedding backend: the vector leg reads only the current model's
    vectors, and a text already embedded with it is reused, not sent again)."""
    from sqlalchemy import text

    from app.candidates.reindex import forget_embeddings, rewrite_blind_fields
    from app.candidates.tasks import embed_candidates

    with runtime() as rt:
        with rt.engine.begin() as conn:
            rows = rewrite_blind_fields(conn)
        with transaction(rt.sessions) as session:
            if org:
                org_ids = [require_org(session, org).id]
            else:
                org_ids = list(session.execute(text("SELECT id FROM organizations")).scalars())
        if full:
            with transaction(rt.sessions) as session:
                for o in org_ids:
                    forget_embeddings(session, o)
        chunks = sum(embed_candidates(rt.sessions, rt.embedder, o, None) for o in org_ids)
    console.print(f"reindexed {rows} candidates; embedded {chunks} chunks")
