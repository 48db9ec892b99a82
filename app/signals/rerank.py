"""Re-ranking between proposals: a per-project logistic model over verdict features,
pulled toward a prior (the qualification weights the recruiter approved).

Features are, per qualification, the verdict signed by its evidence strength: met +s,
not met -s, unknown 0, with s the evaluator's confidence (halved without a quote). Nothing
else: no names, schools, dates of birth, locations or any protected attribute can enter,
since the only input is the list of verdicts. Swapping a name leaves the verdicts, and
so the learned score, unchanged (the fairness suite checks it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

ITERATIONS = 300
LEARNING_RATE = 0.3
PRIOR_PULL = 0.5  # L2 toward the prior: a handful of reactions bends, never replaces it


def features(
    verdicts: Sequence[Mapping[str, Any]], qualification_ids: Sequence[str]
) -> list[float]:
    by_id = {str(v.get("qualification_id")): v for v in verdicts}
    out: list[float] = []
    for qid in qualification_ids:
        v = by_id.get(qid)
        if v is None or v.get("verdict") == "unknown":
            out.append(0.0)
            continue
        confidence = float(v.get("confidence") or 0.0)
        strength = confidence if v.get("evidence") else confidence / 2
        out.append(strength if v.get("verdict") == "met" else -strength)
    return out


def prior_weights(qualifications: Sequence[Mapping[str, Any]]) -> list[float]:
    """What the approved set already says: required counts double, a star its weight."""
    return [
        float(q.get("weight") or 1.0) * (2.0 if q.get("required", True) else 1.0)
        for q in qualifications
    ]


@dataclass(frozen=True)
class Model:
    weights: list[float]
    bias: float

    def score(self, x: Sequence[float]) -> float:
        return sum(w * f for w, f in zip(self.weights, x, strict=True))


def fit(xs: Sequence[Sequence[float]], ys: Sequence[int], prior: Sequence[float]) -> Model:
    """Gradient descent on mean log-loss + PRIOR_PULL * |w - prior|^2 (deterministic),
    preconditioned by the prior's scale so a step means the same whatever the weights."""
    w0 = np.asarray(prior, dtype=float)
    if not len(xs):
        return Model([float(p) for p in prior], 0.0)
    x = np.asarray(xs, dtype=float)
    y = np.asarray(ys, dtype=float)
    scale = 1.0 / max(1.0, float(np.abs(w0).max()) if len(w0) else 1.0)
    w, b, n = w0.copy(), 0.0, len(y)
    for _ in range(ITERATIONS):
        z = np.clip(b + (x @ w) * scale, -30.0, 30.0)
        err = 1.0 / (1.0 + np.exp(-z)) - y
        gw = PRIOR_PULL * 2 * (w - w0) * scale + (x.T @ err) * scale / n
        w = w - LEARNING_RATE * gw / scale
        b -= LEARNING_RATE * float(err.sum()) / n
    return Model([round(float(v), 6) for v in w], round(b, 6))
