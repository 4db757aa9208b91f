"""Reading a turn with its neighbours: pure array functions over turn-order links.

``prev[r]`` / ``next[r]`` hold the row of the turn said just before / after row ``r`` in the
same session, or -1. ``UserIndex`` maintains the links; these functions only compute.
"""

from __future__ import annotations

import numpy as np


def cosine_in_context(
    cosine: np.ndarray, prev: np.ndarray, prev_dot: np.ndarray, *, context: float | np.ndarray
) -> np.ndarray:
    """Per row, the cosine between the query and the unit vector of ``v + context·v_prev``
    (``context`` a scalar or one weight per row).

    Exact from the two cosines and ``prev_dot = v·v_prev``, because the query is a unit
    vector: ``(cos + c·cos_prev) / |v + c·v_prev|``. A reply ("Yes, every summer!") means
    little without the turn it answers; rows without a previous turn keep their cosine.
    """
    c = context
    norm = np.sqrt(np.maximum(1.0 + c * c + 2.0 * c * prev_dot, 1e-12))
    with_prev = (cosine + c * cosine[prev]) / norm
    return np.where(prev >= 0, with_prev, cosine).astype(np.float32)


def spread_to_neighbours(
    relevance: np.ndarray,
    rows: np.ndarray,
    prev: np.ndarray,
    nxt: np.ndarray,
    *,
    after: float | np.ndarray,
    before: float | np.ndarray,
    reach: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Relevance after it flows to neighbouring turns, and ``rows`` grown by those turns.

    A turn inherits ``after ×`` the relevance of the turn before it and ``before ×`` that of
    the turn after it (scalars, or one factor per receiving row), ``reach`` steps deep (the
    factor compounds per step), and keeps the best of its own and what it inherits: an answer
    sits right after the question that matches the query, and a question right before a
    matching answer.
    """
    spread = relevance.copy()
    forward = backward = relevance
    for _ in range(reach):
        forward = after * np.where(prev >= 0, forward[prev], 0.0)
        backward = before * np.where(nxt >= 0, backward[nxt], 0.0)
        spread = np.maximum(spread, np.maximum(forward, backward))
        steps = [rows]
        if np.any(after > 0):
            steps.append(nxt[rows])
        if np.any(before > 0):
            steps.append(prev[rows])
        rows = np.unique(np.concatenate(steps))
        rows = rows[rows >= 0]
    return spread, rows


RRF_K = 60


def refuse_in_pool(
    relevance: np.ndarray,
    rows: np.ndarray,
    cosine: np.ndarray,
    lexical: np.ndarray,
    *,
    share: float,
    size: int,
) -> np.ndarray:
    """Relevance with the ``size`` best of ``rows`` re-fused: each moves ``share`` of the
    way to its reciprocal-rank fusion (k = 60) of dense and lexical ranks among them, scaled
    to the pool's best relevance. A weighted mean lets one strong signal decide; ranks
    within the pool reward agreement of both, where the answer usually is."""
    if len(rows) == 0:
        return relevance
    pool = rows[np.argsort(-relevance[rows], kind="stable")[:size]]
    fused = np.zeros(len(pool), dtype=np.float64)
    for signal in (cosine[pool], lexical[pool]):
        ranks = np.empty(len(pool), dtype=np.int64)
        ranks[np.argsort(-signal, kind="stable")] = np.arange(1, len(pool) + 1)
        fused += 1.0 / (RRF_K + ranks)
    scaled = fused / fused.max() * float(relevance[pool].max())
    out = relevance.copy()
    out[pool] = (1.0 - share) * relevance[pool] + share * scaled
    return out


def walk(links: np.ndarray, row: int, steps: int) -> list[int]:
    """Up to ``steps`` rows reached by following ``links`` from ``row``."""
    out: list[int] = []
    while len(out) < steps and (row := int(links[row])) >= 0:
        out.append(row)
    return out


__all__ = ["cosine_in_context", "refuse_in_pool", "spread_to_neighbours", "walk"]
