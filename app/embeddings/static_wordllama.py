"""wordllama's static word vectors (l2_supercat, 256-d, shipped in its wheel): no network
pass at all, hundreds of times the chunks per CPU-second of MiniLM, at a clear cost in
retrieval quality (`benchmarks/bench_embedders.py`). For imports that must keep up with
files arriving faster than a transformer can read them on the cores at hand.

The vectors are zero-padded to the column's width: padding with zeros changes neither
norms nor dot products, so cosine order is exactly wordllama's own.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from app.embeddings.backends import EmbeddingStats
from app.errors import AppError

MODEL_NAME = "wordllama-l2_supercat-256"
_NATIVE_DIM = 256


class WordLlamaEmbedder:
    def __init__(self, dim: int = 384) -> None:
        if dim < _NATIVE_DIM:
            raise AppError(
                f"the wordllama embedder makes {_NATIVE_DIM}-d vectors; "
                f"SCOUT_EMBEDDING_DIM must be at least {_NATIVE_DIM}"
            )
        self.model_name = MODEL_NAME
        self.dim = dim
        self.stats = EmbeddingStats()
        self._lock = threading.Lock()
        self._model: Any = None

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                try:
                    import wordllama
                except ImportError as exc:
                    raise AppError("the wordllama embedder needs the wordllama package") from exc
                # The weights and tokenizer are in the wheel: point the cache at the package
                # and never download.
                self._model = wordllama.WordLlama.load(
                    "l2_supercat",
                    dim=_NATIVE_DIM,
                    cache_dir=Path(wordllama.__file__).parent,
                    disable_download=True,
                )
            return self._model

    def embed(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        import numpy as np

        model = self._load()
        self.stats.calls += 1
        self.stats.texts += len(texts)
        native = np.asarray(model.embed(texts, norm=True), dtype=np.float32)
        vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
        vectors[:, :_NATIVE_DIM] = native
        return vectors.tolist()
