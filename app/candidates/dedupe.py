"""Exact duplicates by content hash, near-duplicates by 64-bit SimHash."""

from __future__ import annotations

import hashlib
import re

import numpy as np

from app.embeddings.chunking import normalize

_WORD = re.compile(r"[a-z0-9+#.]+")
NEAR_DUPLICATE_BITS = 3  # Hamming distance at or below this is "the same resume, edited"


def content_hash(raw_text: str) -> str:
    return hashlib.sha256(normalize(raw_text).encode()).hexdigest()


def simhash(raw_text: str) -> int:
    """Signed 64-bit SimHash over word trigrams (signed so it fits a Postgres BIGINT)."""
    words = _WORD.findall(normalize(raw_text))
    shingles = [" ".join(words[i : i + 3]) for i in range(max(1, len(words) - 2))]
    digests = b"".join(hashlib.blake2b(s.encode(), digest_size=8).digest() for s in shingles)
    hashes = np.frombuffer(digests, dtype=">u8").astype(np.uint64)
    # Bit b votes +1 where set and -1 where clear: it is on when set in more than half.
    ones = ((hashes[:, None] >> np.arange(64, dtype=np.uint64)) & np.uint64(1)).sum(axis=0)
    value = sum(1 << bit for bit in range(64) if 2 * int(ones[bit]) > len(shingles))
    return value - (1 << 64) if value >= (1 << 63) else value


def hamming(a: int, b: int) -> int:
    return ((a ^ b) & ((1 << 64) - 1)).bit_count()


class NearDuplicateIndex:
    """In-memory SimHash index for one import run over one organization's pool.

    Four 16-bit bands: two hashes within 3 bits share at least one band exactly, so each
    lookup only compares against the few hashes in matching buckets.
    """

    def __init__(self) -> None:
        self._bands: list[dict[int, list[tuple[int, str]]]] = [{} for _ in range(4)]

    @staticmethod
    def _keys(h: int) -> list[int]:
        u = h & ((1 << 64) - 1)
        return [(u >> (16 * i)) & 0xFFFF for i in range(4)]

    def add(self, h: int, ref: str) -> None:
        for band, key in zip(self._bands, self._keys(h), strict=True):
            band.setdefault(key, []).append((h, ref))

    def find(self, h: int) -> str | None:
        for band, key in zip(self._bands, self._keys(h), strict=True):
            for other, ref in band.get(key, ()):
                if hamming(h, other) <= NEAR_DUPLICATE_BITS:
                    return ref
        return None
