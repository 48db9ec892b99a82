"""Profile vectors for bulk-loaded synthetic pools, composed from real model vectors.

Embedding a million resumes with the local model is out of reach on two cores (~60 texts
a second), so a bulk load embeds each distinct job title and skill of the pool ONCE with the
real model and composes every profile's vector from them:

    v = normalise(2 * title(current role) + mean(title(older roles)) + mean(skill(s)) + noise)

with "Senior"/"Lead"/... taken off a title before it is looked up, and Gaussian noise of
norm `NOISE` so that no two profiles share a vector. Profiles of one occupation then cluster
the way real ones do (same titles, overlapping skills), close occupations sit near each
other, and a query embedded by the same model lands among them, so HNSW recall and latency
on such a pool mean something. They are not the vectors the model would give the resume
text itself: retrieval quality is measured by the evals, not on these pools.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from app.embeddings.backends import Embedder, one_thread

NOISE = 0.35
_RANK_PREFIX = re.compile(r"^(?:senior|junior|lead|principal)\s+", re.IGNORECASE)
_BATCH = 256


def base_title(title: str) -> str:
    return _RANK_PREFIX.sub("", title.strip())


class VocabularyVectors:
    """Model vectors of phrases, each embedded once; kept in an .npz file between loads."""

    def __init__(self, embedder: Embedder, cache: Path | None = None) -> None:
        self.embedder = embedder
        self.cache = cache
        self.vectors: dict[str, np.ndarray] = {}
        self.embedded = 0  # phrases sent to the model by this instance
        if cache is not None and cache.exists():
            with np.load(cache) as data:
                phrases = [str(p) for p in data["phrases"]]
                self.vectors = dict(zip(phrases, data["vectors"], strict=True))

    def ensure(self, phrases: Iterable[str]) -> None:
        missing = sorted({p for p in phrases if p and p not in self.vectors})
        if not missing:
            return
        # On one core: the loader's workers and Postgres hold the others.
        with one_thread():
            for start in range(0, len(missing), _BATCH):
                batch = missing[start : start + _BATCH]
                for phrase, vector in zip(batch, self.embedder.embed(batch), strict=True):
                    self.vectors[phrase] = np.asarray(vector, dtype=np.float32)
                self.embedded += len(batch)

    def save(self) -> None:
        if self.cache is None or not self.vectors:
            return
        self.cache.parent.mkdir(parents=True, exist_ok=True)
        phrases = list(self.vectors)
        np.savez(
            self.cache, phrases=np.array(phrases), vectors=np.stack(list(self.vectors.values()))
        )

    def compose(
        self, titles: Sequence[str], skills: Sequence[str], rng: np.random.Generator
    ) -> np.ndarray:
        """One profile's unit vector: titles newest first (see the module docstring)."""
        parts: list[np.ndarray] = []
        names = [base_title(t) for t in titles if t.strip()]
        if names:
            parts.append(2 * self.vectors[names[0]])
            if len(names) > 1:
                parts.append(np.mean([self.vectors[t] for t in names[1:]], axis=0))
        if skills:
            parts.append(np.mean([self.vectors[s] for s in skills], axis=0))
        dim = next(iter(self.vectors.values())).shape[0]
        signal = np.sum(parts, axis=0) if parts else np.zeros(dim, dtype=np.float32)
        signal = signal / max(float(np.linalg.norm(signal)), 1e-9)
        noise = np.asarray(rng.standard_normal(dim), dtype=np.float32)
        vector = signal + NOISE * noise / float(np.linalg.norm(noise))
        unit: np.ndarray = np.asarray(vector / float(np.linalg.norm(vector)), dtype=np.float32)
        return unit


def profile_phrases(profile: dict[str, object]) -> tuple[list[str], list[str]]:
    """(titles newest first, skills) of a generated profile, as `compose` reads them."""
    experience = profile.get("experience") or []
    skills = profile.get("skills") or []
    assert isinstance(experience, list) and isinstance(skills, list)
    titles = [str(job["title"]) for job in experience if isinstance(job, dict)]
    return titles, [str(s) for s in skills]
