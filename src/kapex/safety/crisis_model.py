"""The learned part of crisis detection: three small softmax heads over a message's features.

Contract: ``CrisisModel.load()`` reads the shipped artefact ``data/crisis-model.npz``,
checks its sha256 against ``ARTEFACT_SHA256`` (a substituted or corrupted file raises
``ModelIntegrityError`` rather than giving plausible wrong answers) and exposes:

* ``embedding_model`` — the id of the sentence-embedding model the heads were trained on. The
  detector must feed vectors of exactly that model; ``CrisisDetector`` embeds the text itself
  when the caller's vectors come from another model;
* ``probabilities(head, embedding, symbolic, text)`` — class probabilities in ``CLASSES``
  order. Head ``"embedding"`` reads the sentence embedding alone; head ``"lexical"`` reads
  which of the artefact's ``vocabulary`` of words and word pairs the text holds
  (``lexical_features``); head ``"combined"`` stacks both heads' log-probabilities with
  ``symbolic_features`` of the clause reading;
* ``thresholds[head][category]`` — per-category decision thresholds chosen on probabilities
  of heads that never saw the message's author (``kapex bench safety --train`` writes them
  into the artefact), never on the test families.

Why a lexical head: a linear head over MiniLM vectors, refitted on the sixth and eighth
rounds' authors, did not move recall on other authors' text (MiniLM places a message by its
topic and style, which change with the author). Words and word pairs that *several* authors
used for a category do carry: the vocabulary keeps only those found in the texts of at least
``MIN_AUTHORS`` of the training authors, so no one writer's phrasing is learned.

The artefact is built by ``kapex bench safety --train`` (``kapex.bench.crisis_train``): the
same inputs give the same weights.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

from kapex.models.artefacts import write_arrays
from kapex.models.embedder import verify_file
from kapex.safety.crisis_clauses import Analysis, Hit
from kapex.safety.crisis_lexicon import CATEGORIES

__all__ = [
    "ARTEFACT_PATH",
    "ARTEFACT_SHA256",
    "CLASSES",
    "HEADS",
    "MIN_AUTHORS",
    "SYMBOLIC_FEATURES",
    "CrisisModel",
    "Head",
    "grams",
    "lexical_features",
    "save_artefact",
    "stacked",
    "symbolic_features",
]

ARTEFACT_PATH = Path(__file__).parent / "data" / "crisis-model.npz"
ARTEFACT_SHA256 = "5d173eb420735b0442996973e6ba1fe454a9c36b20d4563404f109ed8b4b4a39"
ARTEFACT_VERSION = 2
CLASSES = ("none", *CATEGORIES)
HEADS = ("embedding", "lexical", "combined")
#: A word or word pair enters the lexical head's vocabulary only when at least this many
#: training authors used it (``kapex.bench.crisis_train``).
MIN_AUTHORS = 3
_WORD = re.compile(r"[a-z']+")
MESSAGE_FLAGS = ("past", "framed", "addressed", "joking", "tech", "question", "first_person")
_FLAGS = ("negated", "past_resolved", "framed", "addressed", "joking", "tech", "ordinary")
SYMBOLIC_FEATURES = (
    *(f"live:{c}" for c in CATEGORIES),
    *(f"cancelled:{flag}" for flag in _FLAGS),
    "live:means",
    "live:farewell",
    "live:non_english",
    *(f"message:{flag}" for flag in MESSAGE_FLAGS),
)
_NON_ENGLISH = ("es_", "fr_", "de_", "pt_", "it_", "intl_")


def noisy_or(strengths: list[float]) -> float:
    """Independent signs combined: 1 - Π(1 - s)."""
    remaining = 1.0
    for strength in strengths:
        remaining *= 1.0 - strength
    return 1.0 - remaining


def evidence(hits: list[Hit], category: str, *, live_only: bool = True) -> float:
    return noisy_or(
        [h.cue.strength for h in hits if h.cue.category == category and (h.live or not live_only)]
    )


def symbolic_features(analysis: Analysis) -> np.ndarray:
    """The clause reading as numbers, in ``SYMBOLIC_FEATURES`` order."""
    hits = analysis.hits
    values = [evidence(hits, c) for c in CATEGORIES]
    values += [float(any(getattr(h.reading, flag) for h in hits)) for flag in _FLAGS]
    live = [h for h in hits if h.live]
    values.append(noisy_or([h.cue.strength for h in live if h.cue.kind == "means"]))
    values.append(noisy_or([h.cue.strength for h in live if h.cue.kind == "farewell"]))
    values.append(float(any(h.cue.name.startswith(_NON_ENGLISH) for h in live)))
    values += [float(analysis.flags[flag]) for flag in MESSAGE_FLAGS]
    return np.asarray(values, dtype=np.float32)


def grams(text: str) -> set[str]:
    """The words and adjacent word pairs of ``text``, lower-cased (the lexical head's units)."""
    words = _WORD.findall(text.lower())
    return {*words, *(f"{a} {b}" for a, b in pairwise(words))}


def lexical_features(text: str, index: dict[str, int]) -> np.ndarray:
    """1.0 for each vocabulary entry (``index``: entry → column) the text holds, else 0.0."""
    row = np.zeros(len(index), dtype=np.float32)
    columns = [index[g] for g in grams(text) if g in index]
    row[columns] = 1.0
    return row


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=-1, keepdims=True)
    exp = np.exp(shifted)
    probabilities: np.ndarray = exp / exp.sum(axis=-1, keepdims=True)
    return probabilities


