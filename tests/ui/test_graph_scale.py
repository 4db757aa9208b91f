"""The graph view at the trial tier's cap: 5,000 memories of one user.

Ingesting 5,000 turns through the models takes minutes, so this user's graph is written
straight into the real database (the same tables ingest fills): topics of very different
sizes, entities mostly inside one topic and some shared across topics. Timings are printed,
not asserted (``docs/inspector.md`` records them).
"""

from __future__ import annotations

import itertools
import time
import uuid
from datetime import timedelta
from typing import Any

import numpy as np
import pytest
from playwright.sync_api import expect
from sqlalchemy import insert, update

from kapex.models.embedder import DIM
from kapex.store.schema import edges, entities, nodes, users
from tests.conftest import START
from tests.ui.conftest import Page, Server

pytestmark = pytest.mark.slow

MEMORIES = 5000
WORDS = [
    "garden",
    "cello",
    "thesis",
    "wedding",
    "running",
    "Lisbon",
    "knee",
    "apartment",
    "budget",
    "sister",
    "job",
    "dog",
    "recipe",
    "violin",
    "travel",
    "insomnia",
    "promotion",
    "therapy",
    "marathon",
    "novel",
    "exam",
    "move",
    "cat",
    "car",
    "loan",
    "friend",
    "father",
    "mother",
    "garden-club",
    "choir",
    "chess",
    "climbing",
]


def _topics(rng: np.random.Generator) -> list[str]:
    """Topic names with Zipf-like sizes: a few big topics and a long tail of small ones."""
    names = [f"{a} {b}" for a, b in itertools.permutations(WORDS, 2)]
    rng.shuffle(names)
    sizes = np.maximum(1, (1000 / np.arange(1, len(names) + 1) ** 1.05).astype(int))
    chosen: list[str] = []
    for name, size in zip(names, sizes, strict=False):
        chosen += [name] * int(size)
        if len(chosen) >= MEMORIES:
            break
    return chosen[:MEMORIES]


