"""LoCoMo: long two-person conversations with evidence-labelled questions.

Parsing only; the measure is ``bench.evidence``. Every turn is one memory of one user,
stamped with its session's date; questions of categories 1–4 are kept (1 multi-hop,
2 temporal, 3 open-domain, 4 single-hop); category 5 (adversarial, unanswerable) is not.

Turns are ingested as ``"Speaker: text"`` with a shared photo's caption appended as
``" [shares a photo: caption]"``; the dataset's ``query`` field (the search query used to find
the photo) is never read, because it names what the answer is.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from kapex.bench.evidence import Conversation, Dataset, Question, Turn

CATEGORIES = {"1": "multi-hop", "2": "temporal", "3": "open-domain", "4": "single-hop"}
DEFAULT_BUDGETS = (500, 1000, 2000)
#: The split the LoCoMo tuning used (docs/benchmarks.md): tune on the first, check on the second.
TUNING = ("conv-26", "conv-30", "conv-41", "conv-42")
HELD_OUT = ("conv-43", "conv-44", "conv-47")
_DIA_ID = re.compile(r"D\s*:?\s*(\d+)\s*:\s*(\d+)")
_SESSION_KEY = re.compile(r"session_(\d+)")


def normalise_dia_ids(raw: str) -> list[str]:
    """Canonical ``D<session>:<turn>`` ids in ``raw`` ("D8:6; D9:17", "D:11:26", "D 3:05")."""
    return [f"D{int(s)}:{int(t)}" for s, t in _DIA_ID.findall(raw)]


def parse_session_time(text: str) -> datetime:
    """LoCoMo's session stamp, e.g. ``1:56 pm on 8 May, 2023`` (naive, read as UTC)."""
    return datetime.strptime(text.strip(), "%I:%M %p on %d %B, %Y")


def parse_conversation(raw: dict[str, Any], *, conv_id: str) -> Conversation:
    """A conversation from LoCoMo's JSON. Questions of category 5 and questions left without
    evidence after normalisation are skipped; evidence ids naming no turn are dropped."""
    turns: list[Turn] = []
    sessions = sorted(int(m[1]) for k in raw if (m := _SESSION_KEY.fullmatch(k)))
    for number in sessions:
        date_text = raw[f"session_{number}_date_time"]
        when = parse_session_time(date_text)
        for item in raw[f"session_{number}"]:
            turns.append(
                Turn(
                    item_id=normalise_dia_ids(item["dia_id"])[0],
                    speaker=item["speaker"],
                    text=item["text"],
                    session=number,
                    time=when,
                    date_text=date_text,
                    caption=item.get("blip_caption") or None,
                )
            )
    known = {t.item_id for t in turns}
    questions: list[Question] = []
    dropped = 0
    for qa in raw["qa"]:
        category = str(qa["category"])
        if category not in CATEGORIES:
            continue
        ids = [i for raw_id in qa.get("evidence", []) for i in normalise_dia_ids(raw_id)]
        kept = tuple(dict.fromkeys(i for i in ids if i in known))
        dropped += len(set(ids)) - len(kept)
        if kept:
            questions.append(Question(qa["question"], kept, category))
    return Conversation(
        conv_id=conv_id,
        speakers=(raw["speaker_a"], raw["speaker_b"]),
        turns=tuple(turns),
        questions=tuple(questions),
        dropped_evidence=dropped,
    )


def load_dataset(data_dir: Path | str) -> Dataset:
    """Every ``conv-*.json`` in ``data_dir``, in name order."""
    paths = sorted(Path(data_dir).glob("conv-*.json"))
    if not paths:
        raise FileNotFoundError(f"no conv-*.json files in {data_dir}")
    conversations = tuple(
        parse_conversation(json.loads(p.read_text()), conv_id=p.stem) for p in paths
    )
    return Dataset("LoCoMo", CATEGORIES, conversations)


__all__ = [
    "CATEGORIES",
    "DEFAULT_BUDGETS",
    "HELD_OUT",
    "TUNING",
    "load_dataset",
    "normalise_dia_ids",
    "parse_conversation",
    "parse_session_time",
]
