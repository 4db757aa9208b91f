"""The neighbour head: a message read against the labelled messages it most resembles.

Why: the softmax heads draw one straight boundary through embedding space per category, and
crisis wording and its hard negatives (denials, a resolved past, grief, jokes) lie close
together in it, so the boundary that keeps false positives low also loses most crises whose
wording no cue lists. Asking instead "which labelled messages is this one nearest to, and are
they crises or the look-alikes that are not?" keeps every local distinction the bank's
writers drew: a message counts as a crisis of a category when its nearest crises of that
category are clearly nearer than its nearest non-crises. Measured by leave-family-out
cross-validation and on sets no one trained on, it catches crises neither the cues nor the
softmax heads catch (``docs/safety.md``).

Contract: ``NeighbourHead.load()`` reads the shipped artefact ``data/crisis-neighbours.npz``,
checks its sha256 against ``ARTEFACT_SHA256`` and holds the labelled messages' unit vectors
(of ``embedding_model``: the detector feeds it the MiniLM vector it already has, so the head
costs one small matrix product, no embedding). ``margins(vector)`` gives, per category, the
mean similarity of the ``k`` nearest messages of that category minus the mean similarity of
the ``k`` nearest non-crises — or ``None`` where the nearest crises are not similar enough
(``floor``) for the comparison to mean anything (ordinary chat is far from both).
``probabilities(vector)`` maps the margins onto [0, 1] so that each category's threshold
(chosen by ``kapex bench safety --train-neighbours``, ``kapex.bench.crisis_train_neighbours``)
lands on 0.5.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from kapex.models.artefacts import write_arrays
from kapex.models.embedder import verify_file
from kapex.safety.crisis_lexicon import CATEGORIES
from kapex.safety.crisis_model import CLASSES

__all__ = [
    "ARTEFACT_PATH",
    "ARTEFACT_SHA256",
    "ARTEFACT_VERSION",
    "NeighbourHead",
    "Neighbours",
    "margins_of",
    "save_neighbours",
]

ARTEFACT_PATH = Path(__file__).parent / "data" / "crisis-neighbours.npz"
ARTEFACT_SHA256 = "a339f4043fc9f3dba289e40f35e5dcd167190457396c492ce5d1abe95524f748"
ARTEFACT_VERSION = 1


@dataclass(frozen=True)
class Neighbours:
    """The labelled messages and how they are read (the artefact's content)."""

    #: Unit vectors, one row per labelled message (stored as float16: half the file, and
    #: cosine similarities move by less than 1e-3; training reads the stored precision).
    vectors: np.ndarray
    #: Index into ``CLASSES`` per row.
    labels: np.ndarray
    #: How many nearest messages of a class are averaged.
    k: int
    #: Below this mean similarity to a category's nearest crises, the category is not read.
    floor: float


def margins_of(similarities: np.ndarray, labels: np.ndarray, k: int, floor: float) -> np.ndarray:
    """Per row of ``similarities`` (queries × labelled messages), each category's margin
    (module contract); ``-inf`` where the nearest crises of a category are below ``floor``.
    Training calls this with a family's own messages masked out, the head with none."""

    def top_mean(mask: np.ndarray) -> np.ndarray:
        masked = np.where(mask[None, :], similarities, -1.0)
        kth = min(k, int(mask.sum())) or 1
        top: np.ndarray = np.sort(masked, axis=1)[:, -kth:].mean(axis=1)
        return top

    nearest_none = top_mean(labels == CLASSES.index("none"))
    nearest = [top_mean(labels == CLASSES.index(category)) for category in CATEGORIES]
    return _margins(nearest_none, nearest, floor)


def _margins(nearest_none: np.ndarray, nearest: list[np.ndarray], floor: float) -> np.ndarray:
    columns = [np.where(near >= floor, near - nearest_none, -np.inf) for near in nearest]
    margins: np.ndarray = np.stack(columns, axis=1)
    return margins


def _top_mean_of_one(similarities: np.ndarray, rows: np.ndarray, k: int) -> np.ndarray:
    """``margins_of``'s ``top_mean`` for one query, bit for bit, without sorting every row.

    There, the class's ``kth`` largest values are taken from the whole row with the other
    rows set to -1.0, sorted ascending and averaged. The ``kth`` largest of that multiset are
    among the class's own ``kth`` largest and ``kth`` of the -1.0s, so those few are sorted
    instead (a partition finds them) and averaged in the same order and shape.
    """
    kth = min(k, rows.size) or 1
    picked = similarities[rows]
    if picked.size > kth:
        picked = np.partition(picked, picked.size - kth)[-kth:]
    others = min(kth, similarities.size - rows.size)
    if others:
        picked = np.concatenate([picked, np.full(others, -1.0, dtype=picked.dtype)])
    top: np.ndarray = np.sort(picked)[None, -kth:].mean(axis=1)
    return top


class NeighbourHead:
    """The checked labelled vectors and per-category thresholds; read-only, share freely."""

    def __init__(self, neighbours: Neighbours, meta: dict[str, Any]) -> None:
        self._neighbours = neighbours
        self.meta = meta
        self.embedding_model: str = meta["embedding_model"]
        #: Margin at which each category is called, and the margin spread that maps onto
        #: half of the probability scale (so confidence grows with the margin).
        self._cut = np.array([meta["thresholds"][c] for c in CATEGORIES], dtype=np.float32)
        self._spread = np.array([meta["spreads"][c] for c in CATEGORIES], dtype=np.float32)
        #: What ``crisis._decide`` compares ``probabilities`` with.
        self.thresholds = dict.fromkeys(CATEGORIES, 0.5)
        #: Each class's rows, found once: ``margins`` reads only these.
        self._rows = {
            name: np.flatnonzero(neighbours.labels == CLASSES.index(name))
            for name in ("none", *CATEGORIES)
        }

    @classmethod
    def load(cls, path: Path = ARTEFACT_PATH, *, sha256: str = ARTEFACT_SHA256) -> NeighbourHead:
        verify_file(path, sha256)
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            vectors = data["vectors"].astype(np.float32)
            labels = data["labels"].astype(np.int64)
        if meta.get("version") != ARTEFACT_VERSION or tuple(meta["classes"]) != CLASSES:
            raise ValueError(f"{path} is not a version {ARTEFACT_VERSION} neighbour head")
        return cls(Neighbours(vectors, labels, int(meta["k"]), float(meta["floor"])), meta)

    def _similarities(self, vector: np.ndarray) -> np.ndarray:
        unit = np.asarray(vector, dtype=np.float32)
        unit = unit / max(float(np.linalg.norm(unit)), 1e-9)
        similarities: np.ndarray = self._neighbours.vectors @ unit
        return similarities

    def _nearest(self, similarities: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
        k = self._neighbours.k
        nearest_none = _top_mean_of_one(similarities, self._rows["none"], k)
        return nearest_none, [_top_mean_of_one(similarities, self._rows[c], k) for c in CATEGORIES]

    def margins(self, vector: np.ndarray) -> np.ndarray:
        # What margins_of((n.vectors @ unit)[None, :], n.labels, n.k, n.floor)[0] gives, bit
        # for bit (tests/safety/test_crisis_neighbours.py compares them), at a fraction of
        # the cost: every request the cues leave undecided is read here.
        nearest_none, nearest = self._nearest(self._similarities(vector))
        row: np.ndarray = _margins(nearest_none, nearest, self._neighbours.floor)[0]
        return row

    def nearest_crisis(self, vector: np.ndarray) -> float:
        """The mean similarity of the ``k`` labelled crises of one category nearest to
        ``vector``, for the category where it is highest: how close the message is to any
        crisis at all (ordinary chat is far from all of them)."""
        return self.read(vector)[1]

    def read(self, vector: np.ndarray) -> tuple[dict[str, float], float]:
        """``probabilities(vector)`` and ``nearest_crisis(vector)`` from one product."""
        nearest_none, nearest = self._nearest(self._similarities(vector))
        margins = _margins(nearest_none, nearest, self._neighbours.floor)[0]
        return self._scaled(margins), max(float(n[0]) for n in nearest)

    def probabilities(self, vector: np.ndarray) -> dict[str, float]:
        """Each category's margin on a [0, 1] scale where its threshold is 0.5."""
        return self._scaled(self.margins(vector))

    def _scaled(self, margins: np.ndarray) -> dict[str, float]:
        scaled = 0.5 + 0.5 * (margins - self._cut) / self._spread
        clipped = np.clip(np.nan_to_num(scaled, neginf=0.0), 0.0, 1.0)
        return {c: float(clipped[i]) for i, c in enumerate(CATEGORIES)}


def save_neighbours(path: Path, neighbours: Neighbours, meta: dict[str, Any]) -> str:
    """Write an artefact ``NeighbourHead.load`` reads and return its sha256."""
    return write_arrays(
        path,
        {
            "meta": np.asarray(json.dumps(meta, sort_keys=True)),
            "vectors": neighbours.vectors.astype(np.float16),
            "labels": neighbours.labels.astype(np.int8),
        },
    )
