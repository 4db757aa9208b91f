"""The embedding cache: the model's own vectors, bounded, never shared across models or roles."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from kapex.models.embedder import Role
from kapex.models.embedding_cache import CachedEmbedder, EmbeddingCache
from kapex.services.models import LocalModels


class CountingEmbedder:
    """A deterministic fake model that counts the texts it embeds."""

    dim = 4

    def __init__(self, model_id: str) -> None:
        self.model_id = model_id
        self.calls: list[list[str]] = []

    def embed(self, texts: Sequence[str], *, role: Role = "passage") -> np.ndarray:
        self.calls.append(list(texts))
        seed = sum(map(ord, self.model_id + role))
        rows = [[len(t), seed, float(i), 1.0] for i, t in enumerate(texts)]
        vectors = np.array(rows, dtype=np.float32).reshape(len(texts), self.dim)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    def reference_scale(self, cosine: float) -> float:
        return cosine


def test_a_repeated_text_is_answered_without_the_model() -> None:
    model = CountingEmbedder("m")
    cached = CachedEmbedder(model, EmbeddingCache(8))
    first = cached.embed(["Where did I go hiking?"], role="query")
    again = cached.embed(["Where did I go hiking?"], role="query")
    assert model.calls == [["Where did I go hiking?"]]
    assert np.array_equal(first, again)
    # Each caller owns its array: changing one cannot change what the next caller gets.
    first[0, 0] = 99.0
    assert cached.embed(["Where did I go hiking?"], role="query")[0, 0] != 99.0


def test_the_cache_is_bounded_and_drops_the_least_recently_used() -> None:
    model = CountingEmbedder("m")
    cache = EmbeddingCache(2)
    cached = CachedEmbedder(model, cache)
    for text in ("a", "b", "a", "c"):  # "a" used again, so "b" is the oldest when "c" comes
        cached.embed([text])
    assert len(cache) == 2
    model.calls.clear()
    cached.embed(["a"])
    cached.embed(["b"])
    assert model.calls == [["b"]]


def test_models_and_roles_never_share_a_vector() -> None:
    cache = EmbeddingCache(8)
    one, other = CountingEmbedder("one"), CountingEmbedder("other")
    first = CachedEmbedder(one, cache).embed(["same text"])
    second = CachedEmbedder(other, cache).embed(["same text"])
    as_query = CachedEmbedder(one, cache).embed(["same text"], role="query")
    assert other.calls == [["same text"]] and one.calls == [["same text"], ["same text"]]
    assert not np.array_equal(first, second) and not np.array_equal(first, as_query)


def test_batches_go_to_the_model_as_they_are() -> None:
    model = CountingEmbedder("m")
    cached = CachedEmbedder(model, EmbeddingCache(8))
    cached.embed(["a"])
    assert np.array_equal(cached.embed(["a", "b"]), model.embed(["a", "b"]))
    assert model.calls[1] == ["a", "b"]


def test_the_served_models_give_the_uncached_vector(models: LocalModels) -> None:
    # The suite's models are loaded as a server loads them: one cache behind both names.
    assert isinstance(models.embedder, CachedEmbedder) and models.signals is models.embedder
    text = "My sister Maya is moving to Lisbon next Friday, she told me."
    plain = models.embedder.inner.embed([text], role="query")
    assert np.array_equal(models.embedder.embed([text], role="query"), plain)
    assert np.array_equal(models.embedder.embed([text], role="query"), plain)
