"""Checks every draft passes, whichever brain wrote it (and the recruiter's edits too, once
the app can call them): no protected attribute, no contact data, no name."""

from __future__ import annotations

import re

from agents.intake.responsible_ai import find_protected

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?:\+?\d[\d ().-]{7,}\d)")
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.I)
_PLACEHOLDER = re.compile(r"\[[A-Z_ ]{3,}\]|<[A-Z_]{3,}>")


def problems(text: str) -> list[str]:
    """Why this text may not go to a candidate; empty when it may."""
    found = [f"mentions {hit.rule.attribute}" for hit in find_protected(text)]
    if _EMAIL.search(text):
        found.append("contains an email address")
    if _PHONE.search(text):
        found.append("contains a phone number")
    if _URL.search(text):
        found.append("contains a link")
    if _PLACEHOLDER.search(text):
        found.append("contains a redacted placeholder")
    return found


def usable_quote(quote: str) -> bool:
    """A piece of evidence a draft may quote: short, and clean by the same checks."""
    return 8 <= len(quote) <= 400 and not problems(quote)
