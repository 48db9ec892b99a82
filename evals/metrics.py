"""Metric functions: pure, deterministic, no I/O. Every suite computes its numbers here, so the
definitions are written (and tested) once.

Conventions: rankings are sequences of ids, best first; relevance is a mapping id -> grade
(0 = not relevant; ids missing from the mapping are grade 0).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def dcg(gains: Sequence[float]) -> float:
    return sum(g / math.log2(i + 2) for i, g in enumerate(gains))


def ndcg_at_k(ranking: Sequence[K], relevance: Mapping[K, int], k: int) -> float:
    """Normalised DCG with exponential gains (2^grade - 1), so a grade-2 hit is worth three
    grade-1 hits. 0.0 when nothing is relevant (such a query should not be in a set)."""
    gains = [2 ** relevance.get(doc, 0) - 1 for doc in ranking[:k]]
    ideal = sorted((2**g - 1 for g in relevance.values() if g > 0), reverse=True)[:k]
    best = dcg(ideal)
    return dcg(gains) / best if best > 0 else 0.0


def recall_at_k(
    ranking: Sequence[K], relevance: Mapping[K, int], k: int, min_grade: int = 1
) -> float:
    wanted = {doc for doc, g in relevance.items() if g >= min_grade}
    if not wanted:
        return 0.0
    return len(wanted.intersection(ranking[:k])) / len(wanted)


def reciprocal_rank(ranking: Sequence[K], relevance: Mapping[K, int], min_grade: int = 1) -> float:
    for i, doc in enumerate(ranking, start=1):
        if relevance.get(doc, 0) >= min_grade:
            return 1.0 / i
    return 0.0


def mean(values: Iterable[float]) -> float:
    items = list(values)
    return sum(items) / len(items) if items else float("nan")


# -- classification -------------------------------------------------------------------------


@dataclass(frozen=True)
class ClassScores:
    precision: float
    recall: float
    f1: float
    support: int  # how many labels of this class
    predicted: int  # how many predictions of this class


def per_class_scores(
    labels: Sequence[str], predictions: Sequence[str], classes: Sequence[str]
) -> dict[str, ClassScores]:
    """Precision and recall per class. A class never predicted has precision NaN, not 0: no
    prediction was wrong, there just were none (the report shows it as 'n/a')."""
    if len(labels) != len(predictions):
        raise ValueError("labels and predictions differ in length")
    out: dict[str, ClassScores] = {}
    for c in classes:
        tp = sum(1 for y, p in zip(labels, predictions, strict=True) if y == c and p == c)
        support = sum(1 for y in labels if y == c)
        predicted = sum(1 for p in predictions if p == c)
        precision = tp / predicted if predicted else float("nan")
        recall = tp / support if support else float("nan")
        f1 = (
            2 * precision * recall / (precision + recall)
            if predicted and support and (precision + recall) > 0
            else 0.0
        )
        out[c] = ClassScores(precision, recall, f1, support, predicted)
    return out


def accuracy(labels: Sequence[str], predictions: Sequence[str]) -> float:
    if not labels:
        return float("nan")
    return sum(1 for y, p in zip(labels, predictions, strict=True) if y == p) / len(labels)


def confusion(
    labels: Sequence[str], predictions: Sequence[str], classes: Sequence[str]
) -> dict[str, dict[str, int]]:
    """confusion[label][prediction] = count."""
    table = {y: dict.fromkeys(classes, 0) for y in classes}
    for y, p in zip(labels, predictions, strict=True):
        table[y][p] += 1
    return table


def cohen_kappa(a: Sequence[bool], b: Sequence[bool]) -> float:
    """Agreement beyond chance between two binary raters (1 = perfect, 0 = chance)."""
    n = len(a)
    if n == 0 or n != len(b):
        return float("nan")
    observed = sum(1 for x, y in zip(a, b, strict=True) if x == y) / n
    pa, pb = sum(a) / n, sum(b) / n
    expected = pa * pb + (1 - pa) * (1 - pb)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


# -- calibration ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReliabilityBin:
    low: float
    high: float
    count: int
    mean_confidence: float
    accuracy: float


def reliability_bins(
    confidences: Sequence[float], correct: Sequence[bool], bins: int = 5
) -> list[ReliabilityBin]:
    """Equal-width bins over [0, 1]; 1.0 falls in the last bin."""
    out: list[ReliabilityBin] = []
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        members = [
            (c, ok)
            for c, ok in zip(confidences, correct, strict=True)
            if low <= c < high or (b == bins - 1 and c == 1.0)
        ]
        if members:
            conf = sum(c for c, _ in members) / len(members)
            acc = sum(1 for _, ok in members if ok) / len(members)
        else:
            conf = acc = float("nan")
        out.append(ReliabilityBin(low, high, len(members), conf, acc))
    return out


def expected_calibration_error(
    confidences: Sequence[float], correct: Sequence[bool], bins: int = 5
) -> float:
    """ECE: the count-weighted mean |accuracy - confidence| over the reliability bins."""
    n = len(confidences)
    if n == 0:
        return float("nan")
    total = 0.0
    for b in reliability_bins(confidences, correct, bins):
        if b.count:
            total += b.count / n * abs(b.accuracy - b.mean_confidence)
    return total


# -- fairness -------------------------------------------------------------------------------


def selection_rates(groups: Sequence[str], selected: Sequence[bool]) -> dict[str, float]:
    counts: dict[str, list[int]] = {}
    for g, s in zip(groups, selected, strict=True):
        c = counts.setdefault(g, [0, 0])
        c[0] += int(s)
        c[1] += 1
    return {g: chosen / total for g, (chosen, total) in counts.items()}


def adverse_impact_ratio(rates: Mapping[str, float]) -> float:
    """Lowest selection rate over the highest (the four-fifths rule flags < 0.8). 1.0 when
    nobody, or everybody, was selected: no group fared worse than another."""
    if not rates:
        return float("nan")
    top = max(rates.values())
    return 1.0 if top == 0 else min(rates.values()) / top


def shortlist_with_ties(scores: Sequence[float], k: int) -> list[bool]:
    """Top `k` by score, plus everyone tied with the k-th: a tie at the cut is not broken by
    input order, which would make selection depend on who happened to be listed first."""
    if k <= 0 or not scores:
        return [False] * len(scores)
    cut = sorted(scores, reverse=True)[min(k, len(scores)) - 1]
    return [s >= cut for s in scores]
