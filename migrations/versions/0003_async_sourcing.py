"""async sourcing: project mode and schedule, sourcing runs, recruiter reactions

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 09:48:33.289624
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('sourcing_runs',
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('org_id', sa.Uuid(), nullable=False),
    sa.Column('trigger', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('looked_at', sa.Integer(), nullable=False),
    sa.Column('evaluated', sa.Integer(), nullable=False),
    sa.Column('added', sa.Integer(), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_sourcing_runs_org_id_organizations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_sourcing_runs_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sourcing_runs'))
    )
    op.create_index(op.f('ix_sourcing_runs_project_id'), 'sourcing_runs', ['project_id'], unique=False)
    op.create_index('uq_sourcing_runs_one_running', 'sourcing_runs', ['project_id'], unique=True, postgresql_where=sa.text("status = 'running'"))
    op.add_column('project_candidates', sa.Column('reason', sa.Text(), nullable=True))
    op.add_column('project_candidates', sa.Column('rating', sa.Integer(), nullable=True))
    op.add_column('projects', sa.Column('mode', sa.String(length=16), nullable=False, server_default='interactive'))
    op.add_column('projects', sa.Column('async_interval_s', sa.Integer(), nullable=False, server_default='3600'))
    op.add_column('projects', sa.Column('next_run_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column('projects', 'next_run_at')
    op.drop_column('projects', 'async_interval_s')
    op.drop_column('projects', 'mode')
    op.drop_column('project_candidates', 'rating')
    op.drop_column('project_candidates', 'reason')
    op.drop_index('uq_sourcing_runs_one_running', table_name='sourcing_runs', postgresql_where=sa.text("status = 'running'"))
    op.drop_index(op.f('ix_sourcing_runs_project_id'), table_name='sourcing_runs')
    op.drop_table('sourcing_runs')