def write_big_graph(server: Server, tenant_id: str, user: str) -> int:
    """Write ``MEMORIES`` memories, their entities and links; returns the number of topics."""
    rng = np.random.default_rng(7)
    topics = _topics(rng)
    vectors = rng.normal(size=(MEMORIES, DIM)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    first: dict[str, str] = {}
    rows: list[dict[str, Any]] = []
    entity_rows: list[dict[str, Any]] = []
    edge_rows: list[dict[str, Any]] = []
    entity_ids: dict[str, str] = {}
    for i, topic in enumerate(topics):
        node_id = str(uuid.uuid4())
        theme = first.setdefault(topic, node_id)
        when = START - timedelta(days=int(rng.integers(1, 400)), hours=int(rng.integers(0, 24)))
        # Entities named after the topic's words; one in ten memories mentions a shared one.
        names = [topic.split()[0].title()]
        if i % 10 == 0:
            names.append(WORDS[int(rng.integers(0, 6))].title() + " Club")
        for name in names:
            if name not in entity_ids:
                entity_ids[name] = str(uuid.uuid4())
                entity_rows.append(
                    {
                        "entity_id": entity_ids[name],
                        "tenant_id": tenant_id,
                        "user_id": user,
                        "name": name,
                        "norm_name": name.lower(),
                        "label": "ORG",
                        "first_seen": when,
                        "last_seen": when,
                        "mention_count": 1,
                    }
                )
            edge_rows.append(
                {
                    "edge_id": str(uuid.uuid4()),
                    "tenant_id": tenant_id,
                    "user_id": user,
                    "src_id": node_id,
                    "dst_id": entity_ids[name],
                    "kind": "mentions",
                    "created_at": when,
                }
            )
        base = float(rng.beta(2, 3))
        row = {
            "node_id": node_id,
            "tenant_id": tenant_id,
            "user_id": user,
            "node_type": "memory",
            "seq": i + 1,
            "topic": topic,
            "theme_id": theme,
            "summary": f"Memory {i} about {topic}: note number {i}.",
            "content": f"Memory {i} about {topic}: note number {i}.",
            "role": "user",
            "session_id": f"s{i // 40}",
            "domain": "general",
            "event_time": when,
            "created_at": when,
            "updated_at": when,
            "last_accessed_at": None,
            "base_score": base,
            "signals": {
                "base_score": base,
                "sdv": 0.3,
                "cscv": 0.0,
                "lcs": 0.6,
                "swv": 0.2,
                "pdv": 0.0,
                "signal_modifiers_applied": False,
                "modifiers": [],
            },
            "processing_count": int(rng.integers(0, 3) == 0),
            "last_remention_at": None,
            "remention_count": 0,
            "entities": names,
            "safety": {"crisis_detected": i % 500 == 0, "pii_redacted": []},
            "metadata": {},
            "model_id": "synthetic",
            "embedding": vectors[i].tobytes(),
        }
        # Newer schemas name topics on the node itself.
        if "topic_id" in nodes.c:
            row["topic_id"] = theme
        if "topic_label" in nodes.c:
            row["topic_label"] = topic
        rows.append({k: v for k, v in row.items() if k in nodes.c})
    with server.services.engine.begin() as conn:
        conn.execute(
            insert(users).values(
                tenant_id=tenant_id,
                user_id=user,
                created_at=START,
                last_active_at=START,
                revision=1,
                node_count=0,
            )
        )
        conn.execute(insert(nodes), rows)
        conn.execute(insert(entities), entity_rows)
        conn.execute(insert(edges), edge_rows)
        conn.execute(
            update(users)
            .where(users.c.tenant_id == tenant_id, users.c.user_id == user)
            .values(node_count=MEMORIES, revision=2)
        )
    return len(first)


def test_the_graph_stays_readable_at_five_thousand_memories(tab: Page, server: Server) -> None:
    with server.client() as anonymous:
        made = anonymous.post(
            "/trial/signup",
            json={
                "company_name": "Scale Co",
                "email": f"scale-{uuid.uuid4().hex[:8]}@example.com",
                "name": "Sam Doe",
            },
        ).json()
    server.services.accounts.set_tier(made["tenant_id"], "scale")
    topics = write_big_graph(server, made["tenant_id"], "big")

    timings = []
    with server.client(made["api_key"]) as api:
        for _ in range(2):  # the first builds the user's in-memory view, the second reuses it
            started = time.perf_counter()
            graph = api.get("/users/big/graph")
            timings.append((time.perf_counter() - started) * 1000)
    assert graph.status_code == 200
    assert graph.json()["total_memories"] == MEMORIES and not graph.json()["truncated"]

    page = tab.enter_key(made["api_key"])
    started = time.perf_counter()
    page.goto(f"{server.url}/ui#/users/big/graph")
    canvas = page.get_by_role("img", name="Memory graph of big", exact=False)
    canvas.wait_for(timeout=60_000)
    page.wait_for_function("document.querySelector('canvas')?.dataset.drawMs !== undefined")
    shown_ms = (time.perf_counter() - started) * 1000
    assert canvas.get_attribute("data-memories") == str(MEMORIES)
    # Past 80 topics the long tail shares one circle: what is drawn stays countable.
    assert topics > 80
    assert canvas.get_attribute("data-clusters") == "80"
    clusters = page.get_by_role("list", name="Topics on the map").get_by_role("button")
    expect(clusters).to_have_count(80)
    expect(clusters.last).to_have_text(f"{topics - 79} smaller topics")
    print(
        f"\n5,000-memory graph: GET /graph {timings[0]:.0f} ms cold, {timings[1]:.0f} ms warm, "
        f"layout {canvas.get_attribute('data-layout-ms')} ms, "
        f"first draw {canvas.get_attribute('data-draw-ms')} ms, "
        f"page to drawn {shown_ms:.0f} ms (noisy: shared machine)"
    )
    tab.screenshot("graph-5000")

    clusters.first.click()
    expect(clusters.first).to_have_attribute("aria-pressed", "true")
    box = canvas.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    picked = page.get_by_role("region", name="Selected memory")
    picked.wait_for()
    assert "Memory" in picked.inner_text()
