"""Building the neighbour head: ``kapex bench safety --train-neighbours``.

Contract: ``train_neighbours(data_dir, embedder=...)`` embeds the labelled messages of the
crisis bank's ``train`` and ``dev`` families and of the sixth and eighth rounds' ``train``
and ``dev`` families (``NEIGHBOUR_SOURCES``) that read as English, reads every one of them
against the others with its own family left out (leave-family-out: a message is never judged by its
siblings, whose wording it shares), chooses each category's margin threshold on those
out-of-family readings, writes the artefact of ``kapex.safety.crisis_neighbours`` and returns
a report. Never read: the test families of both, the blind set, the fresh set and the
seventh round (kept to measure). The same inputs give the same artefact: no randomness,
fixed zip dates.

Thresholds: the neighbour head adds its detections to those of the other components
(``crisis.py`` consults it when they detect nothing), so each category's threshold lets
through ``ADDED_FP_SHARE`` of the hard negatives the other components do *not* already flag —
the price in false positives is fixed before any recall is seen.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from kapex.bench.crisis_bank import BankItem, load_bank
from kapex.bench.crisis_train import embed_in_batches
from kapex.models.embedder import Embedder
from kapex.safety.crisis import NEIGHBOUR_MIN_WORDS, CrisisDetector, short_question
from kapex.safety.crisis_language import language_of
from kapex.safety.crisis_lexicon import CATEGORIES
from kapex.safety.crisis_model import CLASSES
from kapex.safety.crisis_neighbours import (
    ARTEFACT_PATH,
    ARTEFACT_VERSION,
    Neighbours,
    margins_of,
    save_neighbours,
)

__all__ = ["ADDED_FP_SHARE", "FLOOR", "NEIGHBOUR_SOURCES", "K", "train_neighbours"]

#: (folder under the data directory, splits read). The sixth and eighth rounds' test families
#: and every other folder stay out.
NEIGHBOUR_SOURCES = (
    ("crisis_bank", ("train", "dev")),
    ("crisis_round6", ("train", "dev")),
    ("crisis_round8", ("train", "dev")),
)
#: Nearest messages averaged per class: one neighbour is noisy, many blur the local picture.
K = 3
#: Similarity below which a category's nearest crises are too far for the margin to mean
#: anything: ordinary chat is far from crises *and* from their look-alikes, and without the
#: floor their difference is noise (checked on chat turns: docs/safety.md).
FLOOR = 0.5
#: Share of the not-yet-flagged hard negatives each category may add (see the contract).
ADDED_FP_SHARE = 0.01


def neighbour_pool(data_dir: Path) -> list[BankItem]:
    """The labelled messages the head holds, in a fixed order: those read as English, the
    only text the head reads (``crisis.py``)."""
    return [
        item
        for folder, splits in NEIGHBOUR_SOURCES
        for item in load_bank(data_dir / folder)
        if item.split in splits and language_of(item.text) == "en"
    ]


def train_neighbours(
    data_dir: Path, *, embedder: Embedder, out: Path = ARTEFACT_PATH
) -> dict[str, Any]:
    """Embed, read out of family, choose thresholds, save; see the module contract."""
    pool = neighbour_pool(data_dir)
    texts = [item.text for item in pool]
    vectors = embed_in_batches(texts, embedder=embedder, desc="neighbour pool")
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    # Read at the precision the artefact stores, so the thresholds fit what ships.
    vectors = vectors.astype(np.float16).astype(np.float32)
    labels = np.array([CLASSES.index(item.label) for item in pool], dtype=np.int64)
    families = np.array([item.family for item in pool])
    similarities = vectors @ vectors.T
    similarities[families[:, None] == families[None, :]] = -1.0
    margins = margins_of(similarities, labels, K, FLOOR)

    # The other components' decisions on the same messages, to price only what this adds.
    detector = CrisisDetector(embedder, with_neighbours=False)
    assessments = detector.assess_many(texts)
    flagged = np.array([a.combined.detected for a in assessments])
    # The head does not read a short message with no warning sign (crisis.py): neither here.
    unread = np.array(
        [
            not a.hits and (short_question(t) or len(t.split()) < NEIGHBOUR_MIN_WORDS)
            for a, t in zip(assessments, texts, strict=True)
        ]
    )
    margins[unread] = -np.inf
    negatives = (labels == CLASSES.index("none")) & ~flagged
    thresholds: dict[str, float] = {}
    spreads: dict[str, float] = {}
    for column, category in enumerate(CATEGORIES):
        # Over every not-yet-flagged negative, those the floor keeps unread included: the
        # share is of the negatives, not of the readable ones.
        column_margins = margins[negatives, column]
        readable = column_margins[np.isfinite(column_margins)]
        floored = np.where(np.isfinite(column_margins), column_margins, -1e9)
        cut = float(np.quantile(floored, 1.0 - ADDED_FP_SHARE)) if len(floored) else 0.0
        cut = max(cut, float(readable.min())) if len(readable) else 0.0
        positives = margins[labels == CLASSES.index(category), column]
        above = positives[np.isfinite(positives) & (positives >= cut)]
        # Half the probability scale spans the threshold to the typical clear crisis.
        spread = float(np.median(above) - cut) if len(above) else 0.1
        thresholds[category] = round(cut, 6)
        spreads[category] = round(max(spread, 0.02), 6)

    recall = {}
    for column, category in enumerate(CATEGORIES):
        mine = labels == CLASSES.index(category)
        alone = margins[mine, column] >= thresholds[category]
        recall[category] = {
            "alone": round(float(alone.mean()), 4),
            "with_others": round(float((alone | flagged[mine]).mean()), 4),
            "others": round(float(flagged[mine].mean()), 4),
        }
    none = labels == CLASSES.index("none")
    added = np.zeros(len(pool), dtype=bool)
    for column, category in enumerate(CATEGORIES):
        added |= margins[:, column] >= thresholds[category]
    meta = {
        "version": ARTEFACT_VERSION,
        "classes": list(CLASSES),
        "embedding_model": embedder.model_id,
        "k": K,
        "floor": FLOOR,
        "thresholds": thresholds,
        "spreads": spreads,
        "out_of_family": {
            "recall": recall,
            "false_positives_others": round(float(flagged[none].mean()), 4),
            "false_positives_with_neighbours": round(float((flagged | added)[none].mean()), 4),
        },
        "training": {
            "sources": [f"{folder}: {', '.join(splits)}" for folder, splits in NEIGHBOUR_SOURCES],
            "messages": len(pool),
            "labels": dict(Counter(item.label for item in pool)),
            "command": "kapex bench safety --train-neighbours",
        },
    }
    sha = save_neighbours(out, Neighbours(vectors, labels, K, FLOOR), meta)
    return {"meta": meta, "sha256": sha, "path": str(out)}