@dataclass(frozen=True)
class Head:
    weights: np.ndarray  # (features, classes)
    bias: np.ndarray  # (classes,)

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        return softmax(features @ self.weights + self.bias)


class CrisisModel:
    """The two heads and their thresholds, read from the checked artefact."""

    def __init__(self, heads: dict[str, Head], meta: dict[str, Any]) -> None:
        self._heads = heads
        self.meta = meta
        self.embedding_model: str = meta["embedding_model"]
        self.thresholds: dict[str, dict[str, float]] = meta["thresholds"]
        self.vocabulary: tuple[str, ...] = tuple(meta["vocabulary"])
        self._index = {gram: column for column, gram in enumerate(self.vocabulary)}

    @classmethod
    def load(cls, path: Path = ARTEFACT_PATH, *, sha256: str = ARTEFACT_SHA256) -> CrisisModel:
        verify_file(path, sha256)
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            heads = {
                head: Head(data[f"{head}_weights"].astype(np.float32), data[f"{head}_bias"])
                for head in HEADS
            }
        if meta.get("version") != ARTEFACT_VERSION or tuple(meta["classes"]) != CLASSES:
            raise ValueError(f"{path} is not a version {ARTEFACT_VERSION} crisis model")
        if tuple(meta["symbolic_features"]) != SYMBOLIC_FEATURES:
            raise ValueError(f"{path} was trained on other features; retrain it")
        return cls(heads, meta)

    def probabilities(
        self, embedding: np.ndarray, symbolic: np.ndarray, text: str
    ) -> dict[str, np.ndarray]:
        """Each head's class probabilities for one message, keyed by head: the combined head
        reads the other two, so each is computed once."""
        from_embedding = self._heads["embedding"].probabilities(embedding.astype(np.float32))
        from_lexical = self._heads["lexical"].probabilities(lexical_features(text, self._index))
        combined = self._heads["combined"].probabilities(
            stacked(from_embedding, from_lexical, symbolic)
        )
        return {"embedding": from_embedding, "lexical": from_lexical, "combined": combined}


def stacked(
    from_embedding: np.ndarray, from_lexical: np.ndarray, symbolic: np.ndarray
) -> np.ndarray:
    """The combined head's input: the embedding and lexical heads' log-probabilities beside
    the clause reading. Stacking keeps the combined head small (a few dozen weights), so it
    learns how far to trust each kind of evidence instead of re-learning either space."""
    logs = [np.log(np.clip(p, 1e-6, 1.0)) for p in (from_embedding, from_lexical)]
    return np.concatenate([*logs, symbolic], axis=-1).astype(np.float32)


def save_artefact(path: Path, heads: dict[str, Head], meta: dict[str, Any]) -> str:
    """Write an artefact ``CrisisModel.load`` reads and return its sha256."""
    arrays: dict[str, np.ndarray] = {"meta": np.asarray(json.dumps(meta, sort_keys=True))}
    for name, head in heads.items():
        arrays[f"{name}_weights"] = head.weights.astype(np.float32)
        arrays[f"{name}_bias"] = head.bias.astype(np.float32)
    return write_arrays(path, arrays)
