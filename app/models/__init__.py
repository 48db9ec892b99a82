"""Every table, re-exported so Alembic and callers see the whole metadata."""

from app.models.api_token import ApiToken
from app.models.approval import Approval
from app.models.base import Base
from app.models.candidate import Candidate
from app.models.candidate_document import CandidateDocument
from app.models.candidate_section import CandidateChunk, CandidateSection
from app.models.embedding import EMBEDDING_DIM, Embedding
from app.models.evaluation import Evaluation, ProjectCandidate
from app.models.event import Event
from app.models.import_run import ImportRun
from app.models.inbound import FaqEntry, InboundEmail, Suppression
from app.models.llm_call import LLMCallRecord
from app.models.mailbox import Assistant, MailboxMessage
from app.models.organization import Organization
from app.models.outreach import OutreachMessage, OutreachProject, OutreachStyle, OutreachThread
from app.models.project import Project, QualificationSet, SourcingRun
from app.models.recruiter import Recruiter

__all__ = [
    "EMBEDDING_DIM",
    "ApiToken",
    "Approval",
    "Assistant",
    "Base",
    "Candidate",
    "CandidateChunk",
    "CandidateDocument",
    "CandidateSection",
    "Embedding",
    "Evaluation",
    "Event",
    "FaqEntry",
    "ImportRun",
    "InboundEmail",
    "LLMCallRecord",
    "MailboxMessage",
    "Organization",
    "OutreachMessage",
    "OutreachProject",
    "OutreachStyle",
    "OutreachThread",
    "Project",
    "ProjectCandidate",
    "QualificationSet",
    "Recruiter",
    "SourcingRun",
    "Suppression",
]
