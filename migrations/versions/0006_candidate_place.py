"""candidates: normalized place (city, region, country code) and where the years came from

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("candidates", sa.Column("city", sa.String(200), nullable=True))
    op.add_column("candidates", sa.Column("region", sa.String(200), nullable=True))
    op.add_column("candidates", sa.Column("country_code", sa.String(2), nullable=True))
    op.add_column("candidates", sa.Column("years_source", sa.String(20), nullable=True))
    op.create_index("ix_candidates_org_country", "candidates", ["org_id", "country_code"])


def downgrade() -> None:
    op.drop_index("ix_candidates_org_country", table_name="candidates")
    op.drop_column("candidates", "years_source")
    op.drop_column("candidates", "country_code")
    op.drop_column("candidates", "region")
    op.drop_column("candidates", "city")
