"""screening: question kits, screens (transcripts and what they change), take-over flag

Revision ID: 0013
Revises: 0007
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0013"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _common() -> list[sa.Column[object]]:
    return [
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("candidate_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
    ]


def _fks(table: str) -> list[sa.ForeignKeyConstraint]:
    return [
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f(f"fk_{table}_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organizations.id"],
            name=op.f(f"fk_{table}_org_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f(f"fk_{table}_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
    ]


def upgrade() -> None:
    op.create_table(
        "question_kits",
        *_common(),
        sa.Column("qualification_set_id", sa.Uuid(), nullable=True),
        sa.Column("questions", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("refused", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("engine", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("edited_by", sa.Uuid(), nullable=True),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        *_fks("question_kits"),
        sa.ForeignKeyConstraint(
            ["qualification_set_id"],
            ["qualification_sets.id"],
            name=op.f("fk_question_kits_qualification_set_id_qualification_sets"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["edited_by"],
            ["recruiters.id"],
            name=op.f("fk_question_kits_edited_by_recruiters"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_question_kits")),
        sa.UniqueConstraint("project_id", "candidate_id", name=op.f("uq_question_kits_project_id")),
    )
    op.create_table(
        "screens",
        *_common(),
        sa.Column("uploaded_by", sa.Uuid(), nullable=True),
        sa.Column("filename", sa.String(length=300), nullable=False),
        sa.Column("format", sa.String(length=16), nullable=False),
        sa.Column("turns", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("candidate_speaker", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("summary", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("changes", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("engine", sa.String(length=16), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=True),
        *_fks("screens"),
        sa.ForeignKeyConstraint(
            ["uploaded_by"],
            ["recruiters.id"],
            name=op.f("fk_screens_uploaded_by_recruiters"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screens")),
    )
    op.create_index(
        "ix_screens_project_candidate", "screens", ["project_id", "candidate_id"], unique=False
    )
    op.add_column(
        "project_candidates", sa.Column("paused_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column("project_candidates", sa.Column("paused_by", sa.Uuid(), nullable=True))
    op.create_foreign_key(
        op.f("fk_project_candidates_paused_by_recruiters"),
        "project_candidates",
        "recruiters",
        ["paused_by"],
        ["id"],
        ondelete="SET NULL",
    )


def downgrade() -> None:
    op.drop_constraint(
        op.f("fk_project_candidates_paused_by_recruiters"), "project_candidates", type_="foreignkey"
    )
    op.drop_column("project_candidates", "paused_by")
    op.drop_column("project_candidates", "paused_at")
    op.drop_index("ix_screens_project_candidate", table_name="screens")
    op.drop_table("screens")
    op.drop_table("question_kits")
