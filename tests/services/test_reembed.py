"""Switching the embedder is safe: vectors of two models are never compared, and
``kapex admin reembed`` moves a tenant's memories to the running model."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kapex.api.app import create_app
from kapex.clock import ManualClock
from kapex.models.embedder import E5Embedder
from kapex.services.container import Services
from kapex.services.models import LocalModels
from kapex.services.reembed import Reembedder
from kapex.store.embeddings import EmbeddingStore
from tests.conftest import START, Api, ingest, make_settings, query


@pytest.fixture(scope="module")
def e5() -> E5Embedder:
    return E5Embedder()


def _app_with(backend: dict[str, Any], models: LocalModels) -> Api:
    services = Services.build(make_settings(backend), models=models)
    clock = ManualClock(START)
    client = TestClient(create_app(services, clock=clock))
    client.__enter__()
    return Api(client=client, services=services, clock=clock)


def _relevant(api: Api, headers: dict[str, str], text: str) -> list[str]:
    """The memories retrieval found for ``text`` (relevance above zero)."""
    block = query(api, headers, "u1", text)
    return [m["summary"] for m in block["memories"] if m["relevance"] > 0]


def test_memories_of_another_model_are_never_compared_until_reembedded(
    make_api: Any, backend: dict[str, Any], models: LocalModels, e5: E5Embedder
) -> None:
    minilm_api = make_api()
    tenant_id, headers = minilm_api.tenant()
    ingest(minilm_api, headers, "u1", "I adopted a puppy named Coco last spring.")
    ingest(minilm_api, headers, "u1", "The quarterly report is due on Friday.")
    long = " ".join(f"Step {i}: water the tomatoes and check the greenhouse." for i in range(30))
    ingest(minilm_api, headers, "u1", long, role="assistant")
    # Found by meaning alone: no word of the question is in the memory.
    assert any("puppy" in s for s in _relevant(minilm_api, headers, "tell me about my dog"))

    e5_api = _app_with(backend, replace(models, embedder=e5))
    try:
        # Before re-embedding, MiniLM vectors are not read as e5 vectors: no meaning match.
        assert not any("puppy" in s for s in _relevant(e5_api, headers, "tell me about my dog"))
        # Words still find the memory.
        assert any("puppy" in s for s in _relevant(e5_api, headers, "Coco the puppy"))

        migration = Reembedder(store=EmbeddingStore(e5_api.services.engine), embedder=e5)
        assert migration.pending(tenant_id) == 3
        seen: list[int] = []
        assert migration.run(tenant_id, progress=seen.append) == 3
        assert sum(seen) == 3
        assert migration.pending(tenant_id) == 0
        assert migration.run(tenant_id) == 0

        # The revision moved, so the serving worker reloads and compares e5 with e5.
        assert any("puppy" in s for s in _relevant(e5_api, headers, "tell me about my dog"))
        stored = e5_api.services.memory_store.load_nodes(tenant_id, "u1")
        assert {row.model_id for row in stored} == {e5.model_id}
        (cut,) = [row for row in stored if row.passages]
        assert len(cut.passage_vectors) == len(cut.passages) * e5.dim * 4
        # And the MiniLM worker now finds those vectors foreign in turn.
        assert not any("puppy" in s for s in _relevant(minilm_api, headers, "tell me about my dog"))
    finally:
        e5_api.client.__exit__(None, None, None)
        e5_api.services.close()


def test_a_pin_of_another_model_still_suppresses_by_meaning(
    make_api: Any, backend: dict[str, Any], models: LocalModels, e5: E5Embedder
) -> None:
    minilm_api = make_api()
    _tenant_id, headers = minilm_api.tenant()
    response = minilm_api.client.post(
        "/api/v1/users/u1/pins",
        headers=headers,
        json={"topic": "adopting a dog", "kind": "suppress"},
    )
    assert response.status_code == 201, response.text
    e5_api = _app_with(backend, replace(models, embedder=e5))
    try:
        kept = ingest(e5_api, headers, "u1", "The hiking trail was muddy but beautiful.")
        # No word in common with the pin: only meaning can match.
        dropped = ingest(e5_api, headers, "u1", "We got a new puppy.")
        assert kept["node_id"] is not None and "suppressed_by_pin" not in kept
        assert dropped["node_id"] is None and dropped["suppressed_by_pin"]
    finally:
        e5_api.client.__exit__(None, None, None)
        e5_api.services.close()
