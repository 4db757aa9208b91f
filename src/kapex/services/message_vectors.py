"""A message's vectors: the whole message's, and for a long one its passages'.

One model call embeds every passage of every message of a batch (``embed_messages``); a
one-passage message (a chat turn) is embedded whole, as it always was. A long message's
vector is the normalised mean of its passages' vectors: it reads the whole message where a
single embedding would stop at the model's input limit, at no extra model call.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from kapex.engine.passages import split_passages
from kapex.models.embedder import Embedder


@dataclass(frozen=True)
class MessageVectors:
    vector: np.ndarray
    #: Two or more passages of a long message (shown in the block), or empty.
    passages: list[str]
    #: One unit row per passage, or None.
    passage_vectors: np.ndarray | None

    def stored(self) -> tuple[list[str] | None, bytes | None]:
        """The passages and their vectors as the ``nodes`` row keeps them."""
        if not self.passages or self.passage_vectors is None:
            return None, None
        return self.passages, self.passage_vectors.astype(np.float32).tobytes()


def embed_messages(
    embedder: Embedder, messages: Sequence[str], *, shown: Sequence[str] | None = None
) -> list[MessageVectors]:
    """Vectors of ``messages`` in one model call. ``shown``: the text each message's
    passages are cut from when it differs from what is embedded whole (the block shows
    neutralised text); defaults to the messages."""
    shown = messages if shown is None else shown
    pieces = [split_passages(text) for text in shown]
    texts: list[str] = []
    spans: list[tuple[int, int]] = []
    for message, passages in zip(messages, pieces, strict=True):
        start = len(texts)
        texts += passages if len(passages) > 1 else [message or " "]
        spans.append((start, len(texts)))
    vectors = embedder.embed(texts)
    out: list[MessageVectors] = []
    for (start, end), passages in zip(spans, pieces, strict=True):
        if end - start == 1:
            out.append(MessageVectors(vectors[start], [], None))
            continue
        rows = vectors[start:end]
        mean = rows.mean(axis=0)
        whole = mean / max(float(np.linalg.norm(mean)), 1e-12)
        out.append(MessageVectors(whole.astype(np.float32), passages, rows))
    return out


def stored_passages(
    passages: list[str] | None, blob: bytes | None, *, dim: int
) -> tuple[list[str], np.ndarray | None]:
    """The passages of a stored node and their vectors (empty and None when it has none)."""
    if not passages or blob is None:
        return [], None
    return list(passages), np.frombuffer(blob, dtype=np.float32).reshape(len(passages), dim)


__all__ = ["MessageVectors", "embed_messages", "stored_passages"]
