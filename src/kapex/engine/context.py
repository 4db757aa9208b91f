"""The context block: ranked memories packed into a token budget, one framed line each.

Contract of ``build_context``:
- ``token_count == counter.count(text) <= max_tokens``, always (the text is counted as built).
- ``items`` are exactly the memories in the block, in block order: pinned first, then the
  others best first (by ``score``); each node at most once. ``left_out`` holds every other
  candidate with the reason it was left out (``budget`` or ``topic_cap``).
- Pins are inviolable: constraint pins take their room before anything else, and a pin whose
  line fits the budget on its own is never dropped — the header and footer go first, then
  crisis guidance is shortened, then memories. Likewise the header and footer go when they
  alone would keep every memory out of the block.
- Crisis guidance, when given, opens the block; it is shortened only to leave room for pins
  or when it alone exceeds the budget, never dropped.
- Budget for memories: ``salient_share × openness`` of what pins, guidance, header and footer
  leave is reserved for salient-channel memories above ``salient_floor`` (the best by score;
  ``openness`` is 1 − the input's specificity, so a specific question's block is about the
  question); then every line competes by score. Scores already say what kind of input the
  block serves (``engine.ranking``), so a grave memory that leads an open question is never
  starved by a share.
- Topic balance: for an open input (``openness`` ≥ ½) no topic takes more than
  ``max_topic_share`` of the block's memories while memories of another topic are among the
  candidates (two lines of a topic are always allowed). The block is filled first, then
  balanced: a topic over its share gives up its lowest-scored lines to the best lines of
  other topics that fit, and is trimmed to its share when none are left. For a specific
  input the share grows with specificity to the whole block, and a topic gives up a line
  only for a line of another topic, never to leave the room empty: a question about one
  matter is answered by that matter's memories.
- No memory and no pin fits → no header or footer: the text is the guidance or empty.

Line format (compact, because what matters is how many right memories fit)::

    - [8 May 2023] My father passed away last week      (user, high confidence)
    - [8 May 2023] (probably) I might move to Denver    (user, medium)
    - [3 Jan 2021] (tentative) I may try pottery        (user, low)
    - [1 Feb 2025, until 23 Aug 2025] My phone is a Pixel  (superseded by a newer one)
    - [8 May 2023] the assistant said: try journaling   (assistant: never a user fact)
    - [constraint] allergic to peanuts                  (pinned)

Confidence framing is for the user's statements only; a question or request the user made is
quoted as it was, never "(probably)".
"""

from __future__ import annotations

import re
from collections import Counter
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
    """A candidate line. ``topic`` is the topic id the share cap counts; ``until`` is when a
    newer memory superseded this one; ``statement`` is False for the user's questions and
    requests (never framed as facts or hedges)."""

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
    statement: bool = True
    until: datetime | None = None


LeftOutReason = Literal["budget", "topic_cap"]


@dataclass(frozen=True, slots=True)
class ContextBlock:
    text: str
    token_count: int
    items: list[ContextItem]
    lines: list[str]  # the block line of each item, in the same order
    left_out: list[tuple[ContextItem, LeftOutReason]]


def confidence_of(lcs: float, age_days: float, role: str) -> Confidence:
    """How sure the block may sound about a memory: how it was said and how long ago.

    assistant → "low" (what the assistant said is never a fact about the user; its lines
    are framed "the assistant said" instead). user → "low" when hedged (LCS < 0.4) or older
    than three years; "high" when committed (LCS ≥ 0.6) and under a year old; "medium"
    otherwise. Salience plays no part: a trivial statement ("bought a new kettle") is as
    certain as a grave one, only less important.
    """
    if role != "user":
        return "low"
    if lcs < 0.4 or age_days > 3 * 365:
        return "low"
    if lcs >= 0.6 and age_days <= 365:
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
    stamp = _day(item.event_time) if item.event_time else ""
    if item.until is not None:
        stamp = f"{stamp}, until {_day(item.until)}" if stamp else f"until {_day(item.until)}"
    date = f"[{stamp}] " if stamp else ""
    if item.role == "assistant":
        if text.startswith(ASSISTANT_FRAMING):
            text = text[len(ASSISTANT_FRAMING) :].lstrip()
        return f"- {date}the assistant said: {text}"
    framing = _FRAMING[item.confidence] if item.statement else ""
    return f"- {date}{framing}{text}"


