"""outreach: styles, project settings, threads, messages, inbound replies, FAQ, suppressions

Revision ID: 0008
Revises: 0009
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0008"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _created() -> sa.Column[sa.DateTime]:
    return sa.Column(
        "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
    )


def _org() -> sa.Column[sa.Uuid]:
    return sa.Column(
        "org_id", sa.Uuid(), sa.ForeignKey("organizations.id", ondelete="CASCADE"), nullable=False
    )


def _fk(name: str, table: str, *, nullable: bool = False, ondelete: str = "CASCADE") -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(
        name, sa.Uuid(), sa.ForeignKey(f"{table}.id", ondelete=ondelete), nullable=nullable
    )


def upgrade() -> None:
    op.create_table(
        "outreach_styles",
        sa.Column(
            "recruiter_id",
            sa.Uuid(),
            sa.ForeignKey("recruiters.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        _org(),
        sa.Column("tone", sa.String(16), nullable=False),
        sa.Column("length", sa.String(16), nullable=False),
        sa.Column("signature", sa.Text(), nullable=False),
        sa.Column("daily_cap", sa.Integer(), nullable=False),
        _created(),
    )
    op.create_table(
        "outreach_projects",
        sa.Column(
            "project_id",
            sa.Uuid(),
            sa.ForeignKey("projects.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        _org(),
        sa.Column("auto_answer", sa.Boolean(), nullable=False),
        sa.Column("followup_days", sa.Integer(), nullable=False),
        sa.Column("max_followups", sa.Integer(), nullable=False),
        _created(),
    )
    op.create_table(
        "faq_entries",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _org(),
        _fk("project_id", "projects"),
        sa.Column("topic", sa.String(16), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        _created(),
    )
    op.create_index("ix_faq_entries_project_id", "faq_entries", ["project_id"])
    op.create_table(
        "outreach_threads",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _org(),
        _fk("recruiter_id", "recruiters"),
        _fk("project_id", "projects"),
        _fk("candidate_id", "candidates"),
        sa.Column("email", sa.String(320), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("stop_reason", sa.Text(), nullable=True),
        _created(),
        sa.UniqueConstraint("project_id", "candidate_id"),
    )
    op.create_table(
        "outreach_messages",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _org(),
        _fk("recruiter_id", "recruiters"),
        _fk("project_id", "projects"),
        _fk("thread_id", "outreach_threads"),
        _fk("approval_id", "approvals", nullable=True, ondelete="SET NULL"),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("evidence", postgresql.JSONB(), nullable=False),
        sa.Column("engine", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("send_key", sa.String(200), nullable=False, unique=True),
        sa.Column("header_message_id", sa.String(300), nullable=False, unique=True),
        sa.Column("in_reply_to", sa.String(300), nullable=True),
        sa.Column("references", sa.Text(), nullable=True),
        _fk("faq_id", "faq_entries", nullable=True, ondelete="SET NULL"),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        _created(),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
    )
    op.create_index("ix_outreach_messages_thread", "outreach_messages", ["thread_id", "created_at"])
    op.create_index(
        "ix_outreach_messages_due",
        "outreach_messages",
        ["due_at"],
        postgresql_where=sa.text("status IN ('approved', 'failed')"),
    )
    op.create_index("ix_outreach_messages_approval", "outreach_messages", ["approval_id"])
    op.create_table(
        "inbound_emails",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _org(),
        _fk("thread_id", "outreach_threads", nullable=True),
        sa.Column("header_message_id", sa.String(300), nullable=False),
        sa.Column("from_address", sa.String(320), nullable=False),
        sa.Column("subject", sa.String(500), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("classification", sa.String(24), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("engine", sa.String(16), nullable=True),
        sa.Column("handling", sa.String(16), nullable=False),
        sa.Column("suggested_answer", sa.Text(), nullable=True),
        _fk("faq_id", "faq_entries", nullable=True, ondelete="SET NULL"),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=True),
        _created(),
        sa.UniqueConstraint("org_id", "header_message_id"),
    )
    op.create_index("ix_inbound_emails_thread_id", "inbound_emails", ["thread_id"])
    op.create_table(
        "suppressions",
        sa.Column(
            "org_id",
            sa.Uuid(),
            sa.ForeignKey("organizations.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("email", sa.String(320), primary_key=True),
        sa.Column("reason", sa.String(32), nullable=False),
        _created(),
    )


def downgrade() -> None:
    op.drop_table("suppressions")
    op.drop_index("ix_inbound_emails_thread_id", table_name="inbound_emails")
    op.drop_table("inbound_emails")
    op.drop_index("ix_outreach_messages_approval", table_name="outreach_messages")
    op.drop_index("ix_outreach_messages_due", table_name="outreach_messages")
    op.drop_index("ix_outreach_messages_thread", table_name="outreach_messages")
    op.drop_table("outreach_messages")
    op.drop_table("outreach_threads")
    op.drop_index("ix_faq_entries_project_id", table_name="faq_entries")
    op.drop_table("faq_entries")
    op.drop_table("outreach_projects")
    op.drop_table("outreach_styles")
