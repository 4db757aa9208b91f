"""LoCoMo evidence recall under a token budget: data model, scorer and benchmark runner.

The measure (evidence as the LoCoMo data set defines it): every turn of a conversation is
stored as one memory of one user, stamped with its session's date; every question of
categories 1–4 is asked just after the last session, for a context block at 500, 1,000 and
2,000 tokens.
Evidence recall is the share of the question's evidence turns whose memory is in the block,
averaged per raw category (1 multi-hop, 2 temporal, 3 open-domain, 4 single-hop) and overall.
Recall@k is the same share over the first k turns of the system's ranking.

A system under test implements ``System``. Plain retrievers (``bench.baselines``) return a
ranking and the shared ``pack`` rule cuts it: walk down the ranking while the running token
count of the lines stays within the budget, and stop at the first line that does not fit.

Turns are ingested as ``"Speaker: text"`` with a shared photo's caption appended as
``" [shares a photo: caption]"``; the dataset's ``query`` field (the search query used to find
the photo) is never read, because it names what the answer is.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from kapex.models.tokens import TokenCounter

CATEGORIES = {1: "multi-hop", 2: "temporal", 3: "open-domain", 4: "single-hop"}
DEFAULT_BUDGETS = (500, 1000, 2000)
RECALL_AT = (5, 10, 25)
# Questions are asked just after the last session, as a user would ask the next day's app.
ASK_DELAY = timedelta(minutes=1)
_DIA_ID = re.compile(r"D\s*:?\s*(\d+)\s*:\s*(\d+)")
_SESSION_KEY = re.compile(r"session_(\d+)")


@dataclass(frozen=True, slots=True)
class Turn:
    dia_id: str
    speaker: str
    text: str
    session: int
    time: datetime
    date_text: str
    caption: str | None = None

    @property
    def session_id(self) -> str:
        return f"session_{self.session}"

    @property
    def content(self) -> str:
        """What a memory system stores for this turn."""
        photo = f" [shares a photo: {self.caption}]" if self.caption else ""
        return f"{self.speaker}: {self.text}{photo}"


@dataclass(frozen=True, slots=True)
class Question:
    question: str
    evidence: tuple[str, ...]
    category: int


@dataclass(frozen=True, slots=True)
class Conversation:
    conv_id: str
    speakers: tuple[str, str]
    turns: tuple[Turn, ...]
    questions: tuple[Question, ...]
    dropped_evidence: int = 0

    @property
    def ask_time(self) -> datetime:
        return max(t.time for t in self.turns) + ASK_DELAY


@dataclass(frozen=True, slots=True)
class Retrieved:
    """A context block's memories as dia_ids in block order, and the block's token count."""

    dia_ids: list[str]
    token_count: int


class System(Protocol):
    """A memory system under test. One instance serves every conversation of a run."""

    name: str

    def ingest_conversation(self, conv: Conversation) -> None: ...

    def retrieve(
        self, conv: Conversation, question: str, *, at: datetime, budget: int
    ) -> Retrieved: ...

    def ranking(self, conv: Conversation, question: str, *, at: datetime) -> list[str]: ...


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
                    dia_id=normalise_dia_ids(item["dia_id"])[0],
                    speaker=item["speaker"],
                    text=item["text"],
                    session=number,
                    time=when,
                    date_text=date_text,
                    caption=item.get("blip_caption") or None,
                )
            )
    known = {t.dia_id for t in turns}
    questions: list[Question] = []
    dropped = 0
    for qa in raw["qa"]:
        if qa["category"] not in CATEGORIES:
            continue
        ids = [i for raw_id in qa.get("evidence", []) for i in normalise_dia_ids(raw_id)]
        kept = tuple(dict.fromkeys(i for i in ids if i in known))
        dropped += len(set(ids)) - len(kept)
        if kept:
            questions.append(Question(qa["question"], kept, int(qa["category"])))
    return Conversation(
        conv_id=conv_id,
        speakers=(raw["speaker_a"], raw["speaker_b"]),
        turns=tuple(turns),
        questions=tuple(questions),
        dropped_evidence=dropped,
    )


def load_conversations(data_dir: Path | str) -> list[Conversation]:
    """Every ``conv-*.json`` in ``data_dir``, in name order."""
    paths = sorted(Path(data_dir).glob("conv-*.json"))
    if not paths:
        raise FileNotFoundError(f"no conv-*.json files in {data_dir}")
    return [parse_conversation(json.loads(p.read_text()), conv_id=p.stem) for p in paths]


def pack(ranking: Iterable[str], costs: dict[str, int], *, budget: int) -> Retrieved:
    """Walk down ``ranking`` while the running token count stays within ``budget``."""
    chosen: list[str] = []
    used = 0
    for dia_id in ranking:
        if used + costs[dia_id] > budget:
            break
        chosen.append(dia_id)
        used += costs[dia_id]
    return Retrieved(dia_ids=chosen, token_count=used)


def evidence_recall(evidence: Sequence[str], returned: Iterable[str]) -> float:
    """Share of ``evidence`` (distinct ids) found in ``returned``."""
    wanted = set(evidence)
    return len(wanted & set(returned)) / len(wanted) if wanted else 0.0


def run_benchmark(
    data_dir: Path | str,
    systems: Sequence[System],
    budgets: Sequence[int] = DEFAULT_BUDGETS,
    progress: bool = True,
) -> dict[str, Any]:
    """Run every system on every conversation; return the results as JSON-ready data."""
    conversations = load_conversations(data_dir)
    results: dict[str, Any] = {
        "dataset": _describe(conversations),
        "budgets": list(budgets),
        "recall_at": list(RECALL_AT),
        "systems": {},
    }
    for system in systems:
        results["systems"][system.name] = _run_system(system, conversations, budgets, progress)
    return results


def _run_system(
    system: System, conversations: Sequence[Conversation], budgets: Sequence[int], progress: bool
) -> dict[str, Any]:
    from tqdm import tqdm

    total = sum(len(c.questions) for c in conversations)
    bar = tqdm(total=total, desc=system.name, unit="q", disable=not progress, leave=False)
    ingest_ms: list[float] = []
    query_ms: list[float] = []
    rows: list[dict[str, Any]] = []
    for conv in conversations:
        started = time.perf_counter()
        system.ingest_conversation(conv)
        ingest_ms.append((time.perf_counter() - started) * 1000 / len(conv.turns))
        for index, question in enumerate(conv.questions):
            row: dict[str, Any] = {"conv": conv.conv_id, "index": index, "cat": question.category}
            for budget in budgets:
                started = time.perf_counter()
                got = system.retrieve(conv, question.question, at=conv.ask_time, budget=budget)
                query_ms.append((time.perf_counter() - started) * 1000)
                if got.token_count > budget:
                    raise AssertionError(f"{system.name} returned {got.token_count} > {budget}")
                row[f"recall@{budget}t"] = evidence_recall(question.evidence, got.dia_ids)
                row[f"tokens@{budget}t"] = got.token_count
            ranked = system.ranking(conv, question.question, at=conv.ask_time)
            for k in RECALL_AT:
                row[f"R@{k}"] = evidence_recall(question.evidence, ranked[:k])
            rows.append(row)
            bar.update()
    bar.close()
    return summarise(rows, budgets=budgets, ingest_ms=ingest_ms, query_ms=query_ms)


def summarise(
    rows: Sequence[dict[str, Any]],
    *,
    budgets: Sequence[int],
    ingest_ms: Sequence[float] = (),
    query_ms: Sequence[float] = (),
) -> dict[str, Any]:
    """Per-question rows to per-category and overall means, plus latency percentiles."""

    def means(key: str) -> dict[str, float]:
        out = {"overall": float(np.mean([r[key] for r in rows]))}
        for cat in CATEGORIES:
            values = [r[key] for r in rows if r["cat"] == cat]
            if values:
                out[str(cat)] = float(np.mean(values))
        return out

    return {
        "questions": len(rows),
        "budget": {str(b): means(f"recall@{b}t") for b in budgets},
        "tokens_per_query": {str(b): means(f"tokens@{b}t")["overall"] for b in budgets},
        "recall_at": {str(k): means(f"R@{k}") for k in RECALL_AT},
        "latency_ms": {
            "ingest_per_turn_p50": _percentile(ingest_ms, 50),
            "ingest_per_turn_p95": _percentile(ingest_ms, 95),
            "query_p50": _percentile(query_ms, 50),
            "query_p95": _percentile(query_ms, 95),
        },
        "per_question": list(rows),
    }


def render_markdown(results: dict[str, Any]) -> str:
    """Two tables for docs/benchmarks.md: recall by budget and rank, then per category."""
    budgets = [str(b) for b in results["budgets"]]
    ks = [str(k) for k in results["recall_at"]]
    mid = budgets[len(budgets) // 2]
    head = ["system", *(f"@{b}" for b in budgets), *(f"R@{k}" for k in ks), "tokens/query @" + mid]
    head += ["ingest ms/turn p50/p95", "query ms p50/p95"]
    lines = [_row(head), _row(["---"] * len(head))]
    for name, res in results["systems"].items():
        lat = res["latency_ms"]
        cells = [name, *(f"{res['budget'][b]['overall']:.3f}" for b in budgets)]
        cells += [f"{res['recall_at'][k]['overall']:.3f}" for k in ks]
        cells.append(f"{res['tokens_per_query'][mid]:.0f}")
        cells.append(f"{lat['ingest_per_turn_p50']:.1f}/{lat['ingest_per_turn_p95']:.1f}")
        cells.append(f"{lat['query_p50']:.1f}/{lat['query_p95']:.1f}")
        lines.append(_row(cells))
    cat_head = ["system", "budget", *(f"{c} {n}" for c, n in CATEGORIES.items()), "overall"]
    lines += ["", _row(cat_head), _row(["---"] * len(cat_head))]
    for name, res in results["systems"].items():
        for b in budgets:
            by = res["budget"][b]
            cells = [name, b, *(f"{by[str(c)]:.3f}" if str(c) in by else "—" for c in CATEGORIES)]
            lines.append(_row([*cells, f"{by['overall']:.3f}"]))
    data = results["dataset"]
    lines += [
        "",
        f"{data['conversations']} conversations, {data['turns']} turns, "
        f"{data['questions']} questions (by category: "
        + ", ".join(f"{c}: {n}" for c, n in data["questions_by_category"].items())
        + ").",
    ]
    return "\n".join(lines) + "\n"


def _describe(conversations: Sequence[Conversation]) -> dict[str, Any]:
    by_category = {
        str(c): sum(q.category == c for conv in conversations for q in conv.questions)
        for c in CATEGORIES
    }
    return {
        "conversations": len(conversations),
        "ids": [c.conv_id for c in conversations],
        "turns": sum(len(c.turns) for c in conversations),
        "questions": sum(by_category.values()),
        "questions_by_category": by_category,
        "dropped_evidence_ids": sum(c.dropped_evidence for c in conversations),
    }


def _percentile(values: Sequence[float], q: float) -> float:
    return float(np.percentile(values, q)) if len(values) else float("nan")


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


LineFormat = Callable[[Turn], str]

__all__ = [
    "CATEGORIES",
    "DEFAULT_BUDGETS",
    "RECALL_AT",
    "Conversation",
    "LineFormat",
    "Question",
    "Retrieved",
    "System",
    "TokenCounter",
    "Turn",
    "evidence_recall",
    "load_conversations",
    "normalise_dia_ids",
    "pack",
    "parse_conversation",
    "render_markdown",
    "run_benchmark",
    "summarise",
]
