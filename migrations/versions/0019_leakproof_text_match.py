"""Full-text match usable through the GIN indexes under row-level security

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03

Every API request runs as `scout_app`, whose policy adds `org_id = app.org_id` to each
org-scoped table (0011). PostgreSQL evaluates a policy's condition before any of the
query's own conditions that are not LEAKPROOF, and only LEAKPROOF conditions may become
index conditions. `tsvector @@ tsquery` (`ts_match_vq`) is not marked so, so under the
policy every full-text search became a sequential scan that detoasts every resume's
tsvector: 7.8 s for a natural-language search at 100k profiles instead of 0.1 s
(`python -m benchmarks.bench_search_stages`).

`ts_match_vq` only compares its two arguments and raises no error that depends on a row's
data, so marking it LEAKPROOF lets nothing about another organization's rows through; each
search statement also carries `org_id = :org_id` itself. Changing a catalog function needs a
superuser: the embedded server's role is one. On a server where the migrating role is not,
this step is skipped with a notice and the operator can run the same ALTER as superuser.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SET = """
DO $$
BEGIN
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        ALTER FUNCTION pg_catalog.ts_match_vq(tsvector, tsquery) {mark};
    ELSE
        RAISE NOTICE 'not a superuser: run "ALTER FUNCTION pg_catalog.ts_match_vq(tsvector, '
            'tsquery) {mark}" as one, or full-text search scans every row under row-level '
            'security';
    END IF;
END $$
"""


def upgrade() -> None:
    op.execute(_SET.format(mark="LEAKPROOF"))


def downgrade() -> None:
    op.execute(_SET.format(mark="NOT LEAKPROOF"))
