"""Hand-written CV headers in the shapes real ones take, each with the personal values it holds
(`evals/datasets/privacy_headers.jsonl`, shared with the evaluation suite's privacy probe).

The public corpus carries almost no names or contact lines, so these supply them: a name the
parser cannot find (after "CURRICULUM VITAE", after a photo caption, mid-header, in lower case,
glued to contact data), labelled and unlabelled personal details, street addresses, contact
labels and handles. Every body names skills and places that look like names ("Ruby", "Julia",
"Jenkins", "Austin") which must survive redaction. The values are invented.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class HeaderCase:
    key: str
    text: str
    secrets: tuple[str, ...]  # must not reach the evaluator (case-insensitive, word-bounded)
    kept: tuple[str, ...]  # must reach it, verbatim


DATASET = Path(__file__).resolve().parents[1] / "evals" / "datasets" / "privacy_headers.jsonl"


def _load() -> tuple[HeaderCase, ...]:
    rows = [json.loads(line) for line in DATASET.read_text(encoding="utf-8").splitlines() if line]
    return tuple(
        HeaderCase(row["id"], row["text"], tuple(row["secrets"]), tuple(row["kept"]))
        for row in rows
    )


CASES: tuple[HeaderCase, ...] = _load()
