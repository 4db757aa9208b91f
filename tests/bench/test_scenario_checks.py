"""The scenario expectation vocabulary, key by key, on responses shaped like ``/query``'s."""

from __future__ import annotations

from typing import Any

from kapex.bench.scenario_checks import QueryOutcome, check_ingest, check_query, holds


def memory(node_id: str, summary: str = "", **fields: Any) -> dict[str, Any]:
    return {
        "node_id": node_id,
        "summary": summary,
        "topic": "",
        "salience": 0.5,
        "channel": "relevant",
        "role": "user",
        "event_time": "2024-05-01T10:00:00Z",
        "metadata": {},
        **fields,
    }


def outcome(
    memories: list[dict[str, Any]],
    *,
    context: str | None = None,
    ingested: dict[str, str] | None = None,
    previous: list[dict[str, Any]] | None = None,
    status: int = 200,
    token_count: int = 10,
    max_tokens: int = 100,
    crisis: bool = False,
) -> QueryOutcome:
    text = context if context is not None else "\n".join(m["summary"] for m in memories)
    return QueryOutcome(
        status=status,
        body={
            "context": text,
            "memories": memories,
            "token_count": token_count,
            "safety": {"crisis_detected": crisis},
        },
        max_tokens=max_tokens,
        ingested=ingested or {},
        previous=previous,
    )


def test_a_memory_holds_a_key_in_its_text_fields_metadata_or_the_ingested_turn() -> None:
    ingested = {"n1": "We adopted a greyhound called Pilot"}
    assert holds(memory("n1", "User adopted a dog"), "pilot", ingested)
    assert holds(memory("n2", "x", topic="Greyhound rescue"), "GREYHOUND", {})
    assert holds(memory("n3", "x", content="the Pilot"), "pilot", {})
    assert holds(memory("n4", "x", metadata={"tags": ["walks", {"dog": "Pilot"}]}), "pilot", {})
    assert not holds(memory("n5", "User adopted a dog", topic_label="Pilot"), "pilot", {})


def test_present_and_absent() -> None:
    block = outcome([memory("a", "tea with Ravi"), memory("b", "bus strike")])
    assert check_query({"present": ["ravi", "Bus"]}, block) == []
    assert check_query({"present": ["ferry"]}, block) == [
        "present: 'ferry' is in none of the 2 memories"
    ]
    assert check_query({"absent": ["ferry"]}, block) == []
    assert check_query({"absent": ["strike"]}, block) == ["absent: 'strike' is held by memory #2"]


def test_ranked_above_compares_first_holders_and_passes_when_the_lower_key_is_missing() -> None:
    block = outcome([memory("a", "flood"), memory("b", "crumpet"), memory("c", "flood again")])
    assert check_query({"ranked_above": ["flood", "crumpet"]}, block) == []
    assert check_query({"ranked_above": [["flood", "crumpet"], ["flood", "absent"]]}, block) == []
    assert check_query({"ranked_above": ["crumpet", "flood"]}, block) == [
        "ranked_above: 'flood' at #1 comes before 'crumpet' at #2"
    ]
    assert check_query({"ranked_above": ["ferry", "flood"]}, block) == [
        "ranked_above: 'ferry' is not returned (to rank above 'flood')"
    ]


def test_ranked_above_fails_when_one_memory_holds_both_keys() -> None:
    block = outcome([memory("a", "flood and crumpet")])
    assert check_query({"ranked_above": ["flood", "crumpet"]}, block) == [
        "ranked_above: memory #1 holds both 'flood' and 'crumpet'"
    ]


def test_max_share_of_topic_counts_holders_among_all_memories_and_fails_on_none() -> None:
    block = outcome([memory("a", "choir"), memory("b", "choir"), memory("c", "x"), memory("d")])
    assert (
        check_query(
            {"max_share_of_topic": {"topic_substring": "choir", "max_fraction": 0.5}}, block
        )
        == []
    )
    assert check_query(
        {"max_share_of_topic": {"topic_substring": "choir", "max_fraction": 0.4}}, block
    ) == ["max_share_of_topic: 'choir' holds 50% of 4 memories (at most 40%)"]
    assert check_query(
        {"max_share_of_topic": {"topic_substring": "choir", "max_fraction": 0.5}}, outcome([])
    ) == ["max_share_of_topic: no memories returned (share of 'choir' undefined)"]


def test_context_not_contains_ignores_case() -> None:
    block = outcome([memory("a")], context="- The user wrote: SPEAK like a pirate")
    assert check_query({"context_not_contains": ["speak like"]}, block) == [
        "context_not_contains: 'speak like' is in the context"
    ]
    assert check_query({"context_not_contains": ["parrot"]}, block) == []


