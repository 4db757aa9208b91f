"""The write path's long-message work leaves chat turns as they were, and stores long
messages whole.

``CHAT_EXPECTED`` was recorded by ``_record`` on the code before the long-message changes
(commit 41dc269): chat-length turns, one at a time and in a batch, must store the same memory
and the same scores, whatever is done to make a 2,000-character message cheaper. Its
``crisis_confidence`` values were re-recorded when the crisis model itself changed (the
five-author heads, 7 December; the acceptance families, crisis11), and each memory's
``thread`` was added when threads came (7 December); the ``entities`` of names mentioned a
second time were re-recorded when a known name kept its spelling instead of coming back
lower-cased (seventh session): every other field is as first recorded.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from kapex.bench.corpus import long_messages
from kapex.services.ingest import READ_CHARS
from tests.conftest import Api, ingest

EXPECTED_FILE = Path(__file__).parent / "data" / "chat_turns_before_long_ingest.json"

SINGLE = [
    ("user", "My sister Priya moved to Leeds last month and I miss her a lot."),
    ("assistant", "That sounds hard. Have you two been able to talk since the move?"),
    ("user", "Got milk. They found a lump in my breast. Raining again."),
    ("user", "I start the new job at Halden Systems on Monday, a bit nervous honestly."),
    ("user", "Priya called yesterday! She loves Leeds and wants me to visit in June."),
    ("user", "Can you remind me what my sister said about Leeds?"),
]
BATCH = [
    "We adopted a rescue dog called Biscuit on Saturday.",
    "Biscuit is scared of the hoover but loves the park.",
    "My manager Tomasz wants the quarterly report by Friday.",
]
FLOAT_FIELDS = 4


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, FLOAT_FIELDS)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in sorted(value.items())}
    if isinstance(value, list | tuple):
        return [_rounded(v) for v in value]
    return value


def _record(api: Api) -> list[dict[str, Any]]:
    """What the chat turns store: every field that ingest derives from the text."""
    tenant_id, headers = api.tenant()
    for role, text in SINGLE:
        ingest(api, headers, "u1", text, role=role)
    response = api.client.post(
        "/api/v1/ingest/batch",
        headers=headers,
        json={"user_id": "u1", "items": [{"content": text} for text in BATCH]},
    )
    assert response.status_code == 201, response.text
    rows = api.services.memory_store.load_nodes(tenant_id, "u1")
    vector = lambda blob: np.frombuffer(blob, dtype=np.float32)  # noqa: E731
    # A thread's id is random: recorded as the position of its first memory.
    position: dict[str, int] = {}
    for k, row in enumerate(rows):
        position.setdefault(row.signals["thread"], k)
    return [
        _rounded(
            {
                "content": row.content,
                "topic": row.topic,
                "summary": row.summary,
                "domain": row.domain,
                "base_score": row.base_score,
                "signals": {**row.signals, "thread": position[row.signals["thread"]]},
                "entities": row.entities,
                "safety": row.safety,
                "processing_count": row.processing_count,
                "passages": row.passages,
                "words": row.words,
                # The vector's first components and its sum (a change anywhere shows).
                "embedding": [
                    *map(float, vector(row.embedding)[:8]),
                    float(vector(row.embedding).sum()),
                ],
            }
        )
        for row in rows
    ]


def test_chat_turns_store_the_same_memory_and_scores_as_before(api: Api) -> None:
    expected = json.loads(EXPECTED_FILE.read_text())
    assert _record(api) == expected


def test_a_long_message_is_stored_whole_with_its_late_evidence(api: Api) -> None:
    tenant_id, headers = api.tenant()
    late = " The spare key to the allotment shed is under the blue flowerpot."
    text = next(long_messages(1, seed=3))[: 2000 - len(late)] + late
    assert len(text) == 2000 and text.index("allotment") > READ_CHARS
    ingest(api, headers, "u1", text, role="assistant")
    [row] = api.services.memory_store.load_nodes(tenant_id, "u1")
    assert row.content == text
    assert "blue flowerpot" in row.passages[-1]
    assert "allotment" in row.words.split()
    vectors = np.frombuffer(row.passage_vectors, dtype=np.float32).reshape(len(row.passages), -1)
    assert vectors.shape[0] >= 5 and np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
