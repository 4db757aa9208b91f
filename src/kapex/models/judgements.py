"""Small learned judgements over a turn's sentence embedding: gravity, openness, processing.

Contract:

* ``Judgements.load(embedder_model_id)`` loads the heads trained for that embedder from
  ``models/data/``, after checking the file's sha256 against the hash recorded by the training
  command (``judgement_artefacts.ARTEFACTS``). No heads for that embedder is a
  ``ConfigurationError`` that says how to train them; a missing or altered file, or a file made
  for another embedder, is a ``ModelIntegrityError``.
* ``gravity(texts, vectors)`` — how much the event or disclosure in each turn matters in the
  speaker's life, judged from the turn alone: a float in [0, 1] per text. Trained on a bank
  graded from the Holmes–Rahe life-event scale and its 1998 revision (life-change units / 100:
  a death in the family ≈ 0.8, a job loss ≈ 0.6, a marriage ≈ 0.5, moving ≈ 0.35), with
  everyday trivia at 0.03–0.06 and minor notable things (a cold, a parking ticket) at 0.1–0.2.
* ``openness(texts, vectors)`` — how open an input to the memory service is: 1 for an open
  request about the user's life as a whole (a recap, a profile, "what should you keep in
  mind"), 0 for a request about one specific thing or about the world; partly open requests
  (one area of life, one time window) sit near 0.45.
* ``vectors`` are the rows the same embedder produced for ``texts`` (unit length,
  ``(len(texts), dim)``). Both heads are a logistic layer over the vector plus a few cheap text
  features when those helped on held-out families, so a call costs a matrix–vector product.

How the banks, splits and targets were made, and the held-out numbers: ``data/judgements/``
(README) and ``docs/engine.md`` ("Write-time importance").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kapex.errors import ConfigurationError, ModelIntegrityError
from kapex.models.artefacts import per_embedder
from kapex.models.embedder import verify_file
from kapex.models.judgement_artefacts import ARTEFACTS

__all__ = [
    "DATA_DIR",
    "FORMAT",
    "HEADS",
    "TEXT_FEATURES",
    "Head",
    "Judgements",
    "artefact_filename",
    "text_features",
]

DATA_DIR = Path(__file__).parent / "data"
#: Bumped when the artefact's layout changes; the first part of every artefact version.
FORMAT = 1
HEADS = ("gravity", "openness", "processing")
#: Cheap surface features a head may add to the embedding (chosen per head at training).
TEXT_FEATURES = (
    "log_words",
    "question_mark",
    "exclamation",
    "upper_share",
    "first_person",
    "second_person",
)

_WORD = re.compile(r"[a-z']+")
_FIRST_PERSON = frozenset({"i", "me", "my", "mine", "we", "us", "our", "i'm", "i've", "im"})
_SECOND_PERSON = frozenset({"you", "your", "yours", "u", "ur", "you're"})


def artefact_filename(model_id: str) -> str:
    """The artefact file for an embedder: one per embedder id."""
    return per_embedder("judgements", model_id)


def text_features(texts: Sequence[str]) -> np.ndarray:
    """The ``TEXT_FEATURES`` of each text, shape ``(len(texts), len(TEXT_FEATURES))``."""
    rows = np.zeros((len(texts), len(TEXT_FEATURES)), dtype=np.float64)
    for row, text in enumerate(texts):
        words = _WORD.findall(text.lower())
        letters = [c for c in text if c.isalpha()]
        rows[row] = (
            np.log1p(len(text.split())),
            text.rstrip().endswith("?"),
            "!" in text,
            sum(c.isupper() for c in letters) / len(letters) if letters else 0.0,
            any(w in _FIRST_PERSON for w in words),
            any(w in _SECOND_PERSON for w in words),
        )
    return rows


@dataclass(frozen=True)
class Head:
    """One judgement: ``sigmoid(vector · w + standardised(text features) · v + bias)``.

    ``feature_mean``/``feature_scale`` are empty when the head uses no text features.
    """

    name: str
    vector_weights: np.ndarray
    feature_weights: np.ndarray
    feature_mean: np.ndarray
    feature_scale: np.ndarray
    bias: float

    @property
    def uses_text_features(self) -> bool:
        return self.feature_weights.size > 0

    def score(self, texts: Sequence[str], vectors: np.ndarray) -> np.ndarray:
        logits = vectors.astype(np.float64) @ self.vector_weights + self.bias
        if self.uses_text_features:
            standard = (text_features(texts) - self.feature_mean) / self.feature_scale
            logits = logits + standard @ self.feature_weights
        probabilities: np.ndarray = 1.0 / (1.0 + np.exp(-logits))
        return probabilities

    def arrays(self) -> dict[str, np.ndarray]:
        """The head's arrays under the names the artefact stores them."""
        return {
            f"{self.name}_vector_weights": self.vector_weights,
            f"{self.name}_feature_weights": self.feature_weights,
            f"{self.name}_feature_mean": self.feature_mean,
            f"{self.name}_feature_scale": self.feature_scale,
            f"{self.name}_bias": np.array(self.bias),
        }

    @classmethod
    def from_arrays(cls, name: str, data: dict[str, np.ndarray]) -> Head:
        return cls(
            name=name,
            vector_weights=np.asarray(data[f"{name}_vector_weights"], dtype=np.float64),
            feature_weights=np.asarray(data[f"{name}_feature_weights"], dtype=np.float64),
            feature_mean=np.asarray(data[f"{name}_feature_mean"], dtype=np.float64),
            feature_scale=np.asarray(data[f"{name}_feature_scale"], dtype=np.float64),
            bias=float(data[f"{name}_bias"]),
        )


