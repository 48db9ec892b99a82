"""candidates: search_tsv and brief_tsv kept by a trigger instead of generated columns

A generated column is computed for every row written, always. A bulk load writes each
resume under ten synthetic identities whose blind texts are identical, so Postgres parsed
and stemmed the same resume ten times: ~1.5 ms a row, most of its share of a load. A
trigger computes the same two expressions on every INSERT and on every UPDATE of the
columns they read, so the API, the importer and `scout reindex` see no difference; the one
exception is a row written under `session_replication_role = replica` (a superuser's
setting: the bulk loader's, as a replication apply worker's) that already carries both
vectors, which are kept as given. The loader copies those from the resume's first row.

In place: DROP EXPRESSION only changes the catalog, so every stored vector, the GIN
indexes on them and every search result stay as they were. The trigger is ENABLE ALWAYS:
the replica role skips ordinary triggers, and these vectors must never go missing.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The expressions of 0012 (`app.models.candidate`), read from NEW.
_SEARCH = (
    "setweight(to_tsvector('english'::regconfig, coalesce({p}titles_text, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, coalesce({p}skills_text, '')), 'B') || "
    "setweight(to_tsvector('english'::regconfig, coalesce({p}companies_text, '')), 'C') || "
    "setweight(to_tsvector('english'::regconfig, coalesce({p}search_text, '')), 'D')"
)
_BRIEF = (
    "setweight(to_tsvector('english'::regconfig, coalesce({p}titles_text, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, coalesce({p}skills_text, '')), 'B') || "
    "setweight(to_tsvector('english'::regconfig, left(coalesce({p}search_text, ''), 600)),"
    " 'C')"
)
_FUNCTION = f"""
CREATE FUNCTION candidates_tsv() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' AND NEW.search_tsv IS NOT NULL AND NEW.brief_tsv IS NOT NULL
       AND current_setting('session_replication_role') = 'replica' THEN
        RETURN NEW;
    END IF;
    NEW.search_tsv := {_SEARCH.format(p="NEW.")};
    NEW.brief_tsv := {_BRIEF.format(p="NEW.")};
    RETURN NEW;
END
$$
"""
_TRIGGER = (
    "CREATE TRIGGER candidates_tsv BEFORE INSERT OR UPDATE OF titles_text, skills_text,"
    " companies_text, search_text, search_tsv, brief_tsv ON candidates"
    " FOR EACH ROW EXECUTE FUNCTION candidates_tsv()"
)


def upgrade() -> None:
    op.execute("ALTER TABLE candidates ALTER COLUMN search_tsv DROP EXPRESSION")
    op.execute("ALTER TABLE candidates ALTER COLUMN brief_tsv DROP EXPRESSION")
    op.execute(_FUNCTION)
    op.execute(_TRIGGER)
    op.execute("ALTER TABLE candidates ENABLE ALWAYS TRIGGER candidates_tsv")


def _generated(column: str, index: str, expression: str) -> None:
    op.drop_index(index, table_name="candidates")
    op.drop_column("candidates", column)
    op.add_column(
        "candidates",
        sa.Column(
            column,
            postgresql.TSVECTOR(),
            sa.Computed(expression, persisted=True),
            nullable=False,
        ),
    )
    op.create_index(index, "candidates", [column], postgresql_using="gin")


def downgrade() -> None:
    op.execute("DROP TRIGGER candidates_tsv ON candidates")
    op.execute("DROP FUNCTION candidates_tsv()")
    # PostgreSQL 16 cannot turn a column back into a generated one: rebuild both.
    _generated("search_tsv", "ix_candidates_search_tsv", _SEARCH.format(p=""))
    _generated("brief_tsv", "ix_candidates_brief_tsv", _BRIEF.format(p=""))
