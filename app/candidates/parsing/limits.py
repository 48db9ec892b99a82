"""Size limits for imports, and the messages that name them.

The limits keep one pathological upload (a 2 GB "resume", a CSV cell holding a whole book)
from stalling an import or filling the database; each is overridable by the caller.
"""

from __future__ import annotations

DEFAULT_MAX_DOCUMENT_BYTES = 10 * 1024 * 1024  # one resume as PDF/DOCX/TXT
DEFAULT_MAX_TABULAR_BYTES = 200 * 1024 * 1024  # a whole talent pool as CSV/JSONL
DEFAULT_MAX_RECORD_CHARS = 200_000  # ~50 pages of text; no real resume comes close


def describe_size(n_bytes: int) -> str:
    """`10.0 MB`, `512 KB`, `12 bytes`: a size a person can read."""
    if n_bytes >= 1024 * 1024:
        return f"{n_bytes / (1024 * 1024):.1f} MB"
    if n_bytes >= 1024:
        return f"{n_bytes / 1024:.0f} KB"
    return f"{n_bytes} bytes"


def text_too_long(text: str, max_chars: int) -> str | None:
    """The error message when `text` is over the per-record cap, else None."""
    if len(text) <= max_chars:
        return None
    return (
        f"text is {len(text):,} characters, over the {max_chars:,}-character limit for one "
        "profile; is this really a single resume?"
    )
