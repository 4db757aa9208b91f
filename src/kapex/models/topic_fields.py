"""Topic fields: what people say about the topics they ask an assistant to leave alone.

A suppress pin is a few words in the user's own terms ("drinking", "the miscarriage"); the
memories it must hide mostly never use them ("keeping a bottle behind the paint tins", "no
heartbeat at the scan"). A short phrase and a sentence about it sit far apart in embedding
space. So KAPEX ships, for each topic that people commonly ask to be left alone (the special
categories of personal data, and the topics clinicians and crisis lines list as avoided: a
death, pregnancy loss, an ex, drinking, debt…), the names a user gives it and a small
classifier — a logistic layer over the sentence embedding, one per field — trained on a bank
of sentences people say about it (``data/topic_fields/``), against sentences that share its
words or setting and everyday chat.

Contract:

* ``TopicFields.load(model_id)`` — the fields trained on that retrieval embedder's vectors,
  after checking the artefact's sha256 against ``ARTEFACTS`` (``ModelIntegrityError`` if
  altered); None when no field artefact was built for that embedder (pins then match by
  their own words and meaning only).
* ``fields_for(vectors)`` — the fields whose name or one of its aliases is at least
  ``ALIAS_COSINE`` from one of ``vectors`` (a pin's topic and the things it lists).
* ``classifiers(fields)`` — those fields' weights, ``(k, dim + 1)`` with the bias last;
  ``about(classifiers, vector)`` — the highest probability that a memory is about one of them.
  A memory is about the pin's topic from ``FIELD_LEVEL``.

Built by ``kapex bench fields --build``, which also measures how far the fields reach to
held-out sentences and how often they touch sentences that only share their words or setting,
and LoCoMo's ordinary turns (``docs/benchmarks.md``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kapex.errors import ModelIntegrityError
from kapex.models.artefacts import per_embedder
from kapex.models.embedder import verify_file
from kapex.models.topic_field_artefacts import ARTEFACTS

__all__ = [
    "ALIAS_COSINE",
    "DATA_DIR",
    "FIELD_LEVEL",
    "TopicFields",
    "about",
    "artefact_filename",
]

DATA_DIR = Path(__file__).parent / "data"
#: A pin's topic names a field when it is this close to the field's name or an alias: both
#: are a few words, so the cosines of a topic and its own names run high.
ALIAS_COSINE = 0.6
#: A memory is about a field from this probability (chosen on the bank's held-out sentences,
#: near misses and LoCoMo's turns: ``kapex bench fields``).
FIELD_LEVEL = 0.2


def artefact_filename(model_id: str) -> str:
    """The artefact file for an embedder: one per embedder id."""
    return per_embedder("topic-fields", model_id)


@dataclass(frozen=True)
class TopicFields:
    """``names[i]``'s aliases are the rows of ``alias_vectors`` whose ``alias_field`` is i;
    its classifier is row i of ``weights`` (the bias last)."""

    names: tuple[str, ...]
    alias_vectors: np.ndarray
    alias_field: np.ndarray
    weights: np.ndarray

    @classmethod
    def load(cls, model_id: str, *, directory: Path | None = None) -> TopicFields | None:
        entry = ARTEFACTS.get(model_id)
        if entry is None:
            return None
        path = (directory or DATA_DIR) / entry["file"]
        verify_file(path, entry["sha256"])
        with np.load(path, allow_pickle=False) as stored:
            data = {key: stored[key] for key in stored.files}
        if str(data["model_id"]) != model_id:
            raise ModelIntegrityError(
                f"{path.name} holds fields trained on {str(data['model_id'])!r}, not "
                f"{model_id!r}; reinstall kapex or rebuild with `kapex bench fields --build`"
            )
        return cls(
            names=tuple(str(name) for name in data["names"]),
            alias_vectors=data["alias_vectors"].astype(np.float32),
            alias_field=data["alias_field"].astype(np.int64),
            weights=data["weights"].astype(np.float64),
        )

    def fields_for(self, vectors: np.ndarray) -> tuple[int, ...]:
        """The fields a pin names (module contract), in field order."""
        rows = np.atleast_2d(np.asarray(vectors, dtype=np.float32))
        if not len(rows):
            return ()
        close = (rows @ self.alias_vectors.T).max(axis=0) >= ALIAS_COSINE
        return tuple(sorted({int(f) for f in self.alias_field[close]}))

    def classifiers(self, fields: Sequence[int]) -> np.ndarray:
        """The weights of ``fields``, ``(len(fields), dim + 1)``."""
        return self.weights[list(fields)]


def about(classifiers: np.ndarray, vector: np.ndarray) -> float:
    """The highest probability, over ``classifiers`` (rows of ``TopicFields.classifiers``),
    that the text of ``vector`` is about that field; 0 with no classifier."""
    if not len(classifiers):
        return 0.0
    logits = classifiers[:, :-1] @ vector.astype(np.float64) + classifiers[:, -1]
    return float(1.0 / (1.0 + np.exp(-logits.max())))
