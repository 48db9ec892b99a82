"""Redaction lives in `app.candidates.redaction`: the search index is built from the same
redacted text the evaluator reads (blind by construction), and `app` may not import `agents`.
This module keeps the evaluator's import path."""

from app.candidates.redaction import (
    CONTACT,
    EMAIL,
    NAME,
    PERSONAL,
    PHONE,
    PHOTO,
    PLACEHOLDERS,
    PRONOUN,
    URL,
    RedactedProfile,
    RedactedText,
    Redaction,
    redact,
    redact_profile,
    redact_sections,
)

__all__ = [
    "CONTACT",
    "EMAIL",
    "NAME",
    "PERSONAL",
    "PHONE",
    "PHOTO",
    "PLACEHOLDERS",
    "PRONOUN",
    "URL",
    "RedactedProfile",
    "RedactedText",
    "Redaction",
    "redact",
    "redact_profile",
    "redact_sections",
]
