"""Where a screen stands, from upload to the recruiter's decision on what it changes."""

from __future__ import annotations

from enum import StrEnum


class ScreenStatus(StrEnum):
    RECEIVED = "received"  # parsed and stored; the assistant has not read it yet
    ANALYSED = "analysed"  # summary and proposed changes ready, waiting for approval
    APPLIED = "applied"  # the recruiter approved: verdicts updated, stage screened
    REJECTED = "rejected"  # the recruiter kept the verdicts as they were
