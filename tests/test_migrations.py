"""Migrations from an empty database, down to nothing, and up again — on real Postgres."""

from __future__ import annotations

import uuid

from sqlalchemy import Connection, create_engine, inspect, text
from sqlalchemy.engine import make_url

from app import migrate
from app.models.candidate import BRIEF_TSV_SQL, SEARCH_TSV_SQL
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
            generated: dict[str, str] = dict(
                conn.execute(
                    text(
                        "SELECT column_name, is_generated FROM information_schema.columns "
                        "WHERE table_name = 'candidates' AND column_name LIKE '%\\_tsv'"
                    )
                ).all()
            )
            # search_tsv and brief_tsv: the trigger of 0020 keeps them; location_tsv: generated
            assert generated == {
                "search_tsv": "NEVER",
                "brief_tsv": "NEVER",
                "location_tsv": "ALWAYS",
            }
            trigger = conn.execute(
                text(
                    "SELECT tgenabled FROM pg_trigger WHERE tgname = 'candidates_tsv'"
                    " AND tgrelid = 'candidates'::regclass"
                )
            ).scalar_one()
            assert trigger == "A"  # ALWAYS: it runs under session_replication_role = replica
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


_TSV_MATCH = (
    f"count(*) FILTER (WHERE search_tsv = {SEARCH_TSV_SQL} AND brief_tsv = {BRIEF_TSV_SQL})"
)


def _insert_candidate(conn: Connection, org: uuid.UUID, n: int, extra: str = "") -> None:
    conn.execute(
        text(
            "INSERT INTO candidates (id, org_id, source, content_hash, simhash, emails, phones,"
            " urls, skills, onet_codes, profile, raw_text, search_text, titles_text,"
            f" skills_text, companies_text, created_at, updated_at{extra and ', ' + extra})"
            " VALUES (gen_random_uuid(), :org, 'm.txt', :h, 0, '{}', '{}', '{}', '{}', '{}',"
            " '{}', 'raw', 'Led the payments platform team in Go', 'Staff Engineer',"
            f" 'Go, Kafka', 'Acme', now(), now(){extra and ', :a, :b'})"
        ),
        {"org": org, "h": f"h{n}", "a": "'bogus':1", "b": "'bogus':1"},
    )


def test_0020_keeps_stored_vectors_and_recomputes_on_write(rt: Runtime) -> None:
    """In place from 0019: the stored tsvectors (and so search) stay as they were; after it
    every write recomputes them, except a replica-role insert that brings both."""
    url = _fresh_database(rt)
    engine = create_engine(url)
    org = uuid.uuid4()
    try:
        migrate.upgrade(url, "0019")
        with engine.begin() as conn:
            conn.execute(
                text("INSERT INTO organizations (id, slug, name) VALUES (:o, 'm', 'M')"),
                {"o": org},
            )
            _insert_candidate(conn, org, 1)
            before = conn.execute(
                text("SELECT search_tsv::text, brief_tsv::text FROM candidates")
            ).one()
        migrate.upgrade(url)
        with engine.begin() as conn:
            after = conn.execute(
                text("SELECT search_tsv::text, brief_tsv::text FROM candidates")
            ).one()
            assert after == before and "'payment':" in after[0] and "'kafka':" in after[1]
            # An ordinary insert bringing its own vectors gets them recomputed.
            _insert_candidate(conn, org, 2, "search_tsv, brief_tsv")
            conn.execute(text("UPDATE candidates SET search_text = 'Built Rust compilers'"))
            rows, matching = conn.execute(
                text(f"SELECT count(*), {_TSV_MATCH} FROM candidates")
            ).one()
            assert rows == matching == 2
            rust = conn.execute(
                text("SELECT count(*) FROM candidates WHERE search_tsv @@ 'rust'::tsquery")
            ).scalar_one()
            assert rust == 2
            # As the bulk loader writes a resume's variant: the vectors it brings are kept.
            conn.execute(text("SET LOCAL session_replication_role = replica"))
            _insert_candidate(conn, org, 3, "search_tsv, brief_tsv")
            _insert_candidate(conn, org, 4)  # none brought: computed
            kept = conn.execute(
                text("SELECT content_hash FROM candidates WHERE search_tsv = 'bogus:1'::tsvector")
            ).scalars()
            assert list(kept) == ["h3"]
            computed = conn.execute(
                text(f"SELECT {_TSV_MATCH} FROM candidates WHERE content_hash = 'h4'")
            ).scalar_one()
            assert computed == 1
            conn.execute(text("DELETE FROM candidates WHERE content_hash = 'h3'"))
        migrate.downgrade(url, "0019")
        with engine.connect() as conn:
            rows, matching = conn.execute(
                text(f"SELECT count(*), {_TSV_MATCH} FROM candidates")
            ).one()
            generated = conn.execute(
                text(
                    "SELECT count(*) FROM information_schema.columns WHERE table_name ="
                    " 'candidates' AND column_name IN ('search_tsv', 'brief_tsv')"
                    " AND is_generated = 'ALWAYS'"
                )
            ).scalar_one()
        assert rows == matching == 3 and generated == 2
    finally:
        engine.dispose()
