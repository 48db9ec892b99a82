"""The kinds of decision only a human makes, and where each one stands."""

from __future__ import annotations

from enum import StrEnum


class ApprovalKind(StrEnum):
    QUALIFICATIONS = "qualifications"
    # What a screening conversation changes (verdicts, the stage), approved as a whole.
    SCREEN = "screen"
    # A change the learning agent proposes from the recruiter's reactions (same diff).
    LEARNING = "learning"
    OUTREACH = "outreach"


class ApprovalStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    EDITED = "edited"
    REJECTED = "rejected"
