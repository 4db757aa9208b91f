"""Scores for a judgement head against graded labels (numpy only).

Each head splits its labels into a *high* class and a *low* class (gravity: grave ≥ 0.30 —
the SRRS events from "change in residence" up — vs trivial ≤ 0.10; openness: open ≥ 0.70 vs
specific ≤ 0.15). ``judgement_metrics`` reports:

* ``spearman`` — rank correlation of scores with the graded labels (ties averaged);
* ``auc`` — the chance a random high item scores above a random low item;
* ``low_above_min_high`` — share of low items scoring above the *lowest* high item (the
  harshest reading: one missed grave turn counts against every trivial one);
* ``low_above_p10_high`` — the same against the high class's 10th percentile;
* ``mae`` — mean absolute error against the labels.
"""

from __future__ import annotations

import numpy as np

__all__ = ["CLASSES", "auc", "judgement_metrics", "spearman"]

#: (high from, low up to) for each head.
CLASSES = {"gravity": (0.30, 0.10), "openness": (0.70, 0.15), "processing": (0.70, 0.25)}


def _ranks(values: np.ndarray) -> np.ndarray:
    order = np.argsort(values, kind="mergesort")
    ordered = values[order]
    ranks = np.empty(len(values))
    start = 0
    while start < len(values):
        end = start
        while end + 1 < len(values) and ordered[end + 1] == ordered[start]:
            end += 1
        ranks[order[start : end + 1]] = (start + end) / 2
        start = end + 1
    return ranks


def spearman(a: np.ndarray, b: np.ndarray) -> float | None:
    if len(a) < 3 or np.ptp(a) == 0 or np.ptp(b) == 0:
        return None
    return float(np.corrcoef(_ranks(np.asarray(a)), _ranks(np.asarray(b)))[0, 1])


def auc(high: np.ndarray, low: np.ndarray) -> float | None:
    """Mann–Whitney estimate of P(high > low), ties counting one half."""
    if len(high) == 0 or len(low) == 0:
        return None
    ranks = _ranks(np.concatenate([high, low])) + 1
    return float(
        (ranks[: len(high)].sum() - len(high) * (len(high) + 1) / 2) / (len(high) * len(low))
    )


def judgement_metrics(head: str, scores: np.ndarray, labels: np.ndarray) -> dict[str, float | None]:
    high_from, low_to = CLASSES[head]
    high, low = scores[labels >= high_from], scores[labels <= low_to]
    both = len(high) > 0 and len(low) > 0
    return {
        "n": float(len(scores)),
        "spearman": spearman(scores, labels),
        "auc": auc(high, low),
        "low_above_min_high": float((low > high.min()).mean()) if both else None,
        "low_above_p10_high": float((low > np.quantile(high, 0.1)).mean()) if both else None,
        "mae": float(np.abs(scores - labels).mean()) if len(scores) else None,
    }
