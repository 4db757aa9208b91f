"""Long messages are retrieved by the passage that answers, and the block shows that passage."""

from __future__ import annotations

from tests.conftest import Api, ingest, query

OPENING = (
    "Here is a plan for the garden renovation. First, clear the old beds along the fence and "
    "compost whatever is healthy. Then lay fresh soil, about ten centimetres deep, and rake "
    "it level before the rain. Order the paving stones early because the supplier is slow in "
    "spring. Keep the receipts in one folder so the budget stays visible. "
)
MIDDLE = (
    "Plant the tomatoes against the south wall where they get afternoon sun. Water them "
    "every morning and tie them to canes as they grow. "
)
DEEP = "The irrigation timer for the greenhouse must be reset every 45 days or it stops. "
CLOSING = (
    "Finally, paint the shed in a light colour so it reflects heat in summer. Invite the "
    "neighbours when it is done; they lent you the ladder and will want to see the result. "
    "Take photos before and after so you can compare next year."
)
LONG = OPENING + MIDDLE + OPENING.replace("garden", "yard") + DEEP + CLOSING


def _line_of(block: dict, node_id: str) -> str:
    position = [m["node_id"] for m in block["memories"]].index(node_id)
    lines = [line for line in block["context"].splitlines() if line.startswith("- [")]
    return lines[position]


def test_the_block_shows_the_passage_that_answers_not_the_opening(api: Api) -> None:
    _, headers = api.tenant()
    ingest(api, headers, "u1", "Can you help me plan the garden?")
    long = ingest(api, headers, "u1", LONG, role="assistant")
    ingest(api, headers, "u1", "Thanks, I will start on Saturday.")
    block = query(
        api, headers, "u1", "How often does the greenhouse irrigation timer need a reset?"
    )
    memory = next(m for m in block["memories"] if m["node_id"] == long["node_id"])
    assert "45 days" not in memory["summary"]  # the stored summary is the opening's extract
    line = _line_of(block, long["node_id"])
    assert "45 days" in line and line.count(" ") < 70
    assert "the assistant said:" in line


def test_passages_are_stored_and_survive_a_reload(make_api) -> None:  # type: ignore[no-untyped-def]
    first = make_api()
    tenant_id, headers = first.tenant()
    response = first.client.post(
        "/api/v1/ingest/batch",
        headers=headers,
        json={"user_id": "u1", "items": [{"content": LONG}, {"content": "Short one."}]},
    )
    assert response.status_code == 201, response.text
    long_id = response.json()["results"][0]["node_id"]
    rows = {r.node_id: r for r in first.services.memory_store.load_nodes(tenant_id, "u1")}
    assert len(rows[long_id].passages) >= 4 and rows[long_id].passage_vectors
    assert all(r.passages is None for i, r in rows.items() if i != long_id)

    second = make_api()  # another worker: builds its view from storage
    block = query(second, headers, "u1", "greenhouse irrigation timer reset")
    assert "45 days" in _line_of(block, long_id)
