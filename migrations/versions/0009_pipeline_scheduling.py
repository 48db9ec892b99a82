"""pipeline history and notes; screen scheduling: availability, bookings, invite outbox

Revision ID: 0009
Revises: 0012
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0009"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NOW = sa.text("now()")


def _fk(column: str, table: str, ondelete: str = "CASCADE") -> sa.Column:  # type: ignore[type-arg]
    nullable = ondelete == "SET NULL"
    return sa.Column(
        column, sa.Uuid(), sa.ForeignKey(f"{table}.id", ondelete=ondelete), nullable=nullable
    )


def upgrade() -> None:
    op.create_table(
        "stage_changes",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _fk("org_id", "organizations"),
        _fk("project_id", "projects"),
        _fk("candidate_id", "candidates"),
        sa.Column("from_stage", sa.String(16), nullable=True),
        sa.Column("to_stage", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("actor", sa.String(16), nullable=False),
        _fk("recruiter_id", "recruiters", "SET NULL"),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=_NOW, nullable=False),
    )
    op.create_index(
        "ix_stage_changes_project_candidate",
        "stage_changes",
        ["project_id", "candidate_id", "created_at"],
    )
    op.create_table(
        "candidate_notes",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _fk("org_id", "organizations"),
        _fk("project_id", "projects"),
        _fk("candidate_id", "candidates"),
        _fk("recruiter_id", "recruiters"),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=_NOW, nullable=False),
    )
    op.create_index(
        "ix_candidate_notes_project_candidate",
        "candidate_notes",
        ["project_id", "candidate_id", "created_at"],
    )
    op.create_table(
        "availabilities",
        sa.Column(
            "recruiter_id",
            sa.Uuid(),
            sa.ForeignKey("recruiters.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        _fk("org_id", "organizations"),
        sa.Column("time_zone", sa.String(64), nullable=False),
        sa.Column("hours", postgresql.JSONB(), nullable=False),
        sa.Column("slot_minutes", sa.Integer(), nullable=False),
        sa.Column("min_notice_hours", sa.Integer(), nullable=False),
        sa.Column("horizon_days", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=_NOW, nullable=False),
    )
    op.create_table(
        "screen_bookings",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _fk("org_id", "organizations"),
        _fk("recruiter_id", "recruiters"),
        _fk("project_id", "projects"),
        _fk("candidate_id", "candidates"),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("candidate_time_zone", sa.String(64), nullable=False),
        sa.Column("candidate_email", sa.String(320), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("uid", sa.String(200), nullable=False, unique=True),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("calendar_status", sa.String(16), nullable=False),
        sa.Column("calendar_error", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=_NOW, nullable=False),
    )
    op.create_index(
        "uq_screen_bookings_recruiter_slot",
        "screen_bookings",
        ["recruiter_id", "starts_at"],
        unique=True,
        postgresql_where=sa.text("status = 'booked'"),
    )
    op.create_index(
        "uq_screen_bookings_candidate",
        "screen_bookings",
        ["project_id", "candidate_id"],
        unique=True,
        postgresql_where=sa.text("status = 'booked'"),
    )
    op.create_table(
        "invite_outbox",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _fk("org_id", "organizations"),
        _fk("booking_id", "screen_bookings"),
        sa.Column("to_address", sa.String(320), nullable=False),
        sa.Column("subject", sa.String(300), nullable=False),
        sa.Column("method", sa.String(16), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("ics", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=_NOW, nullable=False),
    )
    op.create_index("ix_invite_outbox_booking_id", "invite_outbox", ["booking_id"])
    op.create_table(
        "notice_dismissals",
        sa.Column(
            "recruiter_id",
            sa.Uuid(),
            sa.ForeignKey("recruiters.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "message_id",
            sa.Uuid(),
            sa.ForeignKey("mailbox_messages.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=_NOW, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("notice_dismissals")
    op.drop_table("invite_outbox")
    op.drop_table("screen_bookings")
    op.drop_table("availabilities")
    op.drop_table("candidate_notes")
    op.drop_table("stage_changes")
