"""candidates: blind search fields; search_tsv from the redacted text; compact brief_tsv

The full-text and vector indexes stop reading names, contact and personal lines: each row
gets `search_text` (its redacted resume, `app.candidates.blind_text`), `search_tsv` is
rebuilt from it, and a compact weighted `brief_tsv` (titles A, skills B, opening C) is added
for ranking. Existing rows are rewritten here (no model needed); their chunks were embedded
from raw text, so they are detached and their embeddings deleted: run `scout reindex` (or let
the worker's embed task run) to embed them again from the blind text.

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0012"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FIELDS = (
    "setweight(to_tsvector('english'::regconfig, coalesce(titles_text, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, coalesce(skills_text, '')), 'B') || "
    "setweight(to_tsvector('english'::regconfig, coalesce(companies_text, '')), 'C') || "
)
_SEARCH_TSV = (
    _FIELDS + "setweight(to_tsvector('english'::regconfig, coalesce(search_text, '')), 'D')"
)
_RAW_TSV = _FIELDS + "setweight(to_tsvector('english'::regconfig, coalesce(raw_text, '')), 'D')"
_BRIEF_TSV = (
    "setweight(to_tsvector('english'::regconfig, coalesce(titles_text, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, coalesce(skills_text, '')), 'B') || "
    "setweight(to_tsvector('english'::regconfig, left(coalesce(search_text, ''), 600)), 'C')"
)


def _search_tsv(expression: str) -> None:
    op.drop_index("ix_candidates_search_tsv", table_name="candidates")
    op.drop_column("candidates", "search_tsv")
    op.add_column(
        "candidates",
        sa.Column(
            "search_tsv",
            postgresql.TSVECTOR(),
            sa.Computed(expression, persisted=True),
            nullable=False,
        ),
    )
    op.create_index(
        "ix_candidates_search_tsv", "candidates", ["search_tsv"], postgresql_using="gin"
    )


def upgrade() -> None:
    from app.candidates.reindex import rewrite_blind_fields

    op.add_column(
        "candidates", sa.Column("search_text", sa.Text(), nullable=False, server_default="")
    )
    rewrite_blind_fields(op.get_bind())
    _search_tsv(_SEARCH_TSV)
    op.add_column(
        "candidates",
        sa.Column(
            "brief_tsv",
            postgresql.TSVECTOR(),
            sa.Computed(_BRIEF_TSV, persisted=True),
            nullable=False,
        ),
    )
    op.create_index("ix_candidates_brief_tsv", "candidates", ["brief_tsv"], postgresql_using="gin")
    # Embedded from raw text (names and all): detach and delete; `scout reindex` re-embeds.
    op.execute("UPDATE candidate_chunks SET embedding_id = NULL")
    op.execute("DELETE FROM embeddings")


def downgrade() -> None:
    op.drop_index("ix_candidates_brief_tsv", table_name="candidates")
    op.drop_column("candidates", "brief_tsv")
    _search_tsv(_RAW_TSV)
    op.drop_column("candidates", "search_text")
