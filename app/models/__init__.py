"""Every table, re-exported so Alembic and callers see the whole metadata."""

from app.models.api_token import ApiToken
from app.models.base import Base
from app.models.candidate import Candidate
from app.models.candidate_document import CandidateDocument
from app.models.candidate_section import CandidateChunk, CandidateSection
from app.models.embedding import EMBEDDING_DIM, Embedding
from app.models.import_run import ImportRun
from app.models.organization import Organization
from app.models.recruiter import Recruiter

__all__ = [
    "EMBEDDING_DIM",
    "ApiToken",
    "Base",
    "Candidate",
    "CandidateChunk",
    "CandidateDocument",
    "CandidateSection",
    "Embedding",
    "ImportRun",
    "Organization",
    "Recruiter",
]
