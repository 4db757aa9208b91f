"""BEAM: long multi-session user–assistant chats with probing questions (parsing only).

BEAM ("Beyond a Million Tokens: Benchmarking and Enhancing Long-Term Memory in LLMs",
Tavakoli et al., arXiv 2510.27246, ICLR 2026; repository ``mohammadtavakoli78/BEAM``) is not
part of KAPEX: ``kapex bench beam --data DIR`` reads a folder laid out as the repository's
``chats/<size>/<n>/``, each chat holding ``chat.json`` and
``probing_questions/probing_questions.json``.

How a chat becomes a conversation (the measure itself is ``bench.evidence``):

- one turn per message, with its role; one session per batch, stamped with the batch's time
  anchor (``March-15-2024``, carried by the batch's first message that has one);
- the index marker the data set appends to messages (``" ->-> 1,1"``) is an artefact, not
  something anyone said: it is stripped, as is trailing padding;
- evidence is the question's ``source_chat_ids`` (message ids): the list as given (nested
  lists flattened), both statements of a contradiction, both events of a temporal question,
  and for a knowledge update the updated message, with the original kept as ``outdated`` so
  the run can count how often the update ranks first. Abstention questions have no evidence
  and are skipped, as is any question whose evidence names no message.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from kapex.bench.evidence import Conversation, Dataset, Question, Turn

CATEGORIES = {
    "information_extraction": "extraction",
    "multi_session_reasoning": "multi-session",
    "knowledge_update": "knowledge update",
    "temporal_reasoning": "temporal",
    "event_ordering": "event ordering",
    "contradiction_resolution": "contradiction",
    "summarization": "summary",
    "instruction_following": "instruction",
    "preference_following": "preference",
}
DEFAULT_BUDGETS = (1000, 2000)
#: The held-out split for tuning on the ten development chats: tune on 1–5, check on 6–10.
TUNING = ("100K-1", "100K-2", "100K-3", "100K-4", "100K-5")
HELD_OUT = ("100K-6", "100K-7", "100K-8", "100K-9", "100K-10")
#: What docs/benchmarks.md says above the tables: where the data comes from and how it is read.
PREAMBLE = """## BEAM (`kapex bench beam --data DIR`)

BEAM ("Beyond a Million Tokens: Benchmarking and Enhancing Long-Term Memory in LLMs",
Tavakoli et al., arXiv 2510.27246, ICLR 2026) is a benchmark of long multi-session
user–assistant chats (about 100K tokens each at the 100K size) with probing questions; its data
is published in the GitHub repository `mohammadtavakoli78/BEAM` (`chats/<size>/<n>/`), which
states no licence. **The data is not part of KAPEX**: the command reads a folder you provide.
Cite the paper if you publish results.

Each chat is one end user: every message is ingested with its role, one session per batch,
the batch's time anchor as its date; each question asks for a block at each budget. Evidence
recall counts the share of a question's evidence messages in the block; abstention questions
have none and are skipped; for knowledge updates the updated message is the evidence, and
"updated first" counts how often it outranks the outdated one (questions whose two messages
are one are not counted). The baselines' lines cost what KAPEX's line for the same message
costs (date and the stored extract), so every system is cut by the same token walk.
"""
_MARKER = re.compile(r"\s*->->\s*\d+\s*,\s*\d+\s*$")
_PAIRS = {
    "temporal_reasoning": ("first_event", "second_event"),
    "contradiction_resolution": ("first_statement", "second_statement"),
}


def clean_content(text: str) -> str:
    """The message as said: the data set's index marker and trailing padding removed."""
    return _MARKER.sub("", text.rstrip()).rstrip()


def parse_anchor(text: str) -> datetime:
    """A batch's time anchor, e.g. ``March-15-2024`` (naive, read as UTC)."""
    return datetime.strptime(text.strip(), "%B-%d-%Y")


