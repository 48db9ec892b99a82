"""Candidate evaluation: redaction of identifiers, the offline (rule-based) skill, quote
verification and ranking. The LLM skill, when added, returns the same `CandidateEvaluation` and
goes through the same `verify_quotes`."""

from agents.evaluation.offline import evaluate_offline
from agents.evaluation.ranking import effective_weight, rank, summarize
from agents.evaluation.redaction import (
    RedactedProfile,
    RedactedText,
    redact,
    redact_profile,
    redact_sections,
)
from agents.evaluation.verify import verify_quotes

__all__ = [
    "RedactedProfile",
    "RedactedText",
    "effective_weight",
    "evaluate_offline",
    "rank",
    "redact",
    "redact_profile",
    "redact_sections",
    "summarize",
    "verify_quotes",
]
