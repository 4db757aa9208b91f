"""The context block: ranked memories packed into a token budget, one framed line each.

Contract of ``build_context``:
- ``token_count == counter.count(text) <= max_tokens``, always (the text is counted as built).
- ``items`` are exactly the memories in the block, in block order: pinned first, then the
  others best first (by ``score``); each node at most once.
- Budget: after crisis guidance, header and footer, each channel may spend its share of the
  rest (``pinned_share``, ``relevant_share``, ``salient_share``); what a channel leaves unused
  flows to the remaining candidates of every channel, pinned first, then by score.
- Diversity: at most ``max_per_topic`` non-pinned items per topic (case-insensitive).
- Crisis guidance, when given, opens the block and is never dropped (it is truncated only if
  it alone exceeds the budget). No memory fits → no header or footer: empty text.

Line format (compact, because what matters is how many right memories fit)::

    - [8 May 2023] My father passed away last week      (user, high confidence)
    - [8 May 2023] (probably) I might move to Denver    (user, medium)
    - [3 Jan 2021] (tentative) I may try pottery        (user, low)
    - [8 May 2023] the assistant said: try journaling   (assistant: never a user fact)
    - [constraint] allergic to peanuts                  (pinned)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Literal

from kapex.engine.topics import ASSISTANT_FRAMING
from kapex.models.tokens import TokenCounter
from kapex.schemas.profile import InjectionTemplate

Channel = Literal["pinned", "relevant", "salient"]
Confidence = Literal["high", "medium", "low"]
_CHANNELS: tuple[Channel, ...] = ("pinned", "relevant", "salient")
_FRAMING = {"high": "", "medium": "(probably) ", "low": "(tentative) "}


@dataclass(frozen=True, slots=True)
class ContextItem:
    node_id: str
    channel: Channel
    text: str
    topic: str
    role: Literal["user", "assistant"]
    event_time: datetime | None
    salience: float
    relevance: float
    confidence: Confidence
    score: float


@dataclass(frozen=True, slots=True)
class ContextBlock:
    text: str
    token_count: int
    items: list[ContextItem]


def confidence_of(lcs: float, salience: float, age_days: float, role: str) -> Confidence:
    """How sure the block may sound about a memory.

    assistant → "low" (what the assistant said is never a fact about the user; its lines
    are framed "the assistant said" instead). user → "low" when hedged (LCS < 0.4), very
    faded (salience < 0.08) or older than three years; "high" when committed (LCS ≥ 0.6),
    still salient (≥ 0.2) and under a year old; "medium" otherwise.
    """
    if role != "user":
        return "low"
    if lcs < 0.4 or salience < 0.08 or age_days > 3 * 365:
        return "low"
    if lcs >= 0.6 and salience >= 0.2 and age_days <= 365:
        return "high"
    return "medium"


def _clean(text: str) -> str:
    # One memory, one line: newlines inside a memory must not forge extra block lines.
    return " ".join(text.split())


def _day(moment: datetime) -> str:
    """``8 May 2023``: unambiguous to a reader and 5 word pieces where ISO takes 7."""
    return f"{moment.day} {moment:%b %Y}"


def _line(item: ContextItem) -> str:
    text = _clean(item.text)
    if item.channel == "pinned":
        return f"- [constraint] {text}"
    date = f"[{_day(item.event_time)}] " if item.event_time else ""
    if item.role == "assistant":
        if text.startswith(ASSISTANT_FRAMING):
            text = text[len(ASSISTANT_FRAMING) :].lstrip()
        return f"- {date}the assistant said: {text}"
    return f"- {date}{_FRAMING[item.confidence]}{text}"


def build_context(
    candidates: Sequence[ContextItem],
    *,
    max_tokens: int,
    counter: TokenCounter,
    template: InjectionTemplate,
    crisis_guidance: str | None = None,
) -> ContextBlock:
    """Pack ranked candidates into a framed block within ``max_tokens`` (module contract)."""
    guidance = _clean(crisis_guidance) if crisis_guidance else ""
    guidance_cost = counter.count(guidance)
    if guidance_cost > max_tokens:
        guidance = counter.truncate(guidance, max_tokens)
        guidance_cost = counter.count(guidance)
    header, footer = _clean(template.header), _clean(template.footer)
    frame_cost = _line_cost(header, counter) + _line_cost(footer, counter)
    available = max_tokens - guidance_cost - frame_cost

    unique: list[ContextItem] = []
    seen: set[str] = set()
    by_channel = {c: [i for i in candidates if i.channel == c] for c in _CHANNELS}
    for channel in _CHANNELS:
        for item in by_channel[channel]:
            if item.node_id not in seen and item.text.strip():
                seen.add(item.node_id)
                unique.append(item)
    chosen = _pack(unique, available, counter=counter, template=template) if available > 0 else []

    pinned = [item for item, _ in chosen if item.channel == "pinned"]
    others = sorted(
        (item for item, _ in chosen if item.channel != "pinned"), key=lambda i: -i.score
    )
    items = pinned + others
    lines = {item.node_id: line for item, line in chosen}
    body = [lines[item.node_id] for item in items]
    parts = ([guidance] if guidance else []) + ([header, *body, footer] if body else [])
    text = "\n".join(p for p in parts if p)
    count = _block_cost(text, counter)
    # Counts are additive over lines; this loop is a guard that keeps the contract absolute.
    while count > max_tokens and body:
        items.pop()
        body.pop()
        parts = ([guidance] if guidance else []) + ([header, *body, footer] if body else [])
        text = "\n".join(p for p in parts if p)
        count = _block_cost(text, counter)
    return ContextBlock(text=text, token_count=count, items=items)


# Every line carries "- [YYYY-MM-DD] " or "- [constraint] " plus text: never under 6 pieces.
_MIN_LINE_TOKENS = 6
# WordPiece splits on whitespace and around every ASCII punctuation mark before it looks at a
# word, and takes added tokens ("[SEP]") whole first, so a line's count is the sum of the
# counts of these runs, marks and added tokens taken one by one.
_RUN = r"[^\s!-/:-@\[-`{-~]+|[!-/:-@\[-`{-~]"
_RUN_COSTS: dict[str, int] = {}
_RUN_CACHE_LIMIT = 100_000


@lru_cache(maxsize=4)
def _runs_pattern(added_tokens: tuple[str, ...]) -> re.Pattern[str]:
    specials = [re.escape(t) for t in sorted(added_tokens, key=len, reverse=True)]
    return re.compile("|".join([*specials, _RUN]))


def _line_cost(line: str, counter: TokenCounter) -> int:
    """The line's token count, from memoised counts of its runs (the tokenizer costs ~25 µs
    a line; a memo lookup ~0.1 µs a word)."""
    runs = _runs_pattern(counter.added_tokens).findall(line)
    try:
        return sum(map(_RUN_COSTS.__getitem__, runs))
    except KeyError:
        missing = list({run for run in runs if run not in _RUN_COSTS})
        if len(_RUN_COSTS) + len(missing) > _RUN_CACHE_LIMIT:
            _RUN_COSTS.clear()
        _RUN_COSTS.update(zip(missing, counter.count_many(missing), strict=True))
        return sum(map(_RUN_COSTS.__getitem__, runs))


def _block_cost(text: str, counter: TokenCounter) -> int:
    """Exactly ``counter.count(text)``, from memoised run counts (see ``_line_cost``).

    Exact because every part of the block went through ``_clean``: the only whitespace left
    is " " and "\n", and spaces, newlines and ASCII punctuation are boundaries for WordPiece
    too, so each run tokenises the same alone as in the block. A full tokenizer pass would
    cost ~1 ms per 1,000 tokens; the property test pins the equality on arbitrary Unicode.
    """
    return _line_cost(text, counter)


def _pack(
    items: list[ContextItem],
    available: int,
    *,
    counter: TokenCounter,
    template: InjectionTemplate,
) -> list[tuple[ContextItem, str]]:
    lines = [_line(item) for item in items]
    costs: dict[int, int] = {}
    shares = {
        "pinned": template.pinned_share,
        "relevant": template.relevant_share,
        "salient": template.salient_share,
    }
    caps = {c: int(available * share) for c, share in shares.items()}
    spent = dict.fromkeys(_CHANNELS, 0)
    per_topic: dict[str, int] = {}
    taken: set[int] = set()

    def fits(index: int, room: int) -> bool:
        item = items[index]
        if item.channel != "pinned" and (
            per_topic.get(item.topic.lower(), 0) >= template.max_per_topic
        ):
            return False
        if index not in costs:
            costs[index] = _line_cost(lines[index], counter)
        return costs[index] <= room

    def take(index: int) -> None:
        item = items[index]
        taken.add(index)
        spent[item.channel] += costs[index]
        if item.channel != "pinned":
            per_topic[item.topic.lower()] = per_topic.get(item.topic.lower(), 0) + 1

    for index, item in enumerate(items):
        room = caps[item.channel] - spent[item.channel]
        if room >= _MIN_LINE_TOKENS and fits(index, room):
            take(index)
    # Second pass: the unused shares flow to whatever is left, pinned first, then best score.
    leftover = sorted(
        (i for i in range(len(items)) if i not in taken),
        key=lambda i: (items[i].channel != "pinned", -items[i].score, i),
    )
    for index in leftover:
        room = available - sum(spent.values())
        if room < _MIN_LINE_TOKENS:
            break
        if fits(index, room):
            take(index)
    return [(items[i], lines[i]) for i in sorted(taken)]


__all__ = ["ContextBlock", "ContextItem", "build_context", "confidence_of"]
