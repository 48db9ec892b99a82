"""The states a project, its qualification sets and its pipeline rows can be in.

Stored as plain strings (the columns are `String`); a `StrEnum` compares equal to its value,
so rows read back as `str` still match, and a typo becomes a name error instead of a
silently wrong query.
"""

from __future__ import annotations

from enum import StrEnum


class ProjectStatus(StrEnum):
    INTAKE = "intake"
    NEEDS_INPUT = "needs_input"
    AWAITING_APPROVAL = "awaiting_approval"
    APPROVED = "approved"
    SOURCING = "sourcing"
    CALIBRATION_READY = "calibration_ready"


class ProjectMode(StrEnum):
    INTERACTIVE = "interactive"
    # "Source while you sleep": scheduled and nearline runs keep the pipeline fresh.
    ASYNC = "async"


class QualificationSetStatus(StrEnum):
    PROPOSED = "proposed"
    APPROVED = "approved"
    REJECTED = "rejected"
    # An approved version replaced by a newer approved one; evaluations still point at it.
    SUPERSEDED = "superseded"


class CandidateStage(StrEnum):
    """Where a candidate stands in a project's pipeline."""

    CALIBRATION = "calibration"
    SOURCED = "sourced"
    PIPELINE = "pipeline"
    CONTACTED = "contacted"
    REPLIED = "replied"
    SCREEN_SCHEDULED = "screen_scheduled"
    SCREENED = "screened"
    SUBMITTED = "submitted"
    HIRED = "hired"
    NOT_A_FIT = "not_a_fit"
    ARCHIVED = "archived"
