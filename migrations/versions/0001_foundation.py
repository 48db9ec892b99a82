"""foundation: organizations, recruiters, tokens, candidates, sections, embeddings, imports

Revision ID: 0001
Revises:
Create Date: 2026-11-24 09:06:15.905836
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
import pgvector.sqlalchemy
from sqlalchemy.dialects import postgresql

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS vector")
    op.create_table('organizations',
    sa.Column('slug', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organizations')),
    sa.UniqueConstraint('slug', name=op.f('uq_organizations_slug'))
    )
    op.create_table('embeddings',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('org_id', sa.Uuid(), nullable=False),
    sa.Column('model', sa.String(length=200), nullable=False),
    sa.Column('text_hash', sa.String(length=64), nullable=False),
    sa.Column('vector', pgvector.sqlalchemy.vector.VECTOR(dim=384), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_embeddings_org_id_organizations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_embeddings')),
    sa.UniqueConstraint('org_id', 'model', 'text_hash', name=op.f('uq_embeddings_org_id'))
    )
    op.create_index(op.f('ix_embeddings_org_id'), 'embeddings', ['org_id'], unique=False)
    op.create_index('ix_embeddings_vector_hnsw', 'embeddings', ['vector'], unique=False, postgresql_using='hnsw', postgresql_with={'m': 16, 'ef_construction': 64}, postgresql_ops={'vector': 'vector_cosine_ops'})
    op.create_table('recruiters',
    sa.Column('org_id', sa.Uuid(), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_recruiters_org_id_organizations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recruiters')),
    sa.UniqueConstraint('org_id', 'email', name=op.f('uq_recruiters_org_id'))
    )
    op.create_index(op.f('ix_recruiters_org_id'), 'recruiters', ['org_id'], unique=False)
    op.create_table('api_tokens',
    sa.Column('recruiter_id', sa.Uuid(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('prefix', sa.String(length=16), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['recruiter_id'], ['recruiters.id'], name=op.f('fk_api_tokens_recruiter_id_recruiters'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash'))
    )
    op.create_index(op.f('ix_api_tokens_recruiter_id'), 'api_tokens', ['recruiter_id'], unique=False)
    op.create_table('import_runs',
    sa.Column('org_id', sa.Uuid(), nullable=False),
    sa.Column('recruiter_id', sa.Uuid(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('imported', sa.Integer(), nullable=False),
    sa.Column('duplicates', sa.Integer(), nullable=False),
    sa.Column('near_duplicates', sa.Integer(), nullable=False),
    sa.Column('embedding_calls', sa.Integer(), nullable=False),
    sa.Column('failed', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_import_runs_org_id_organizations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recruiter_id'], ['recruiters.id'], name=op.f('fk_import_runs_recruiter_id_recruiters'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_runs'))
    )
    op.create_index(op.f('ix_import_runs_org_id'), 'import_runs', ['org_id'], unique=False)
    op.create_table('candidates',
    sa.Column('org_id', sa.Uuid(), nullable=False),
    sa.Column('import_run_id', sa.Uuid(), nullable=True),
    sa.Column('source', sa.String(length=1000), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('simhash', sa.BigInteger(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=True),
    sa.Column('emails', postgresql.ARRAY(sa.Text()), nullable=False),
    sa.Column('phones', postgresql.ARRAY(sa.Text()), nullable=False),
    sa.Column('urls', postgresql.ARRAY(sa.Text()), nullable=False),
    sa.Column('headline', sa.String(length=500), nullable=True),
    sa.Column('location', sa.String(length=300), nullable=True),
    sa.Column('years_experience', sa.Float(), nullable=True),
    sa.Column('category', sa.String(length=200), nullable=True),
    sa.Column('skills', postgresql.ARRAY(sa.Text()), nullable=False),
    sa.Column('onet_codes', postgresql.ARRAY(sa.Text()), nullable=False),
    sa.Column('profile', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('raw_text', sa.Text(), nullable=False),
    sa.Column('titles_text', sa.Text(), nullable=False),
    sa.Column('skills_text', sa.Text(), nullable=False),
    sa.Column('companies_text', sa.Text(), nullable=False),
    sa.Column('search_tsv', postgresql.TSVECTOR(), sa.Computed("setweight(to_tsvector('english'::regconfig, coalesce(titles_text, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(skills_text, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(companies_text, '')), 'C') || setweight(to_tsvector('english'::regconfig, coalesce(raw_text, '')), 'D')", persisted=True), nullable=False),
    sa.Column('location_tsv', postgresql.TSVECTOR(), sa.Computed("to_tsvector('simple'::regconfig, coalesce(location, ''))", persisted=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['import_run_id'], ['import_runs.id'], name=op.f('fk_candidates_import_run_id_import_runs'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_candidates_org_id_organizations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_candidates')),
    sa.UniqueConstraint('org_id', 'content_hash', name=op.f('uq_candidates_org_id'))
    )
    op.create_index('ix_candidates_location_tsv', 'candidates', ['location_tsv'], unique=False, postgresql_using='gin')
    op.create_index(op.f('ix_candidates_org_id'), 'candidates', ['org_id'], unique=False)
    op.create_index('ix_candidates_search_tsv', 'candidates', ['search_tsv'], unique=False, postgresql_using='gin')
    op.create_index('ix_candidates_skills', 'candidates', ['skills'], unique=False, postgresql_using='gin')
    op.create_table('candidate_documents',
    sa.Column('candidate_id', sa.Uuid(), nullable=False),
    sa.Column('org_id', sa.Uuid(), nullable=False),
    sa.Column('source', sa.String(length=1000), nullable=False),
    sa.Column('media_type', sa.String(length=100), nullable=False),
    sa.Column('size_bytes', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidates.id'], name=op.f('fk_candidate_documents_candidate_id_candidates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_candidate_documents_org_id_organizations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_candidate_documents'))
    )
    op.create_index(op.f('ix_candidate_documents_candidate_id'), 'candidate_documents', ['candidate_id'], unique=False)
    op.create_index(op.f('ix_candidate_documents_org_id'), 'candidate_documents', ['org_id'], unique=False)
    op.create_table('candidate_sections',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('candidate_id', sa.Uuid(), nullable=False),
    sa.Column('org_id', sa.Uuid(), nullable=False),
    sa.Column('ordinal', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('heading', sa.String(length=300), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('start_offset', sa.Integer(), nullable=False),
    sa.Column('end_offset', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidates.id'], name=op.f('fk_candidate_sections_candidate_id_candidates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_candidate_sections_org_id_organizations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_candidate_sections'))
    )
    op.create_index(op.f('ix_candidate_sections_candidate_id'), 'candidate_sections', ['candidate_id'], unique=False)
    op.create_table('candidate_chunks',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('candidate_id', sa.Uuid(), nullable=False),
    sa.Column('section_id', sa.BigInteger(), nullable=False),
    sa.Column('org_id', sa.Uuid(), nullable=False),
    sa.Column('start_offset', sa.Integer(), nullable=False),
    sa.Column('end_offset', sa.Integer(), nullable=False),
    sa.Column('embedding_id', sa.BigInteger(), nullable=True),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidates.id'], name=op.f('fk_candidate_chunks_candidate_id_candidates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['embedding_id'], ['embeddings.id'], name=op.f('fk_candidate_chunks_embedding_id_embeddings'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_candidate_chunks_org_id_organizations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['section_id'], ['candidate_sections.id'], name=op.f('fk_candidate_chunks_section_id_candidate_sections'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_candidate_chunks'))
    )
    op.create_index(op.f('ix_candidate_chunks_candidate_id'), 'candidate_chunks', ['candidate_id'], unique=False)
    op.create_index(op.f('ix_candidate_chunks_embedding_id'), 'candidate_chunks', ['embedding_id'], unique=False)
    op.create_index(op.f('ix_candidate_chunks_section_id'), 'candidate_chunks', ['section_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_candidate_chunks_section_id'), table_name='candidate_chunks')
    op.drop_index(op.f('ix_candidate_chunks_embedding_id'), table_name='candidate_chunks')
    op.drop_index(op.f('ix_candidate_chunks_candidate_id'), table_name='candidate_chunks')
    op.drop_table('candidate_chunks')
    op.drop_index(op.f('ix_candidate_sections_candidate_id'), table_name='candidate_sections')
    op.drop_table('candidate_sections')
    op.drop_index(op.f('ix_candidate_documents_org_id'), table_name='candidate_documents')
    op.drop_index(op.f('ix_candidate_documents_candidate_id'), table_name='candidate_documents')
    op.drop_table('candidate_documents')
    op.drop_index('ix_candidates_skills', table_name='candidates', postgresql_using='gin')
    op.drop_index('ix_candidates_search_tsv', table_name='candidates', postgresql_using='gin')
    op.drop_index(op.f('ix_candidates_org_id'), table_name='candidates')
    op.drop_index('ix_candidates_location_tsv', table_name='candidates', postgresql_using='gin')
    op.drop_table('candidates')
    op.drop_index(op.f('ix_import_runs_org_id'), table_name='import_runs')
    op.drop_table('import_runs')
    op.drop_index(op.f('ix_api_tokens_recruiter_id'), table_name='api_tokens')
    op.drop_table('api_tokens')
    op.drop_index(op.f('ix_recruiters_org_id'), table_name='recruiters')
    op.drop_table('recruiters')
    op.drop_index('ix_embeddings_vector_hnsw', table_name='embeddings', postgresql_using='hnsw', postgresql_with={'m': 16, 'ef_construction': 64}, postgresql_ops={'vector': 'vector_cosine_ops'})
    op.drop_index(op.f('ix_embeddings_org_id'), table_name='embeddings')
    op.drop_table('embeddings')
    op.drop_table('organizations')
    op.execute("DROP EXTENSION IF EXISTS vector")
