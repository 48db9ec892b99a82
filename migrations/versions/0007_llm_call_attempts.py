"""llm_calls: HTTP attempts and local repairs of each call

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "llm_calls", sa.Column("attempts", sa.Integer(), nullable=False, server_default="1")
    )
    op.add_column(
        "llm_calls", sa.Column("repairs", sa.Integer(), nullable=False, server_default="0")
    )
    op.create_index("ix_llm_calls_project", "llm_calls", ["project_id"])


def downgrade() -> None:
    op.drop_index("ix_llm_calls_project", table_name="llm_calls")
    op.drop_column("llm_calls", "repairs")
    op.drop_column("llm_calls", "attempts")
