"""Training the multilingual head: ``kapex bench safety --train-multilingual``.

Contract: ``train_multilingual(bank_dir, embedder=...)`` fits the softmax head of
``kapex.safety.crisis_multilingual`` on the e5 query embeddings of the bank's ``train``
families, chooses the regularisation and each category's threshold on its ``dev`` families,
writes the artefact and returns a report (settings tried, thresholds, sha256). The bank's
``test`` families, the fresh set and the blind set are never read. The same inputs give the
same artefact (``crisis_train.fit_head`` is deterministic; the artefact's zip entries carry a
fixed date).

Why train on English and use elsewhere: the bank is about 90% English. multilingual-e5 places
a sentence and its translation close together, so a linear head over its space transfers
across languages (cross-lingual transfer); the head is deliberately linear and regularised so
it learns directions of meaning rather than English surface forms. Why thresholds on ``dev``
and not cross-validation as for the MiniLM heads: this head is not stacked with the clause
reading, so it needs no out-of-fold probabilities, and ``dev`` holds the families written
last, the hardest wording the bank has.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from kapex.bench.crisis_bank import load_bank
from kapex.bench.crisis_train import (
    balanced,
    choose_thresholds,
    cv_recall,
    embed_in_batches,
    fit_head,
)
from kapex.models.embedder import Embedder
from kapex.safety.crisis_model import CLASSES, save_artefact
from kapex.safety.crisis_multilingual import ARTEFACT_PATH, ARTEFACT_VERSION, HEAD, ROLE

__all__ = ["L2_GRID", "train_multilingual"]

#: Regularisation tried; the one with the best mean per-category recall on ``dev`` (at the
#: false-positive target of ``crisis_train.choose_thresholds``) is kept.
L2_GRID = (0.003, 0.01, 0.03, 0.1)


def train_multilingual(
    bank_dir: Path, *, embedder: Embedder, out: Path = ARTEFACT_PATH
) -> dict[str, Any]:
    """Fit on ``train``, choose on ``dev``, save; see the module contract."""
    bank = load_bank(bank_dir)
    train_items = [i for i in bank if i.split == "train"]
    dev_items = [i for i in bank if i.split == "dev"]
    x_train, x_dev = (
        embed_in_batches([i.text for i in items], embedder=embedder, desc=f"e5 {d}", role=ROLE)
        for items, d in ((train_items, "train"), (dev_items, "dev"))
    )
    y_train = np.array([CLASSES.index(i.label) for i in train_items], dtype=np.int64)
    y_dev = np.array([CLASSES.index(i.label) for i in dev_items], dtype=np.int64)
    weights = balanced(y_train, np.ones(len(y_train)))
    tried = []
    best: tuple[float, float, Any, dict[str, float]] | None = None
    for l2 in L2_GRID:
        head = fit_head(x_train, y_train, weights, l2=l2)
        dev_probabilities = head.probabilities(x_dev)
        thresholds = choose_thresholds(dev_probabilities, y_dev)
        recall = cv_recall(dev_probabilities, y_dev, thresholds)
        tried.append({"l2": l2, "dev_recall": round(recall, 4)})
        if best is None or recall > best[0]:
            best = (recall, l2, head, thresholds)
    assert best is not None
    recall, l2, head, thresholds = best
    meta = {
        "version": ARTEFACT_VERSION,
        "classes": list(CLASSES),
        "embedding_model": embedder.model_id,
        "role": ROLE,
        "thresholds": thresholds,
        "settings": {"l2": l2},
        "dev_recall": round(recall, 4),
        "training": {
            "bank_train_messages": len(train_items),
            "bank_dev_messages": len(dev_items),
            "labels": dict(Counter(i.label for i in train_items)),
            "languages": dict(Counter(i.lang for i in train_items)),
            "command": "kapex bench safety --train-multilingual",
        },
    }
    sha = save_artefact(out, {HEAD: head}, meta)
    return {"tried": tried, "meta": meta, "sha256": sha, "path": str(out)}
