"""The endpoints the inspector page reads (docs/api.md § Inspecting memory), on both stacks.

Users search and detail, node listing filters and orders with their annotations (topic,
flags, channel), a memory's replayed salience curve, the graph map and pin edits.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.conftest import START, Api, ingest, query

CRISIS = "My husband hit me again last night and he says he'll kill me if I tell anyone."


def get(api: Api, headers: dict[str, str], path: str, **params: Any) -> dict[str, Any]:
    response = api.client.get(f"/api/v1{path}", headers=headers, params=params)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def pin(api: Api, headers: dict[str, str], user: str, topic: str, kind: str) -> dict[str, Any]:
    response = api.client.post(
        f"/api/v1/users/{user}/pins", headers=headers, json={"topic": topic, "kind": kind}
    )
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def ids(listing: dict[str, Any]) -> list[str]:
    return [n["node_id"] for n in listing["nodes"]]


# --- users -----------------------------------------------------------------------------------


def test_users_are_searched_by_id_in_any_case_with_like_wildcards_taken_literally(
    api: Api,
) -> None:
    _, headers = api.tenant()
    for user in ("alice-1", "ALICE-2", "bob", "a_b", "axb"):
        ingest(api, headers, user, f"Hello, I am {user}.")
    found = get(api, headers, "/users", q="alice")
    assert [u["user_id"] for u in found["users"]] == ["ALICE-2", "alice-1"]
    assert found["total"] == 2
    assert [u["user_id"] for u in get(api, headers, "/users", q="_")["users"]] == ["a_b"]
    assert get(api, headers, "/users", q="zzz") == {"users": [], "total": 0, "next_cursor": None}
    everyone = get(api, headers, "/users", limit=2)
    assert everyone["total"] == 5 and len(everyone["users"]) == 2 and everyone["next_cursor"]


def test_a_user_shows_counts_and_the_span_of_their_memories(api: Api) -> None:
    _, headers = api.tenant()
    ingest(api, headers, "span", "I moved to Lisbon.", timestamp="2025-01-05T10:00:00Z")
    ingest(api, headers, "span", "I adopted a cat named Miso.", timestamp="2025-03-01T09:30:00Z")
    pin(api, headers, "span", "peanut allergy", "constraint")
    user = get(api, headers, "/users/span")
    assert user == {
        "user_id": "span",
        "node_count": 2,
        "created_at": user["created_at"],
        "last_active_at": user["last_active_at"],
        "first_event_at": "2025-01-05T10:00:00Z",
        "last_event_at": "2025-03-01T09:30:00Z",
        "pin_count": 1,
    }
    missing = api.client.get("/api/v1/users/nobody", headers=headers)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "NOT_FOUND"


def test_a_user_is_visible_only_to_its_own_tenant(api: Api) -> None:
    _, alice = api.tenant()
    _, mallory = api.tenant("Other Co")
    ingest(api, alice, "private", "My sister Maya lives in Oslo.")
    assert api.client.get("/api/v1/users/private", headers=mallory).status_code == 404
    assert api.client.get("/api/v1/users/private/graph", headers=mallory).status_code == 404
    assert get(api, mallory, "/users", q="private")["total"] == 0


# --- listing filters and orders ---------------------------------------------------------------


def _seed_listing(api: Api, headers: dict[str, str], user: str) -> dict[str, str]:
    made = {
        "cello": ingest(api, headers, user, "I started learning the cello last month."),
        "crisis": ingest(api, headers, user, CRISIS),
        "email": ingest(api, headers, user, "My work email is jordan.park@dataflow.io, use it."),
        "reply": ingest(
            api, headers, user, "That sounds like a big step, well done.", role="assistant"
        ),
        "peanuts": ingest(api, headers, user, "I am severely allergic to peanuts."),
    }
    return {name: body["node_id"] for name, body in made.items()}


def test_every_node_carries_its_topic_channel_flags_and_pins(api: Api) -> None:
    _, headers = api.tenant()
    made = _seed_listing(api, headers, "flags")
    allergy = pin(api, headers, "flags", "peanut allergy", "constraint")
    listing = get(api, headers, "/users/flags/nodes")
    nodes = {n["node_id"]: n for n in listing["nodes"]}
    assert listing["total"] == 5 == len(nodes)
    assert nodes[made["crisis"]]["flags"] == ["crisis"]
    assert nodes[made["email"]]["flags"] == ["pii_redacted"]
    assert "[EMAIL]" in nodes[made["email"]]["summary"]
    assert nodes[made["peanuts"]]["flags"] == ["pinned"]
    assert nodes[made["peanuts"]]["pin_ids"] == [allergy["pin_id"]]
    assert nodes[made["cello"]]["flags"] == [] and nodes[made["cello"]]["pin_ids"] == []
    for node in nodes.values():
        assert node["channel"] in {"salient", "relevant"}
        assert node["topic_id"] and node["topic_label"]
        assert node["superseded_by"] is None


def test_listing_filters_by_role_flag_channel_topic_and_text(api: Api) -> None:
    _, headers = api.tenant()
    made = _seed_listing(api, headers, "filters")

    def listed(**params: Any) -> set[str]:
        body = get(api, headers, "/users/filters/nodes", **params)
        assert body["total"] == len(body["nodes"])
        return set(ids(body))

    assert listed(role="assistant") == {made["reply"]}
    assert made["reply"] not in listed(role="user")
    assert listed(flag="crisis") == {made["crisis"]}
    assert listed(flag=["crisis", "pii_redacted"]) == set()
    assert listed(q="CELLO") == {made["cello"]}
    cello = get(api, headers, f"/users/filters/nodes/{made['cello']}")
    assert made["cello"] in listed(topic=cello["topic_id"])
    assert made["crisis"] not in listed(topic=cello["topic_id"])
    salient, relevant = listed(channel="salient"), listed(channel="relevant")
    assert salient | relevant == set(made.values()) and not salient & relevant

    pin(api, headers, "filters", "cello lessons", "suppress")
    assert listed(channel="hidden") == {made["cello"]} == listed(flag="suppressed")
    assert made["cello"] not in listed(channel="salient") | listed(channel="relevant")


def test_the_salient_channel_holds_what_every_block_considers_unasked(api: Api) -> None:
    _, headers = api.tenant()
    user = "channel"
    ingest(api, headers, user, "My father passed away last week and I keep thinking about it.")
    ingest(api, headers, user, "I had a sandwich for lunch.")
    salient = set(ids(get(api, headers, f"/users/{user}/nodes", channel="salient")))
    assert salient
    # Nothing is relevant at this cut-off, so whatever the block holds came unasked.
    strict = {"updates": {"retrieval": {"min_relevance": 1.0}}}
    assert api.client.put("/api/v1/profile", headers=headers, json=strict).status_code == 200
    block = query(api, headers, user, "What should I cook tonight?", max_tokens=2000)
    offered = {m["node_id"] for m in block["memories"] if m["channel"] == "salient"}
    assert offered and offered <= salient


def test_bad_filter_values_are_refused_and_name_the_field(api: Api) -> None:
    _, headers = api.tenant()
    ingest(api, headers, "bad", "I like tea.")
    for params, field in (
        ({"role": "system"}, "role"),
        ({"channel": "pinned"}, "channel"),
        ({"flag": "dangerous"}, "flag"),
    ):
        response = api.client.get("/api/v1/users/bad/nodes", headers=headers, params=params)
        assert response.status_code == 400, params
        body = response.json()["error"]
        assert body["code"] == "VALIDATION_ERROR"
        assert body["details"][0]["field"].startswith(f"query.{field}")
    for params in ({"order": "random"}, {"direction": "sideways"}):
        response = api.client.get("/api/v1/users/bad/nodes", headers=headers, params=params)
        assert response.status_code == 400, params


def test_orders_run_both_ways_and_pages_never_overlap(api: Api) -> None:
    _, headers = api.tenant()
    user = "orders"
    texts = [
        "My father passed away last week.",
        "I had soup for lunch.",
        "I'm worried about my job security.",
        "I bought new running shoes.",
        "My daughter starts school in September.",
    ]
    for day, text in enumerate(texts):
        ingest(api, headers, user, text, timestamp=(START - timedelta(days=10 - day)).isoformat())

    def values(order: str, key: str, **extra: Any) -> list[Any]:
        body = get(api, headers, f"/users/{user}/nodes", order=order, **extra)
        return [n[key] for n in body["nodes"]]

    assert values("salience", "salience") == sorted(values("salience", "salience"), reverse=True)
    assert values("salience", "salience", direction="asc") == sorted(values("salience", "salience"))
    assert values("recent", "event_time") == sorted(values("recent", "event_time"), reverse=True)
    assert values("recent", "event_time", direction="asc") == sorted(values("recent", "event_time"))
    labels = [label.casefold() for label in values("topic", "topic_label")]
    assert labels == sorted(labels)
    first = get(api, headers, f"/users/{user}/nodes", order="topic", limit=2)
    second = get(
        api, headers, f"/users/{user}/nodes", order="topic", limit=2, cursor=first["next_cursor"]
    )
    assert not set(ids(first)) & set(ids(second)) and first["total"] == 5


# --- one memory ---------------------------------------------------------------------------------


def test_a_memory_replays_its_salience_with_its_processing_marked(api: Api) -> None:
    _, headers = api.tenant()
    user = "curve"
    worry = ingest(
        api, headers, user, "I'm worried about my sister's health.", timestamp=START.isoformat()
    )
    resolution = ingest(
        api,
        headers,
        user,
        "I realise now I was worried about my sister's health because I felt helpless; "
        "we talked it through and I've made peace with it.",
        timestamp=(START + timedelta(days=5)).isoformat(),
    )
    api.clock.set(START + timedelta(days=20))
    detail = get(api, headers, f"/users/{user}/nodes/{worry['node_id']}")
    marks = detail["salience_history"]
    assert marks[0]["event"] == "created" and marks[-1]["event"] == "now"
    assert "processed" in [m["event"] for m in marks]
    processed = next(m for m in marks if m["event"] == "processed")
    curve = detail["salience_curve"]
    assert len(curve) > 50
    assert [p["at"] for p in curve] == sorted(p["at"] for p in curve)
    just_before = next(p for p in curve if p["at"] == processed["at"])
    assert processed["salience"] < just_before["salience"]
    listed = {n["node_id"]: n for n in get(api, headers, f"/users/{user}/nodes")["nodes"]}
    assert curve[-1]["salience"] == marks[-1]["salience"] == listed[worry["node_id"]]["salience"]
    assert detail["topic_id"] == listed[worry["node_id"]]["topic_id"]
    assert set(detail["scoring"]) >= {"base_score", "modifiers"}
    # The resolving turn is born worked through: its replay ends where the list stands too.
    resolved = get(api, headers, f"/users/{user}/nodes/{resolution['node_id']}")
    assert resolved["salience_history"][-1]["salience"] == listed[resolution["node_id"]]["salience"]


def test_a_memory_replays_a_re_mention_as_a_spike_marked_where_it_happened(api: Api) -> None:
    _, headers = api.tenant()
    user = "spike"
    worry = ingest(
        api, headers, user, "I'm worried about my sister's health.", timestamp=START.isoformat()
    )
    again = START + timedelta(days=10)
    ingest(
        api,
        headers,
        user,
        "I'm still worried about my sister's health, nothing has changed.",
        timestamp=again.isoformat(),
    )
    api.clock.set(START + timedelta(days=20))
    detail = get(api, headers, f"/users/{user}/nodes/{worry['node_id']}")
    marks = detail["salience_history"]
    assert [m["event"] for m in marks] == ["created", "remention", "now"]
    spike = marks[1]
    curve = detail["salience_curve"]
    just_before = next(p for p in curve if p["at"] == spike["at"])  # the value before it
    assert spike["salience"] > just_before["salience"]


# --- the graph map ------------------------------------------------------------------------------


def test_the_graph_map_links_memories_to_entities_and_groups_them_by_topic(api: Api) -> None:
    _, headers = api.tenant()
    user = "map"
    ingest(api, headers, user, "My sister Maya is getting married in Porto in June.")
    ingest(api, headers, user, "Maya asked me to give a speech at the wedding.")
    ingest(api, headers, user, "I started learning the cello last month.")
    graph = get(api, headers, f"/users/{user}/graph")
    memories = [n for n in graph["nodes"] if n["kind"] == "memory"]
    assert len(memories) == 3 == graph["total_memories"] and graph["truncated"] is False
    assert sum(t["count"] for t in graph["topics"]) == 3
    assert {m["topic_id"] for m in memories} == {t["topic_id"] for t in graph["topics"]}
    maya = [n for n in graph["nodes"] if n["kind"] == "entity" and n["label"] == "Maya"]
    assert maya and maya[0]["category"]
    on_map = {n["id"] for n in graph["nodes"]}
    assert graph["edges"] and all(
        e["source"] in on_map and e["target"] in on_map for e in graph["edges"]
    )
    assert sum(e["target"] == maya[0]["id"] for e in graph["edges"]) == 2

    top = get(api, headers, f"/users/{user}/graph", limit=1)
    assert top["truncated"] is True and top["total_memories"] == 3
    assert [n["kind"] for n in top["nodes"]].count("memory") == 1
    assert api.client.get(f"/api/v1/users/{user}/graph?limit=0", headers=headers).status_code == 400
    assert api.client.get("/api/v1/users/ghost/graph", headers=headers).status_code == 404


# --- editing pins -------------------------------------------------------------------------------


def test_a_pin_is_edited_in_place_and_the_next_block_follows(api: Api) -> None:
    _, headers = api.tenant()
    user = "edit"
    ingest(api, headers, user, "I'm training for the Berlin marathon in September.")
    made = pin(api, headers, user, "vegetarian", "constraint")
    path = f"/api/v1/users/{user}/pins/{made['pin_id']}"

    noted = api.client.patch(path, headers=headers, json={"note": "no fish either"})
    assert noted.status_code == 200, noted.text
    assert noted.json() == {**made, "note": "no fish either"}
    block = query(api, headers, user, "What should I eat before a long run?")
    assert block["memories"][0]["summary"] == "vegetarian: no fish either"

    renamed = api.client.patch(path, headers=headers, json={"topic": "vegan", "note": None})
    assert renamed.json()["topic"] == "vegan" and renamed.json()["note"] is None
    assert query(api, headers, user, "Dinner ideas?")["memories"][0]["summary"] == "vegan"

    hidden = api.client.patch(
        path, headers=headers, json={"topic": "marathon training", "kind": "suppress"}
    )
    assert hidden.json()["kind"] == "suppress"
    assert query(api, headers, user, "How is my marathon training going?")["memories"] == []
    assert get(api, headers, f"/users/{user}/pins")["pins"] == [hidden.json()]


def test_a_pin_edit_is_checked_like_a_new_pin(api: Api) -> None:
    _, headers = api.tenant()
    made = pin(api, headers, "check", "cats", "constraint")
    path = f"/api/v1/users/check/pins/{made['pin_id']}"
    for body, status in (
        ({"kind": "forget"}, 400),
        ({"topic": ""}, 400),
        ({"colour": "red"}, 400),
        ({"topic": "x" * 501}, 400),
    ):
        response = api.client.patch(path, headers=headers, json=body)
        assert response.status_code == status, body
    unknown = api.client.patch("/api/v1/users/check/pins/nope", headers=headers, json={})
    assert unknown.status_code == 404
    assert api.client.patch(path, json={"note": "x"}).status_code == 401
    _, other = api.tenant("Other Co")
    assert api.client.patch(path, headers=other, json={"note": "x"}).status_code == 404
    scrubbed = api.client.patch(path, headers=headers, json={"note": "call 415-555-0123"})
    assert scrubbed.json()["note"] == "call [PHONE]"


# --- topics and supersession from the ranking work ----------------------------------------


def test_a_superseded_memory_is_flagged_and_names_the_newer_one(api: Api) -> None:
    _, headers = api.tenant()
    user = "moves"
    old = ingest(api, headers, user, "I live in Berlin.", timestamp=START.isoformat())
    new = ingest(
        api,
        headers,
        user,
        "I live in Munich now.",
        timestamp=(START + timedelta(days=30)).isoformat(),
    )
    nodes = {n["node_id"]: n for n in get(api, headers, f"/users/{user}/nodes")["nodes"]}
    assert nodes[old["node_id"]]["superseded_by"] == new["node_id"]
    assert "superseded" in nodes[old["node_id"]]["flags"]
    assert set(ids(get(api, headers, f"/users/{user}/nodes", flag="superseded"))) == {
        old["node_id"]
    }
    graph = get(api, headers, f"/users/{user}/graph")
    assert {"source": new["node_id"], "target": old["node_id"], "kind": "supersedes"} in graph[
        "edges"
    ]


def test_listed_topics_are_the_topics_the_topics_endpoint_reports(api: Api) -> None:
    _, headers = api.tenant()
    made = _seed_listing(api, headers, "topical")
    topics = {t["topic_id"]: t for t in get(api, headers, "/users/topical/topics")["topics"]}
    nodes = get(api, headers, "/users/topical/nodes")["nodes"]
    assert {n["topic_id"] for n in nodes} <= set(topics)
    for node in nodes:
        assert node["topic_label"] == topics[node["topic_id"]]["label"]
    assert len(nodes) == len(made)
