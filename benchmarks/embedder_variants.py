"""The embedders `bench_embedders` compares, each the product's own backend behind one
`embed(texts)` call returning an array (`SCOUT_EMBEDDING_BACKEND`: local, onnx-int8,
wordllama), all at the product's batch size:

- `minilm`: all-MiniLM-L6-v2 (sentence-transformers on torch, 384-d);
- `minilm-int8`: the same model exported to ONNX from the installed package (torch.onnx,
  no download) and quantized to int8 with onnxruntime's dynamic quantization
  (`app.embeddings.onnx_minilm`);
- `wordllama`: wordllama's l2_supercat static embeddings (256-d) from its wheel
  (`app.embeddings.static_wordllama`); compared at their own 256 dimensions, not padded.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from app.config import Settings
from app.embeddings.onnx_minilm import export_int8 as _export
from app.embeddings.onnx_minilm import model_dir as model_dir

NAMES = ("minilm", "minilm-int8", "wordllama")
ONNX_DIR = Path(tempfile.gettempdir()) / "scout-minilm-onnx"


class Variant(Protocol):
    dim: int

    def embed(self, texts: list[str]) -> np.ndarray[Any, Any]: ...


def export_int8(out_dir: Path = ONNX_DIR) -> Path:
    return _export(out_dir)


class _Product:
    def __init__(self, inner: Any, dim: int) -> None:
        self._inner = inner
        self.dim = dim

    def embed(self, texts: list[str]) -> np.ndarray[Any, Any]:
        return np.asarray(self._inner.embed(texts), dtype=np.float32)[:, : self.dim]


def load(name: str) -> Variant:
    batch = Settings().embedding_batch_size
    if name == "minilm":
        from app.embeddings.backends import LocalEmbedder

        return _Product(LocalEmbedder("all-MiniLM-L6-v2", 384, batch), 384)
    if name == "minilm-int8":
        from app.embeddings.onnx_minilm import OnnxMiniLM

        return _Product(OnnxMiniLM(ONNX_DIR, 384, batch), 384)
    if name == "wordllama":
        from app.embeddings.static_wordllama import WordLlamaEmbedder

        return _Product(WordLlamaEmbedder(384), 256)
    raise ValueError(f"unknown embedder {name!r}; pick one of {', '.join(NAMES)}")
