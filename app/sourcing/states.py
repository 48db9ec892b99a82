"""Why a background sourcing run started, and where it stands."""

from __future__ import annotations

from enum import StrEnum


class SourcingTrigger(StrEnum):
    SCHEDULE = "schedule"
    NEARLINE = "nearline"
    MANUAL = "manual"


class SourcingRunStatus(StrEnum):
    # At most one `running` run per project (a partial unique index holds the line).
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
