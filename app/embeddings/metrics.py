"""Embedding counters in Redis, so every process's model calls add up in one place."""

from __future__ import annotations

import hashlib
import json
import logging

import redis

from app.embeddings.backends import Embedder
from app.embeddings.chunking import normalize

log = logging.getLogger(__name__)

TEXTS_KEY = "scout:metrics:embedding_texts"
CALLS_KEY = "scout:metrics:embedding_calls"
QUERY_CACHE_TTL_S = 24 * 3600


class CountingEmbedder:
    """Wraps an embedder; adds each call to the shared counters (best effort)."""

    def __init__(self, inner: Embedder, client: redis.Redis) -> None:
        self.inner = inner
        self.client = client
        self.model_name = inner.model_name
        self.dim = inner.dim
        self.stats = inner.stats

    def embed(self, texts: list[str]) -> list[list[float]]:
        vectors = self.inner.embed(texts)
        if texts:
            try:
                pipe = self.client.pipeline()
                pipe.incrby(TEXTS_KEY, len(texts))
                pipe.incrby(CALLS_KEY, 1)
                pipe.execute()
            except redis.RedisError as exc:  # a metric must never fail an import
                log.warning("could not record embedding metric: %s", exc)
        return vectors

    def embed_query(self, query: str) -> list[float]:
        """Queries repeat (saved searches, paging): keep their vectors in Redis for a day."""
        key = (
            "scout:qvec:"
            + hashlib.sha256(f"{self.model_name}\0{normalize(query)}".encode()).hexdigest()
        )
        try:
            cached = self.client.get(key)
        except redis.RedisError:
            cached = None
        if isinstance(cached, bytes):
            value: list[float] = json.loads(cached)
            return value
        vector = self.embed([query])[0]
        try:
            self.client.set(key, json.dumps(vector), ex=QUERY_CACHE_TTL_S)
        except redis.RedisError as exc:
            log.warning("could not cache query vector: %s", exc)
        return vector


def read_counters(client: redis.Redis) -> dict[str, int]:
    texts, calls = client.mget([TEXTS_KEY, CALLS_KEY])
    return {"embedding_texts": int(texts or 0), "embedding_calls": int(calls or 0)}
