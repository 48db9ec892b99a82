"""The intake sub-agent: a recruiter's request or job description to a job spec,
clarifying questions, qualifications, and refusals of protected-attribute requirements."""

from agents.intake.offline import intake_offline
from agents.intake.responsible_ai import check_all, check_qualification

__all__ = ["check_all", "check_qualification", "intake_offline"]
