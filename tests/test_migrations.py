"""Migrations from an empty database, down to nothing, and up again — on real Postgres."""

from __future__ import annotations

import uuid

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from app import migrate
from app.runtime import Runtime

TABLES = {
    "organizations",
    "recruiters",
    "api_tokens",
    "candidates",
    "candidate_documents",
    "candidate_sections",
    "candidate_chunks",
    "embeddings",
    "import_runs",
    "projects",
    "qualification_sets",
    "assistants",
    "mailbox_messages",
    "approvals",
    "evaluations",
    "project_candidates",
    "llm_calls",
    "sourcing_runs",
    "events",
    "question_kits",
    "screens",
    "memory_items",
    "signals",
    "idempotency_keys",
    "stage_changes",
    "candidate_notes",
    "availabilities",
    "screen_bookings",
    "invite_outbox",
    "notice_dismissals",
    "outreach_styles",
    "outreach_projects",
    "outreach_threads",
    "outreach_messages",
    "inbound_emails",
    "faq_entries",
    "suppressions",
}


def migrate_head() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(migrate.alembic_config("postgresql://")).get_current_head()
    assert head is not None
    return head


def _fresh_database(rt: Runtime) -> str:
    name = "mig_" + uuid.uuid4().hex[:10]
    admin = create_engine(rt.stack.database_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(rt.stack.database_url).set(database=name).render_as_string(hide_password=False)


def test_upgrade_downgrade_upgrade(rt: Runtime) -> None:
    url = _fresh_database(rt)
    engine = create_engine(url)
    try:
        migrate.upgrade(url)
        assert migrate.current(url) == migrate_head()
        insp = inspect(engine)
        assert set(insp.get_table_names()) >= TABLES
        index_names = {i["name"] for i in insp.get_indexes("embeddings")}
        assert "ix_embeddings_vector_hnsw" in index_names
        with engine.connect() as conn:
            method = conn.execute(
                text(
                    "SELECT am.amname FROM pg_class c JOIN pg_am am ON am.oid = c.relam "
                    "WHERE c.relname = 'ix_embeddings_vector_hnsw'"
                )
            ).scalar_one()
            assert method == "hnsw"
            generated = conn.execute(
                text(
                    "SELECT is_generated FROM information_schema.columns "
                    "WHERE table_name = 'candidates' AND column_name = 'search_tsv'"
                )
            ).scalar_one()
            assert generated == "ALWAYS"
        engine.dispose()

        migrate.downgrade(url, "base")
        assert migrate.current(url) is None
        assert not (TABLES & set(inspect(engine).get_table_names()))
        with engine.connect() as conn:
            ext = conn.execute(
                text("SELECT count(*) FROM pg_extension WHERE extname = 'vector'")
            ).scalar_one()
        assert ext == 0
        engine.dispose()

        migrate.upgrade(url)
        assert set(inspect(engine).get_table_names()) >= TABLES
    finally:
        engine.dispose()
