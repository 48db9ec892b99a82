"""ops hardening: token expiry, the audit log, row-level security by organization

Revision ID: 0011
Revises: 0008
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0011"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The role org-scoped transactions run as (app.db.APP_ROLE): not the owner, not a
# superuser, so the policies below bind it. Roles are cluster-wide: created if missing, and
# left in place on downgrade (another database of the cluster may still use it).
APP_ROLE = "scout_app"
# Every table with an org_id. A table added later with an org_id needs its own policy:
# tests/test_rls.py fails until it has one.
ORG_TABLES = (
    "recruiters",
    "assistants",
    "approvals",
    "audit_log",
    "candidates",
    "candidate_documents",
    "candidate_sections",
    "candidate_chunks",
    "embeddings",
    "evaluations",
    "project_candidates",
    "events",
    "import_runs",
    "llm_calls",
    "mailbox_messages",
    "projects",
    "qualification_sets",
    "sourcing_runs",
    # Tables of the screening, memory/learning, idempotency and pipeline/scheduling
    # migrations, which run before this one.
    "question_kits",
    "screens",
    "memory_items",
    "signals",
    "idempotency_keys",
    "availabilities",
    "candidate_notes",
    "invite_outbox",
    "screen_bookings",
    "stage_changes",
    "outreach_styles",
    "outreach_projects",
    "outreach_threads",
    "outreach_messages",
    "inbound_emails",
    "faq_entries",
    "suppressions",
)
_ORG = "NULLIF(current_setting('app.org_id', true), '')::uuid"


def upgrade() -> None:
    op.add_column("api_tokens", sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "audit_log",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("recruiter_id", sa.Uuid(), nullable=True),
        sa.Column("actor", sa.String(length=320), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("detail", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organizations.id"],
            name=op.f("fk_audit_log_org_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recruiter_id"],
            ["recruiters.id"],
            name=op.f("fk_audit_log_recruiter_id_recruiters"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index("ix_audit_log_org_id_id", "audit_log", ["org_id", "id"])
    _enable_rls()


def _enable_rls() -> None:
    op.execute(
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{APP_ROLE}') "
        f"THEN CREATE ROLE {APP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS; END IF; END $$"
    )
    # The connecting (owning) role switches to it per transaction with SET LOCAL ROLE.
    op.execute(f"GRANT {APP_ROLE} TO CURRENT_USER")
    op.execute(f"GRANT USAGE ON SCHEMA public TO {APP_ROLE}")
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {APP_ROLE}")
    op.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {APP_ROLE}")
    # Tables later migrations create get the same grants (their policies are theirs to add).
    op.execute(
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {APP_ROLE}"
    )
    op.execute(
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {APP_ROLE}"
    )
    for table in ORG_TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY org_isolation ON {table} TO {APP_ROLE} "
            f"USING (org_id = {_ORG}) WITH CHECK (org_id = {_ORG})"
        )
    # Tokens have no org_id: they are visible through their recruiter, itself confined.
    op.execute("ALTER TABLE api_tokens ENABLE ROW LEVEL SECURITY")
    op.execute(
        f"CREATE POLICY org_isolation ON api_tokens TO {APP_ROLE} "
        "USING (EXISTS (SELECT 1 FROM recruiters r WHERE r.id = recruiter_id)) "
        "WITH CHECK (EXISTS (SELECT 1 FROM recruiters r WHERE r.id = recruiter_id))"
    )


def _disable_rls() -> None:
    for table in (*ORG_TABLES, "api_tokens"):
        op.execute(f"DROP POLICY IF EXISTS org_isolation ON {table}")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    op.execute(
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public "
        f"REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM {APP_ROLE}"
    )
    op.execute(
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public "
        f"REVOKE USAGE, SELECT ON SEQUENCES FROM {APP_ROLE}"
    )
    op.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {APP_ROLE}")
    op.execute(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {APP_ROLE}")
    op.execute(f"REVOKE USAGE ON SCHEMA public FROM {APP_ROLE}")


def downgrade() -> None:
    _disable_rls()
    op.drop_index("ix_audit_log_org_id_id", table_name="audit_log")
    op.drop_table("audit_log")
    op.drop_column("api_tokens", "expires_at")
