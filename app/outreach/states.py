"""Where an outreach message, a thread and an inbound reply stand."""

from __future__ import annotations

from enum import StrEnum


class OutreachStatus(StrEnum):
    # Drafts wait on the recruiter; nothing leaves before APPROVED.
    DRAFT = "draft"
    REJECTED = "rejected"
    APPROVED = "approved"  # approved, queued for the sender (or due later, a follow-up)
    SENDING = "sending"  # claimed by one sender under a row lock
    SENT = "sent"
    # No SMTP configured: kept in the local outbox, clearly not sent.
    WOULD_SEND = "would_send"
    FAILED = "failed"  # a transient failure: retried with backoff until attempts run out
    BOUNCED = "bounced"  # the server refused the address: never retried
    CANCELLED = "cancelled"  # a follow-up stopped by a reply, unsubscribe, stage change or stop
    HELD = "held"  # over the daily cap or suppressed: waits for the next day / never sent


# What the sender may still pick up.
SENDABLE: tuple[OutreachStatus, ...] = (OutreachStatus.APPROVED, OutreachStatus.FAILED)


class MessageKind(StrEnum):
    FIRST = "first"
    FOLLOWUP = "followup"
    ANSWER = "answer"  # an answer to a candidate's question (FAQ or the recruiter's)


class ThreadStatus(StrEnum):
    ACTIVE = "active"
    REPLIED = "replied"
    UNSUBSCRIBED = "unsubscribed"
    STOPPED = "stopped"  # the recruiter stopped the sequence
    STAGE_CHANGED = "stage_changed"


class ReplyClass(StrEnum):
    INTERESTED = "interested"
    NOT_INTERESTED = "not_interested"
    QUESTION = "question"
    SCHEDULING = "scheduling"
    OUT_OF_OFFICE = "out_of_office"
    UNSUBSCRIBE = "unsubscribe"
    OTHER = "other"


class ReplyHandling(StrEnum):
    PENDING = "pending"  # stored, not yet read by the assistant
    SHOWN = "shown"  # in the recruiter's mailbox, nothing more to do
    NEEDS_REPLY = "needs_reply"  # a question the FAQ could not answer surely
    AUTO_ANSWERED = "auto_answered"
    UNMATCHED = "unmatched"  # no thread of ours: kept, not shown


class FaqStatus(StrEnum):
    SUGGESTED = "suggested"  # proposed from the ad; never used until accepted
    ACCEPTED = "accepted"


FAQ_TOPICS = ("pay", "remote", "visa", "process", "benefits", "location", "other")