def build_context(
    candidates: Sequence[ContextItem],
    *,
    max_tokens: int,
    counter: TokenCounter,
    template: InjectionTemplate,
    crisis_guidance: str | None = None,
    openness: float = 1.0,
) -> ContextBlock:
    """Pack ranked candidates into a framed block within ``max_tokens`` (module contract).

    ``openness`` (1 − the input's specificity) scales the salient reservation: a specific
    question's block is about the question, an open one's about what matters now."""
    unique: list[ContextItem] = []
    seen: set[str] = set()
    for channel in _CHANNELS:
        for item in candidates:
            if item.channel == channel and item.node_id not in seen and item.text.strip():
                seen.add(item.node_id)
                unique.append(item)
    pins = [(item, _line(item)) for item in unique if item.channel == "pinned"]
    memories = [item for item in unique if item.channel != "pinned"]

    # Pins first: every pin whose line fits the budget on its own, in their order.
    kept_pins: list[tuple[ContextItem, str]] = []
    left_out: list[tuple[ContextItem, LeftOutReason]] = []
    pins_cost = 0
    for item, line in pins:
        cost = _line_cost(line, counter)
        if pins_cost + cost <= max_tokens:
            kept_pins.append((item, line))
            pins_cost += cost
        else:
            left_out.append((item, "budget"))
    guidance = _clean(crisis_guidance) if crisis_guidance else ""
    if guidance and counter.count(guidance) > max_tokens - pins_cost:
        guidance = counter.truncate(guidance, max(0, max_tokens - pins_cost))
    guidance_cost = counter.count(guidance) if guidance else 0
    header, footer = _clean(template.header), _clean(template.footer)
    frame_cost = _line_cost(header, counter) + _line_cost(footer, counter)
    room = max_tokens - pins_cost - guidance_cost
    chosen, skipped = _pack_within(
        memories, room - frame_cost, counter=counter, template=template, openness=openness
    )
    framed = bool(chosen) or (bool(kept_pins) and frame_cost <= room)
    if not chosen and memories and not kept_pins:
        # The frame goes before the memories it frames: at a small budget a bare line the
        # model can use beats a header with nothing under it (as for pins, above).
        chosen, skipped = _pack_within(
            memories, room, counter=counter, template=template, openness=openness
        )
    left_out += skipped
    others = sorted(chosen, key=lambda pair: -pair[0].score)
    body = [line for _, line in kept_pins + others]
    items = [item for item, _ in kept_pins + others]
    text = _assemble(guidance, header, body, footer, framed=framed)
    count = _block_cost(text, counter)
    # Counts are additive over lines; this loop is a guard that keeps the contract absolute.
    while count > max_tokens and len(body) > len(kept_pins):
        left_out.append((items.pop(), "budget"))
        body.pop()
        text = _assemble(guidance, header, body, footer, framed=framed)
        count = _block_cost(text, counter)
    return ContextBlock(text=text, token_count=count, items=items, lines=body, left_out=left_out)


def _pack_within(
    memories: list[ContextItem],
    available: int,
    *,
    counter: TokenCounter,
    template: InjectionTemplate,
    openness: float,
) -> tuple[list[tuple[ContextItem, str]], list[tuple[ContextItem, LeftOutReason]]]:
    """``_pack`` into ``available`` tokens, or nothing when not even a line fits."""
    if available < _MIN_LINE_TOKENS:
        return [], [(item, "budget") for item in memories]
    return _pack(memories, available, counter=counter, template=template, openness=openness)


def _assemble(guidance: str, header: str, body: list[str], footer: str, *, framed: bool) -> str:
    parts = [guidance] if guidance else []
    if body:
        parts += [header, *body, footer] if framed else body
    return "\n".join(p for p in parts if p)


