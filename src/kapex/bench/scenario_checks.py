"""The behaviour scenarios' expectation vocabulary: what each key asks of a response.

A memory **holds** a key when the key appears, ignoring case, in its ``summary``, ``topic``,
``content`` (when the response has one), any string value of its ``metadata``, or in the text
the runner ingested for that ``node_id``. Every check returns the reasons it failed (an empty
list is a pass), worded so that a failing scenario's line says what went wrong.

The vocabulary's table in ``docs/scenarios.md`` documents these semantics, key by key.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Memory = Mapping[str, Any]


@dataclass(frozen=True)
class QueryOutcome:
    """What a query step's checks look at."""

    status: int
    body: Mapping[str, Any]
    max_tokens: int
    ingested: Mapping[str, str]
    """Text the runner sent, by the node id the server gave it (every user of the scenario)."""
    previous: Sequence[Memory] | None
    """This user's memories at their previous query; None before their first."""

    @property
    def memories(self) -> list[Memory]:
        found = self.body.get("memories")
        return list(found) if isinstance(found, list) else []

    @property
    def context(self) -> str:
        return str(self.body.get("context") or "")


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for inner in value.values():
            yield from _strings(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _strings(inner)


def holds(memory: Memory, key: str, ingested: Mapping[str, str]) -> bool:
    """Whether ``memory`` holds ``key`` (the vocabulary's definition, in the module docstring)."""
    wanted = key.lower()
    texts = [memory.get("summary"), memory.get("topic"), memory.get("content")]
    texts.extend(_strings(memory.get("metadata") or {}))
    texts.append(ingested.get(str(memory.get("node_id")), ""))
    return any(isinstance(text, str) and wanted in text.lower() for text in texts)


def _first(memories: Sequence[Memory], key: str, ingested: Mapping[str, str]) -> int | None:
    return next((i for i, m in enumerate(memories) if holds(m, key, ingested)), None)


def _holding(memories: Sequence[Memory], key: str, ingested: Mapping[str, str]) -> list[Memory]:
    return [m for m in memories if holds(m, key, ingested)]


def _present(value: list[str], out: QueryOutcome) -> list[str]:
    return [
        f"present: {key!r} is in none of the {len(out.memories)} memories"
        for key in value
        if _first(out.memories, key, out.ingested) is None
    ]


def _absent(value: list[str], out: QueryOutcome) -> list[str]:
    reasons = []
    for key in value:
        at = _first(out.memories, key, out.ingested)
        if at is not None:
            reasons.append(f"absent: {key!r} is held by memory #{at + 1}")
    return reasons


def ranked_pairs(value: Any) -> list[tuple[str, str]]:
    """``[A, B]`` or ``[[A, B], ...]`` as a list of pairs."""
    if value and isinstance(value[0], str):
        return [(value[0], value[1])]
    return [(a, b) for a, b in value]


def _ranked_above(value: Any, out: QueryOutcome) -> list[str]:
    reasons = []
    for above, below in ranked_pairs(value):
        first_above = _first(out.memories, above, out.ingested)
        first_below = _first(out.memories, below, out.ingested)
        if first_above is None:
            reasons.append(f"ranked_above: {above!r} is not returned (to rank above {below!r})")
        elif first_below is not None and first_below == first_above:
            reasons.append(
                f"ranked_above: memory #{first_above + 1} holds both {above!r} and {below!r}"
            )
        elif first_below is not None and first_below < first_above:
            reasons.append(
                f"ranked_above: {below!r} at #{first_below + 1} comes before {above!r} at "
                f"#{first_above + 1}"
            )
    return reasons


def _max_share_of_topic(value: Mapping[str, Any], out: QueryOutcome) -> list[str]:
    substring, limit = value["topic_substring"], float(value["max_fraction"])
    if not out.memories:
        return [f"max_share_of_topic: no memories returned (share of {substring!r} undefined)"]
    share = len(_holding(out.memories, substring, out.ingested)) / len(out.memories)
    if share > limit:
        return [
            f"max_share_of_topic: {substring!r} holds {share:.0%} of {len(out.memories)} "
            f"memories (at most {limit:.0%})"
        ]
    return []


def _context_not_contains(value: list[str], out: QueryOutcome) -> list[str]:
    context = out.context.lower()
    return [
        f"context_not_contains: {text!r} is in the context"
        for text in value
        if text.lower() in context
    ]


def _role_is(value: Mapping[str, str], out: QueryOutcome) -> list[str]:
    reasons = []
    for key, role in value.items():
        wrong = [
            m.get("role")
            for m in _holding(out.memories, key, out.ingested)
            if m.get("role") != role
        ]
        if wrong:
            reasons.append(f"role_is: a memory holding {key!r} has role {wrong[0]!r}, not {role!r}")
    return reasons


def _framed_as_assistant(value: list[str], out: QueryOutcome) -> list[str]:
    lines = out.context.split("\n")
    reasons = []
    for key in value:
        for index, line in enumerate(lines):
            if key.lower() not in line.lower() or "assistant" in line.lower():
                continue
            above = next((lines[j] for j in range(index - 1, -1, -1) if lines[j].strip()), "")
            if "assistant" not in above.lower():
                reasons.append(
                    f"framed_as_assistant: the line holding {key!r} is not the assistant's: "
                    f"{line.strip()[:80]!r}"
                )
                break
    return reasons


def _channel_is(value: Mapping[str, str], out: QueryOutcome) -> list[str]:
    reasons = []
    for key, channel in value.items():
        found = _holding(out.memories, key, out.ingested)
        if not any(m.get("channel") == channel for m in found):
            seen = sorted({str(m.get("channel")) for m in found}) or ["not returned"]
            reasons.append(f"channel_is: {key!r} is not in channel {channel!r} ({', '.join(seen)})")
    return reasons


def _event_time_prefix(value: Mapping[str, str], out: QueryOutcome) -> list[str]:
    reasons = []
    for key, prefix in value.items():
        found = _holding(out.memories, key, out.ingested)
        if not any(str(m.get("event_time") or "").startswith(prefix) for m in found):
            times = [str(m.get("event_time")) for m in found] or ["not returned"]
            reasons.append(
                f"event_time_prefix: {key!r} has no event_time starting {prefix!r} "
                f"({', '.join(times)})"
            )
    return reasons


def _top_salience(
    memories: Sequence[Memory], key: str, ingested: Mapping[str, str]
) -> float | None:
    values = [float(m.get("salience") or 0.0) for m in _holding(memories, key, ingested)]
    return max(values) if values else None


def _salience_not_rising(value: list[str], out: QueryOutcome) -> list[str]:
    reasons = []
    for key in value:
        now = _top_salience(out.memories, key, out.ingested)
        if now is None:
            continue
        if out.previous is None:
            reasons.append(
                f"salience_not_rising: {key!r} is returned but this user had no earlier query"
            )
            continue
        before = _top_salience(out.previous, key, out.ingested)
        if before is None:
            reasons.append(
                f"salience_not_rising: {key!r} is returned now but was not at the previous query"
            )
        elif now > before:
            reasons.append(f"salience_not_rising: {key!r} rose from {before:.4f} to {now:.4f}")
    return reasons


def _crisis_detected(value: bool, out: QueryOutcome) -> list[str]:
    got = (out.body.get("safety") or {}).get("crisis_detected")
    return [] if got == value else [f"crisis_detected: {got!r}, expected {value!r}"]


def _empty(value: bool, out: QueryOutcome) -> list[str]:
    is_empty = not out.memories and out.context == ""
    if is_empty == bool(value):
        return []
    return [f"empty: {len(out.memories)} memories, context of {len(out.context)} characters"]


QUERY_CHECKS: dict[str, Callable[[Any, QueryOutcome], list[str]]] = {
    "present": _present,
    "absent": _absent,
    "ranked_above": _ranked_above,
    "max_share_of_topic": _max_share_of_topic,
    "context_not_contains": _context_not_contains,
    "role_is": _role_is,
    "framed_as_assistant": _framed_as_assistant,
    "channel_is": _channel_is,
    "event_time_prefix": _event_time_prefix,
    "salience_not_rising": _salience_not_rising,
    "crisis_detected": _crisis_detected,
    "empty": _empty,
}
INGEST_CHECKS = ("crisis_detected", "instructions_neutralised")


def check_query(expect: Mapping[str, Any], out: QueryOutcome) -> list[str]:
    """Every reason a query step fails: the checks every query gets, then ``expect``'s."""
    if out.status != 200:
        return [f"status {out.status}: {str(out.body)[:200]}"]
    reasons = []
    if not isinstance(out.body.get("memories"), list):
        reasons.append("the response has no memories list")
    tokens = out.body.get("token_count")
    if not isinstance(tokens, int) or tokens > out.max_tokens:
        reasons.append(f"token_count {tokens!r} exceeds max_tokens {out.max_tokens}")
    for key, value in expect.items():
        check = QUERY_CHECKS.get(key)
        reasons.extend(check(value, out) if check else [f"unknown expectation {key!r}"])
    return reasons


def check_ingest(expect: Mapping[str, Any], result: Mapping[str, Any]) -> list[str]:
    """Every reason one ingested turn's response differs from ``expect`` (its safety object)."""
    safety = result.get("safety") or {}
    reasons = []
    for key, value in expect.items():
        if key not in INGEST_CHECKS:
            reasons.append(f"unknown expectation {key!r}")
        elif safety.get(key) != value:
            reasons.append(f"{key}: {safety.get(key)!r}, expected {value!r}")
    return reasons