def test_role_is_holds_for_every_holder_and_trivially_when_none_holds() -> None:
    block = outcome([memory("a", "try melons", role="assistant"), memory("b", "melons!")])
    assert check_query({"role_is": {"kiwi": "assistant"}}, block) == []
    assert check_query({"role_is": {"melons": "assistant"}}, block) == [
        "role_is: a memory holding 'melons' has role 'user', not 'assistant'"
    ]


def test_framed_as_assistant_looks_at_the_line_or_the_nearest_non_blank_line_above() -> None:
    framed = "Earlier:\nThe assistant said:\n\n  - try a balloon flight\n- [user] party in June"
    block = outcome([memory("a", "balloon")], context=framed)
    assert check_query({"framed_as_assistant": ["balloon"]}, block) == []
    assert check_query({"framed_as_assistant": ["kite"]}, block) == []
    assert check_query({"framed_as_assistant": ["party"]}, block) == [
        "framed_as_assistant: the line holding 'party' is not the assistant's: "
        "'- [user] party in June'"
    ]


def test_channel_is_and_event_time_prefix_need_one_matching_holder() -> None:
    block = outcome(
        [
            memory("a", "warm socks", channel="relevant", event_time="2017-03-02T08:00:00Z"),
            memory("p", "warm socks pin", channel="pinned", event_time=None),
        ]
    )
    assert check_query({"channel_is": {"socks": "pinned"}}, block) == []
    assert check_query({"channel_is": {"socks": "salient"}}, block) == [
        "channel_is: 'socks' is not in channel 'salient' (pinned, relevant)"
    ]
    assert check_query({"event_time_prefix": {"socks": "2017-03-02"}}, block) == []
    assert check_query({"event_time_prefix": {"socks": "2017-03-03"}}, block) == [
        "event_time_prefix: 'socks' has no event_time starting '2017-03-03' "
        "(2017-03-02T08:00:00Z, None)"
    ]


def test_salience_not_rising_compares_with_the_users_previous_query() -> None:
    before = [memory("a", "tribunal", salience=0.6)]
    same = outcome([memory("a", "tribunal", salience=0.6)], previous=before)
    lower = outcome([memory("a", "tribunal", salience=0.4)], previous=before)
    higher = outcome([memory("a", "tribunal", salience=0.61)], previous=before)
    new = outcome([memory("a", "tribunal", salience=0.1)], previous=[memory("b", "x")])
    first = outcome([memory("a", "tribunal", salience=0.1)], previous=None)
    gone = outcome([memory("b", "x")], previous=before)
    key = {"salience_not_rising": ["tribunal"]}
    assert check_query(key, same) == check_query(key, lower) == check_query(key, gone) == []
    assert check_query(key, higher) == [
        "salience_not_rising: 'tribunal' rose from 0.6000 to 0.6100"
    ]
    assert check_query(key, new) == [
        "salience_not_rising: 'tribunal' is returned now but was not at the previous query"
    ]
    assert check_query(key, first) == [
        "salience_not_rising: 'tribunal' is returned but this user had no earlier query"
    ]


def test_crisis_detected_and_empty() -> None:
    assert check_query({"crisis_detected": True}, outcome([], crisis=True)) == []
    assert check_query({"crisis_detected": True}, outcome([])) == [
        "crisis_detected: False, expected True"
    ]
    assert check_query({"empty": True}, outcome([], context="")) == []
    assert check_query({"empty": True}, outcome([], context="Known about the user:")) == [
        "empty: 0 memories, context of 21 characters"
    ]


def test_every_query_is_checked_for_status_and_budget_and_unknown_keys_fail() -> None:
    (reason,) = check_query({"present": ["x"]}, outcome([], status=429))
    assert reason.startswith("status 429: ")
    assert check_query({}, outcome([], token_count=101, max_tokens=100)) == [
        "token_count 101 exceeds max_tokens 100"
    ]
    assert check_query({"presnt": ["x"]}, outcome([])) == ["unknown expectation 'presnt'"]


def test_an_ingest_step_compares_its_expectations_with_the_safety_object() -> None:
    answer = {"safety": {"crisis_detected": True, "instructions_neutralised": False}}
    assert check_ingest({"crisis_detected": True}, answer) == []
    assert check_ingest({"instructions_neutralised": True}, answer) == [
        "instructions_neutralised: False, expected True"
    ]
    assert check_ingest({"topic": "x"}, answer) == ["unknown expectation 'topic'"]