# Every line carries "- [YYYY-MM-DD] " or "- [constraint] " plus text: never under 6 pieces.
_MIN_LINE_TOKENS = 6
# From this openness on, an input is open enough for the topic cap to bind in full and trim a
# topic to its share; below it the share grows with specificity (``_pack``).
_CAP_FULL_FROM_OPENNESS = 0.5
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
    openness: float,
) -> tuple[list[tuple[ContextItem, str]], list[tuple[ContextItem, LeftOutReason]]]:
    """Fill the budget by channel shares and score, then balance topics (module contract).

    Balancing comes after filling, not during it: for a specific question the answer's topic
    holds the best candidates, and interleaving topics while filling would starve it. Over
    its share, a topic's lowest-scored lines give way to the best lines of other topics that
    fit; with none left, the topic is trimmed to its share.
    """
    lines = [_line(item) for item in items]
    costs: dict[int, int] = {}
    reserve = int(available * template.salient_share * min(1.0, max(0.0, openness)))
    spent = {"relevant": 0, "salient": 0}  # tokens taken by each channel
    taken: list[int] = []
    capped: set[int] = set()
    # The share cap binds a topic while the candidates hold a memory of another topic: a
    # hobby must not fill a block while anything else could be said, even if what else there
    # is has faded (a month-old money worry, salience 0.16, was crowded out by 36 lines of a
    # hobby when only memories above the salient floor counted).
    present = {item.topic for item in items}

    def cost(index: int) -> int:
        if index not in costs:
            costs[index] = _line_cost(lines[index], counter)
        return costs[index]

    def offer(index: int, room: int) -> bool:
        if room < _MIN_LINE_TOKENS or cost(index) > room:
            return False
        taken.append(index)
        spent[items[index].channel] += cost(index)
        return True

    openness = min(1.0, max(0.0, openness))
    share = template.max_topic_share
    full = _CAP_FULL_FROM_OPENNESS
    if openness < full:
        # Specific: the share grows to the whole block at full specificity (LoCoMo, all
        # specific questions, lost a third of its evidence when every hobby was capped).
        share += (1.0 - share) * (full - openness) / full
    trims = openness >= full

    def allowed(total: int) -> int:
        # Two lines never dominate a block: a question and its correction may share a topic.
        return max(2, int(share * total))

    def binds(topic: str) -> bool:
        return bool(present - {topic})

    by_score = sorted(range(len(items)), key=lambda i: (-items[i].score, i))
    # The reserve goes to what matters unasked first; then every line competes by score.
    for index in by_score:
        item = items[index]
        if item.channel == "salient" and item.salience >= template.salient_floor:
            offer(index, reserve - spent["salient"])

    def fill(*, balanced: bool) -> None:
        counts = Counter(items[i].topic for i in taken)
        for index in by_score:
            if index in taken or index in capped:
                continue
            room = available - sum(spent.values())
            if room < _MIN_LINE_TOKENS:
                return
            topic = items[index].topic
            if balanced and binds(topic) and counts[topic] + 1 > allowed(len(taken) + 1):
                continue
            if offer(index, room):
                counts[topic] += 1

    fill(balanced=False)
    while True:
        counts = Counter(items[i].topic for i in taken)
        over = [t for t, n in counts.most_common() if n > allowed(len(taken)) and binds(t)]
        if not over:
            break
        victim = min(
            (i for i in taken if items[i].topic == over[0]), key=lambda i: (items[i].score, -i)
        )
        taken.remove(victim)
        spent[items[victim].channel] -= cost(victim)
        capped.add(victim)
        before = len(taken)
        fill(balanced=True)
        if not trims and len(taken) == before:
            # Nothing of another topic took the room: a specific answer keeps its line.
            taken.append(victim)
            spent[items[victim].channel] += cost(victim)
            capped.discard(victim)
            break
    chosen = set(taken)
    skipped: list[tuple[ContextItem, LeftOutReason]] = [
        (items[i], "topic_cap" if i in capped else "budget")
        for i in range(len(items))
        if i not in chosen
    ]
    return [(items[i], lines[i]) for i in sorted(taken)], skipped


__all__ = ["ContextBlock", "ContextItem", "build_context", "confidence_of"]
