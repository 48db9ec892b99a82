"""The kinds of decision only a human makes, and where each one stands."""

from __future__ import annotations

from enum import StrEnum


class ApprovalKind(StrEnum):
    QUALIFICATIONS = "qualifications"
    OUTREACH = "outreach"


class ApprovalStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    EDITED = "edited"
    REJECTED = "rejected"
