"""Where a mailbox message stands."""

from __future__ import annotations

from enum import StrEnum


class MessageStatus(StrEnum):
    # Inbound messages move queued -> processing -> done | failed.
    QUEUED = "queued"
    PROCESSING = "processing"
    DONE = "done"
    FAILED = "failed"
    # Outbound messages (to the recruiter) are simply sent.
    SENT = "sent"


# Inbound work the processor still owes: not yet taken, or taken and not finished.
PENDING: tuple[MessageStatus, ...] = (MessageStatus.QUEUED, MessageStatus.PROCESSING)
