"""Every table, re-exported so Alembic and callers see the whole metadata."""

from app.models.api_token import ApiToken
from app.models.approval import Approval
from app.models.audit_log import AuditRecord
from app.models.availability import Availability
from app.models.base import Base
from app.models.candidate import Candidate
from app.models.candidate_document import CandidateDocument
from app.models.candidate_note import CandidateNote
from app.models.candidate_section import CandidateChunk, CandidateSection
from app.models.embedding import EMBEDDING_DIM, Embedding
from app.models.evaluation import Evaluation, ProjectCandidate
from app.models.event import Event
from app.models.idempotency_key import IdempotencyKey
from app.models.import_run import ImportRun
from app.models.inbound import FaqEntry, InboundEmail, Suppression
from app.models.llm_call import LLMCallRecord
from app.models.mailbox import Assistant, MailboxMessage
from app.models.memory_item import MemoryItem
from app.models.notice_dismissal import NoticeDismissal
from app.models.organization import Organization
from app.models.outreach import OutreachMessage, OutreachProject, OutreachStyle, OutreachThread
from app.models.project import Project, QualificationSet, SourcingRun
from app.models.recruiter import Recruiter
from app.models.screen_booking import InviteOutbox, ScreenBooking
from app.models.screening import QuestionKit, Screen
from app.models.signal import Signal
from app.models.stage_change import StageChange

__all__ = [
    "EMBEDDING_DIM",
    "ApiToken",
    "Approval",
    "Assistant",
    "AuditRecord",
    "Availability",
    "Base",
    "Candidate",
    "CandidateChunk",
    "CandidateDocument",
    "CandidateNote",
    "CandidateSection",
    "Embedding",
    "Evaluation",
    "Event",
    "FaqEntry",
    "IdempotencyKey",
    "ImportRun",
    "InboundEmail",
    "InviteOutbox",
    "LLMCallRecord",
    "MailboxMessage",
    "MemoryItem",
    "NoticeDismissal",
    "Organization",
    "OutreachMessage",
    "OutreachProject",
    "OutreachStyle",
    "OutreachThread",
    "Project",
    "ProjectCandidate",
    "QualificationSet",
    "QuestionKit",
    "Recruiter",
    "Screen",
    "ScreenBooking",
    "Signal",
    "SourcingRun",
    "StageChange",
    "Suppression",
]
