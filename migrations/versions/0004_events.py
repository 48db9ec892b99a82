"""events: the durable, per-recruiter log behind GET /v1/events

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 10:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "events",
        # CACHE 1: ids must be handed out in time order across connections (SSE resumption).
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False, cache=1), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("recruiter_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("data", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organizations.id"],
            name=op.f("fk_events_org_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recruiter_id"],
            ["recruiters.id"],
            name=op.f("fk_events_recruiter_id_recruiters"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    op.create_index("ix_events_recruiter_id_id", "events", ["recruiter_id", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_events_recruiter_id_id", table_name="events")
    op.drop_table("events")