def parse_chat(chat: list[dict[str, Any]], probes: dict[str, Any], *, conv_id: str) -> Conversation:
    """A conversation from one chat's two JSON documents (see the module docstring)."""
    turns: list[Turn] = []
    when: datetime | None = None
    for batch in chat:
        messages = [m for turn in batch["turns"] for m in turn]
        anchor = batch.get("time_anchor") or next(
            (m["time_anchor"] for m in messages if m.get("time_anchor")), None
        )
        if anchor:
            when = parse_anchor(anchor)
        if when is None:
            raise ValueError(f"{conv_id}: batch {batch['batch_number']} has no time anchor")
        for message in messages:
            turns.append(
                Turn(
                    item_id=str(message["id"]),
                    text=clean_content(message["content"]),
                    session=int(batch["batch_number"]),
                    time=when,
                    date_text=f"{when:%B} {when.day}, {when.year}",
                    role=message["role"],
                )
            )
    known = {t.item_id for t in turns}
    questions: list[Question] = []
    dropped = 0
    for category, items in probes.items():
        if category not in CATEGORIES:
            continue
        for item in items:
            evidence, outdated = _evidence(category, item.get("source_chat_ids"))
            kept = tuple(dict.fromkeys(i for i in evidence if i in known))
            dropped += len(set(evidence)) - len(kept)
            if kept:
                old = tuple(dict.fromkeys(i for i in outdated if i in known))
                questions.append(Question(item["question"], kept, category, outdated=old))
    return Conversation(
        conv_id=conv_id, turns=tuple(turns), questions=tuple(questions), dropped_evidence=dropped
    )


def chat_folders(data_dir: Path | str) -> list[Path]:
    """Every folder under ``data_dir`` holding a ``chat.json``, by size then number."""
    folders = [p.parent for p in Path(data_dir).rglob("chat.json")]
    if not folders:
        raise FileNotFoundError(f"no <size>/<n>/chat.json under {data_dir}")
    return sorted(folders, key=lambda p: (p.parent.name, _number(p.name)))


def conv_id_of(folder: Path) -> str:
    """``100K-7`` for ``…/100K/7``."""
    return f"{folder.parent.name}-{folder.name}"


def load_dataset(data_dir: Path | str, *, chats: Iterable[str] | None = None) -> Dataset:
    """The chats under ``data_dir`` (all, or those whose id or number is in ``chats``)."""
    wanted = set(chats) if chats is not None else None
    conversations = []
    for folder in chat_folders(data_dir):
        conv_id = conv_id_of(folder)
        if wanted is not None and conv_id not in wanted and folder.name not in wanted:
            continue
        chat = json.loads((folder / "chat.json").read_text())
        probes_path = folder / "probing_questions" / "probing_questions.json"
        probes = json.loads(probes_path.read_text())
        conversations.append(parse_chat(chat, probes, conv_id=conv_id))
    if not conversations:
        raise FileNotFoundError(f"none of the chats {sorted(wanted or ())} under {data_dir}")
    return Dataset("BEAM", CATEGORIES, tuple(conversations))


def _evidence(category: str, source: Any) -> tuple[list[str], list[str]]:
    """(evidence ids, outdated ids) from a question's ``source_chat_ids``."""
    if isinstance(source, dict):
        if category == "knowledge_update":
            return list(_ids(source.get("updated_info"))), list(_ids(source.get("original_info")))
        keys = _PAIRS.get(category, tuple(source))
        return [i for key in keys for i in _ids(source.get(key))], []
    return list(_ids(source)), []


def _ids(value: Any) -> Iterator[str]:
    if isinstance(value, list):
        for item in value:
            yield from _ids(item)
    elif value is not None:
        yield str(value)


def _number(name: str) -> tuple[int, str]:
    return (int(name), "") if name.isdigit() else (0, name)


__all__ = [
    "CATEGORIES",
    "DEFAULT_BUDGETS",
    "HELD_OUT",
    "PREAMBLE",
    "TUNING",
    "chat_folders",
    "clean_content",
    "conv_id_of",
    "load_dataset",
    "parse_anchor",
    "parse_chat",
]
