"""A message's vectors: the whole message's, and for a long one its passages'.

One model call embeds every message of a batch whole and every passage of its long messages
(``embed_messages``). A message's vector is always the model's reading of the message itself
(up to the model's input limit), as a plain dense retriever would embed it; a long message's
passages get vectors of their own, which choose the passage its block line shows.

Why not the mean of the passages' vectors (which read the whole message at no extra model
call)? On BEAM's long user–assistant chats (docs/benchmarks.md) ranking messages by that mean
lost 7 points of evidence recall at 1,000 tokens against the whole-message embedding on chats
1–5 and 8 on chats 6–10 (0.521 / 0.530 against 0.592 / 0.613): a mean of 60-word pieces is
a blur of everything the message covers, while the opening the model reads whole says what
the message is about. The extra cost is one embedding per long message.
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
        # The message whole first, then (for a long message) each of its passages.
        texts += [message or " ", *passages] if len(passages) > 1 else [message or " "]
        spans.append((start, len(texts)))
    vectors = embedder.embed(texts)
    out: list[MessageVectors] = []
    for (start, end), passages in zip(spans, pieces, strict=True):
        whole = np.asarray(vectors[start], dtype=np.float32)
        if end - start == 1:
            out.append(MessageVectors(whole, [], None))
            continue
        out.append(MessageVectors(whole, passages, vectors[start + 1 : end]))
    return out


def stored_passages(
    passages: list[str] | None, blob: bytes | None, *, dim: int
) -> tuple[list[str], np.ndarray | None]:
    """The passages of a stored node and their vectors (empty and None when it has none)."""
    if not passages or blob is None:
        return [], None
    return list(passages), np.frombuffer(blob, dtype=np.float32).reshape(len(passages), dim)


__all__ = ["MessageVectors", "embed_messages", "stored_passages"]
