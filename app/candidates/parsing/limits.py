"""Size limits for imports, and the messages that name them.

The limits keep one pathological upload (a 2 GB "resume", a CSV cell holding a whole book)
from stalling an import or filling the database; each is overridable by the caller.
"""

from __future__ import annotations

import re

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


_WORD = re.compile(r"[^\W\d_]{2,}")
_MIN_LETTER_SHARE = 0.5  # resume text is ~80% letters; digits, symbols and junk bytes are not


def has_real_text(text: str, *fields: str) -> bool:
    """Whether a row holds something a person wrote: a profile field with a word in it, or
    text with words that is mostly letters. `12345`, `----`, `???` or stray bytes are not."""
    if any(_WORD.search(value) for value in fields):
        return True
    if not _WORD.search(text):
        return False
    visible = [ch for ch in text if not ch.isspace()]
    letters = sum(ch.isalpha() for ch in visible)
    return letters >= 3 and letters >= _MIN_LETTER_SHARE * len(visible)