class Judgements:
    """The judgement heads (``HEADS``) trained for one embedder."""

    def __init__(self, *, model_id: str, version: str, dim: int, heads: dict[str, Head]) -> None:
        self.model_id = model_id
        self.version = version
        self.dim = dim
        self._gravity = heads["gravity"]
        self._openness = heads["openness"]
        self._processing = heads["processing"]

    @classmethod
    def load(cls, embedder_model_id: str, *, directory: Path | None = None) -> Judgements:
        """The checked heads for ``embedder_model_id`` (``directory`` defaults to the package's)."""
        entry = ARTEFACTS.get(embedder_model_id)
        if entry is None:
            known = ", ".join(sorted(ARTEFACTS)) or "none"
            raise ConfigurationError(
                f"no judgement heads were trained for embedder {embedder_model_id!r} "
                f"(trained for: {known}); train them with "
                f"`kapex bench judgements --train --embedder {embedder_model_id}`"
            )
        path = (directory or DATA_DIR) / entry["file"]
        verify_file(path, entry["sha256"])
        with np.load(path, allow_pickle=False) as stored:
            data = {key: stored[key] for key in stored.files}
        if str(data["model_id"]) != embedder_model_id or str(data["version"]) != entry["version"]:
            raise ModelIntegrityError(
                f"{path.name} holds heads for {str(data['model_id'])!r} version "
                f"{data['version']!s}, not {embedder_model_id!r} version {entry['version']}; "
                "reinstall kapex or retrain the heads"
            )
        return cls(
            model_id=embedder_model_id,
            version=entry["version"],
            dim=int(data["dim"]),
            heads={name: Head.from_arrays(name, data) for name in HEADS},
        )

    def gravity(self, texts: Sequence[str], vectors: np.ndarray) -> np.ndarray:
        """How much each turn's event matters in the speaker's life, in [0, 1]."""
        return self._gravity.score(texts, self._checked(texts, vectors))

    def openness(self, texts: Sequence[str], vectors: np.ndarray) -> np.ndarray:
        """How open each input is: 1 about the user's life as a whole, 0 about one thing."""
        return self._openness.score(texts, self._checked(texts, vectors))

    def processing(self, texts: Sequence[str], vectors: np.ndarray) -> np.ndarray:
        """How far each turn shows a matter being worked through or come through, in [0, 1]."""
        return self._processing.score(texts, self._checked(texts, vectors))

    def _checked(self, texts: Sequence[str], vectors: np.ndarray) -> np.ndarray:
        if vectors.ndim != 2 or vectors.shape != (len(texts), self.dim):
            raise ValueError(
                f"expected one {self.dim}-dimensional vector from {self.model_id} per text "
                f"({len(texts)} texts), got an array of shape {vectors.shape}"
            )
        return vectors
