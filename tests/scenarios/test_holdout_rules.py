"""The held-out and fresh scenario sets obey the writing rules of the scenario format.

Every check runs on each file in ``FILES``. A scenario whose key also sits in an unintended
turn, whose ranked pair shares a turn, or whose question names its own answer measures nothing;
these checks catch that when a file is edited. They read the files only (no server).
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

#: The scenario sets these rules guard: the held-out set and the blind fresh sets (see "The
#: fresh set" and "The second and third fresh sets" in docs/scenarios.md; fresh4 to fresh9
#: are later blind sets weighted the same way).
FILES = (
    "holdout.json",
    "fresh.json",
    "fresh2.json",
    "fresh3.json",
    "fresh4.json",
    "fresh5.json",
    "fresh6.json",
    "fresh7.json",
    "fresh8.json",
    "fresh9.json",
)
#: The sets that keep the development set's family proportions; the later fresh sets weigh
#: the families the first one found weakest.
PROPORTIONAL = ("holdout.json", "fresh.json")
SETS: dict[str, list[dict[str, Any]]] = {
    name: json.loads(Path(__file__).with_name(name).read_text()) for name in FILES
}
ALL = [(name, s) for name, scenarios in SETS.items() for s in scenarios]

QUERY_KEYS = {
    "present",
    "absent",
    "ranked_above",
    "max_share_of_topic",
    "context_not_contains",
    "role_is",
    "framed_as_assistant",
    "channel_is",
    "event_time_prefix",
    "salience_not_rising",
    "crisis_detected",
    "empty",
}
INGEST_KEYS = {"crisis_detected", "instructions_neutralised"}
#: How many scenarios each family has: the development set's proportions, plus three
#: injection scenarios for disguised letters (Cyrillic look-alikes, leetspeak, spaced letters).
FAMILY_SIZES = {
    "cold_start": 6,
    "processing_decay": 4,
    "topic_domination": 3,
    "recency": 4,
    "knowledge_update": 7,
    "assistant": 3,
    "injection": 10,
    "pins": 5,
    "clock": 3,
    "salience": 3,
    "certainty": 3,
    "crisis": 4,
    "empty_or_isolation": 3,
}
_GROUPS = {"suppress_pin": "pins", "constraint_pin": "pins", "empty_user": "empty_or_isolation"}
_GROUPS["isolation"] = "empty_or_isolation"


def _family(name: str) -> str:
    for prefix, family in _GROUPS.items():
        if name.startswith(prefix + "_"):
            return family
    return next(f for f in FAMILY_SIZES if name.startswith(f + "_"))


def _texts(scenario: dict[str, Any], user: str | None = None) -> list[str]:
    """What was written for ``user`` (every user when None): turns, and constraint pins."""
    found = []
    for step in scenario["steps"]:
        if user is not None and step.get("user", "A") != user:
            continue
        if "ingest" in step:
            found.append(step["ingest"]["content"].lower())
        elif "pin" in step:
            found.append(f"{step['pin']['topic']} {step['pin'].get('note', '')}".lower())
    return found


def _queries(scenario: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    return [(i, step) for i, step in enumerate(scenario["steps"]) if "query" in step]


def _pairs(ranked: Any) -> list[list[str]]:
    return [ranked] if ranked and isinstance(ranked[0], str) else list(ranked)


def _problems(scenario: dict[str, Any]) -> list[str]:
    problems = []
    for index, step in _queries(scenario):
        user = step.get("user", "A")
        own, everyone = _texts(scenario, user), _texts(scenario)
        expect = step["expect"]
        asked = step["query"]["current_input"].lower()
        wanted = list(expect.get("present", []))
        wanted += list(expect.get("role_is", {})) + list(expect.get("framed_as_assistant", []))
        wanted += list(expect.get("channel_is", {})) + list(expect.get("event_time_prefix", {}))
        wanted += list(expect.get("salience_not_rising", []))
        wanted += [a for a, _ in _pairs(expect.get("ranked_above", []))]
        for key in wanted:
            if not any(key.lower() in text for text in own):
                problems.append(f"step {index}: {key!r} is in none of user {user}'s turns")
            if key.lower() in asked:
                problems.append(f"step {index}: the question names its answer {key!r}")
        for key in expect.get("absent", []):
            if not any(key.lower() in text for text in everyone):
                problems.append(f"step {index}: {key!r} is written nowhere, so it cannot fail")
        # Besides the span as written, a scenario may list its decoded or folded form (base64
        # decoded, Cyrillic letters read as Latin): a block must not carry either.
        withheld = expect.get("context_not_contains", [])
        if withheld and not any(k.lower() in text for k in withheld for text in everyone):
            problems.append(f"step {index}: none of {withheld!r} is written, nothing to withhold")
        for a, b in _pairs(expect.get("ranked_above", [])):
            if not any(b.lower() in text for text in own):
                problems.append(f"step {index}: {b!r} is in none of the turns, nothing to outrank")
            if any(a.lower() in text and b.lower() in text for text in own):
                problems.append(f"step {index}: {a!r} and {b!r} share a turn")
        share = expect.get("max_share_of_topic")
        if share and not any(share["topic_substring"].lower() in text for text in own):
            problems.append(f"step {index}: topic {share['topic_substring']!r} is never written")
    return problems


@pytest.mark.parametrize("file", PROPORTIONAL)
def test_each_set_has_the_development_sets_families_and_proportions(file: str) -> None:
    assert Counter(_family(s["name"]) for s in SETS[file]) == FAMILY_SIZES


@pytest.mark.parametrize("file", FILES)
def test_every_scenario_is_named_once_and_says_what_it_tests(file: str) -> None:
    names = [s["name"] for s in SETS[file]]
    assert len(names) == len(set(names))
    assert all(len(s["tests"].split()) >= 8 for s in SETS[file])


@pytest.mark.parametrize("file", FILES)
def test_steps_use_only_the_expectation_vocabulary_and_valid_budgets(file: str) -> None:
    for scenario in SETS[file]:
        for step in scenario["steps"]:
            kinds = {"ingest", "pin", "query"} & step.keys()
            assert len(kinds) == 1, scenario["name"]
            assert set(step) <= {"ingest", "pin", "query", "expect", "user"}, scenario["name"]
            if "query" in step:
                assert set(step["expect"]) <= QUERY_KEYS, scenario["name"]
                assert 50 <= step["query"]["max_tokens"] <= 900, scenario["name"]
            if "ingest" in step:
                assert set(step.get("expect", {})) <= INGEST_KEYS, scenario["name"]
                assert step["ingest"]["role"] in ("user", "assistant"), scenario["name"]


@pytest.mark.parametrize("file", FILES)
def test_each_query_comes_after_the_turns_before_it(file: str) -> None:
    """The conversation's clock never runs backwards for a user within a scenario."""
    for scenario in SETS[file]:
        latest: dict[str, datetime] = {}
        for step in scenario["steps"]:
            body = step.get("ingest") or step.get("query")
            if body is None:
                continue
            assert body["timestamp"].endswith("Z"), scenario["name"]
            at = datetime.fromisoformat(body["timestamp"])
            user = step.get("user", "A")
            assert at >= latest.get(user, at), scenario["name"]
            latest[user] = at


@pytest.mark.parametrize(
    ("file", "scenario"), ALL, ids=[f"{file.removesuffix('.json')}-{s['name']}" for file, s in ALL]
)
def test_keys_are_written_where_intended_and_ranked_pairs_never_share_a_turn(
    file: str, scenario: dict[str, Any]
) -> None:
    assert _problems(scenario) == []
