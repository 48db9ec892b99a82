"""approvals.applied_at: when the waiting thread took the decision in

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("approvals", sa.Column("applied_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index(
        "ix_approvals_unapplied",
        "approvals",
        ["recruiter_id"],
        postgresql_where=sa.text("status <> 'pending' AND applied_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_approvals_unapplied", table_name="approvals")
    op.drop_column("approvals", "applied_at")
