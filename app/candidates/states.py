"""Where an import run stands."""

from __future__ import annotations

from enum import StrEnum


class ImportRunStatus(StrEnum):
    RUNNING = "running"
    FINISHED = "finished"
    # Still "running" long after any import could take: its process died mid-way.
    ABANDONED = "abandoned"
