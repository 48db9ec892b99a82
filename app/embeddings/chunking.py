"""Cut sections into pieces the embedding model reads whole (it stops at ~256 tokens)."""

from __future__ import annotations

import hashlib
import re
import unicodedata

# ~4 characters a token for English resumes; leave headroom under the 256-token window.
MAX_CHUNK_CHARS = 900
_BREAKS = ("\n\n", "\n", ". ", "; ", ", ", " ")
_WS = re.compile(r"\s+")


def normalize(text: str) -> str:
    """The text identity for the existence check: case and spacing don't change meaning
    for an uncased model."""
    return _WS.sub(" ", unicodedata.normalize("NFKC", text)).strip().lower()


def text_hash(text: str) -> str:
    return hashlib.sha256(normalize(text).encode()).hexdigest()


def chunk_spans(
    text: str, start: int, end: int, max_chars: int = MAX_CHUNK_CHARS
) -> list[tuple[int, int]]:
    """Split text[start:end] into spans of at most max_chars, preferring natural breaks.

    Every character lands in exactly one span, so nothing of the resume is left unembedded.
    """
    spans: list[tuple[int, int]] = []
    pos = start
    while end - pos > max_chars:
        window = text[pos : pos + max_chars]
        cut = -1
        for sep in _BREAKS:
            idx = window.rfind(sep)
            if idx > max_chars // 3:
                cut = idx + len(sep)
                break
        if cut <= 0:
            cut = max_chars
        spans.append((pos, pos + cut))
        pos += cut
    if end > pos:
        spans.append((pos, end))
    return [(a, b) for a, b in spans if text[a:b].strip()]
