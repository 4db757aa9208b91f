"""Evidence recall under a token budget: the scorer every conversation benchmark shares.

The measure: every turn (message) of a conversation is stored as one memory of one user,
stamped with its session's date; every question is asked just after the last session, for a
context block at each budget. Evidence recall is the share of the question's evidence turns
whose memory is in the block, averaged per category and overall. Recall@k is the same share
over the first k turns of the system's ranking. Where a question names outdated turns as well
(a knowledge update), the run also records whether the first evidence turn ranks above every
outdated one.

A system under test implements ``System``. Plain retrievers (``bench.baselines``) return a
ranking and the shared ``pack`` rule cuts it: walk down the ranking while the running token
count of the lines stays within the budget, and stop at the first line that does not fit.

The data sets (``bench.locomo``, ``bench.beam``) only parse their files into a ``Dataset``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal, Protocol

import numpy as np

from kapex.models.tokens import TokenCounter

RECALL_AT = (5, 10, 25)
# Questions are asked just after the last session, as a user would ask the next day's app.
ASK_DELAY = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class Turn:
    """One message: its id in the data set, who said it, what, and when (its session's date)."""

    item_id: str
    text: str
    session: int
    time: datetime
    date_text: str
    role: Literal["user", "assistant"] = "user"
    speaker: str | None = None
    caption: str | None = None

    @property
    def session_id(self) -> str:
        return f"session_{self.session}"

    @property
    def content(self) -> str:
        """What a memory system stores for this turn: ``"Speaker: text"`` when the data set
        names speakers (a shared photo's caption appended), else the text as said."""
        photo = f" [shares a photo: {self.caption}]" if self.caption else ""
        said = f"{self.speaker}: {self.text}" if self.speaker else self.text
        return said + photo


@dataclass(frozen=True, slots=True)
class Question:
    """A question, the turns that answer it, its category key and, for a knowledge update,
    the turns it makes outdated."""

    question: str
    evidence: tuple[str, ...]
    category: str
    outdated: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Conversation:
    conv_id: str
    turns: tuple[Turn, ...]
    questions: tuple[Question, ...]
    speakers: tuple[str, ...] = ()
    dropped_evidence: int = 0

    @property
    def ask_time(self) -> datetime:
        return max(t.time for t in self.turns) + ASK_DELAY


@dataclass(frozen=True, slots=True)
class Dataset:
    """Conversations of one benchmark and the names of its question categories (by key)."""

    name: str
    categories: dict[str, str]
    conversations: tuple[Conversation, ...]

    def subset(self, conv_ids: Iterable[str]) -> Dataset:
        """The same data set restricted to ``conv_ids`` (a tuning or held-out split)."""
        wanted = set(conv_ids)
        kept = tuple(c for c in self.conversations if c.conv_id in wanted)
        missing = wanted - {c.conv_id for c in kept}
        if missing:
            raise KeyError(f"no conversation {sorted(missing)} in {self.name}")
        return Dataset(self.name, self.categories, kept)


@dataclass(frozen=True, slots=True)
class Retrieved:
    """A context block's memories as turn ids in block order, and the block's token count."""

    item_ids: list[str]
    token_count: int


#: Told how many more turns were ingested (a progress bar's ``update``).
Progress = Callable[[int], object]


def no_progress(_turns: int) -> None:
    """The ``Progress`` of a run nobody watches."""


class System(Protocol):
    """A memory system under test. One instance serves every conversation of a run."""

    name: str

    def ingest_conversation(self, conv: Conversation, *, progress: Progress = no_progress) -> None:
        """Store every turn of ``conv``, calling ``progress`` as turns are done."""
        ...

    def retrieve(
        self, conv: Conversation, question: str, *, at: datetime, budget: int
    ) -> Retrieved: ...

    def ranking(self, conv: Conversation, question: str, *, at: datetime) -> list[str]: ...


LineFormat = Callable[[Turn], str]


def pack(ranking: Iterable[str], costs: dict[str, int], *, budget: int) -> Retrieved:
    """Walk down ``ranking`` while the running token count stays within ``budget``."""
    chosen: list[str] = []
    used = 0
    for item_id in ranking:
        if used + costs[item_id] > budget:
            break
        chosen.append(item_id)
        used += costs[item_id]
    return Retrieved(item_ids=chosen, token_count=used)


def evidence_recall(evidence: Sequence[str], returned: Iterable[str]) -> float:
    """Share of ``evidence`` (distinct ids) found in ``returned``."""
    wanted = set(evidence)
    return len(wanted & set(returned)) / len(wanted) if wanted else 0.0


def updated_first(question: Question, ranking: Sequence[str]) -> bool | None:
    """For a knowledge update: does an evidence turn rank above every outdated turn?

    None when the question names no outdated turn distinct from its evidence (nothing to
    order). An evidence turn ranked while no outdated one is counts as first; neither ranked
    counts as not first.
    """
    outdated = set(question.outdated) - set(question.evidence)
    if not outdated:
        return None
    position = {item_id: rank for rank, item_id in enumerate(ranking)}
    best_new = min((position[i] for i in question.evidence if i in position), default=None)
    best_old = min((position[i] for i in outdated if i in position), default=None)
    if best_new is None:
        return False
    return best_old is None or best_new < best_old


def run_benchmark(
    dataset: Dataset,
    systems: Sequence[System],
    budgets: Sequence[int],
    progress: bool = True,
) -> dict[str, Any]:
    """Run every system on every conversation; return the results as JSON-ready data."""
    results: dict[str, Any] = {
        "dataset": describe(dataset),
        "budgets": list(budgets),
        "recall_at": list(RECALL_AT),
        "systems": {},
    }
    for system in systems:
        results["systems"][system.name] = run_system(system, dataset, budgets, progress=progress)
    return results


def run_system(
    system: System, dataset: Dataset, budgets: Sequence[int], *, progress: bool = True
) -> dict[str, Any]:
    """One system over the data set: per-question rows summarised (see ``summarise``)."""
    from tqdm import tqdm

    conversations = dataset.conversations
    turns = sum(len(c.turns) for c in conversations)
    questions = sum(len(c.questions) for c in conversations)
    bar = tqdm(
        total=turns + questions,
        desc=f"{dataset.name}: {system.name}",
        unit="step",
        disable=not progress,
        leave=False,
    )
    ingest_ms: list[float] = []
    query_ms: list[float] = []
    rows: list[dict[str, Any]] = []
    for conv in conversations:
        started = time.perf_counter()
        system.ingest_conversation(conv, progress=bar.update)
        ingest_ms.append((time.perf_counter() - started) * 1000 / len(conv.turns))
        rows += ask_questions(system, conv, budgets, query_ms=query_ms)
        bar.update(len(conv.questions))
    bar.close()
    return summarise(
        rows,
        categories=dataset.categories,
        budgets=budgets,
        ingest_ms=ingest_ms,
        query_ms=query_ms,
    )


def ask_questions(
    system: System,
    conv: Conversation,
    budgets: Sequence[int],
    *,
    query_ms: list[float],
    ranking: bool = True,
) -> list[dict[str, Any]]:
    """Per-question rows for one ingested conversation; query times are appended.
    ``ranking=False`` skips recall@k and the update ordering (one query less per question)."""
    rows: list[dict[str, Any]] = []
    for index, question in enumerate(conv.questions):
        row: dict[str, Any] = {"conv": conv.conv_id, "index": index, "cat": question.category}
        for budget in budgets:
            started = time.perf_counter()
            got = system.retrieve(conv, question.question, at=conv.ask_time, budget=budget)
            query_ms.append((time.perf_counter() - started) * 1000)
            if got.token_count > budget:
                raise AssertionError(f"{system.name} returned {got.token_count} > {budget}")
            row[f"recall@{budget}t"] = evidence_recall(question.evidence, got.item_ids)
            row[f"tokens@{budget}t"] = got.token_count
        if not ranking:
            rows.append(row)
            continue
        ranked = system.ranking(conv, question.question, at=conv.ask_time)
        for k in RECALL_AT:
            row[f"R@{k}"] = evidence_recall(question.evidence, ranked[:k])
        first = updated_first(question, ranked)
        if first is not None:
            row["updated_first"] = first
        rows.append(row)
    return rows


def summarise(
    rows: Sequence[dict[str, Any]],
    *,
    categories: dict[str, str],
    budgets: Sequence[int],
    ingest_ms: Sequence[float] = (),
    query_ms: Sequence[float] = (),
) -> dict[str, Any]:
    """Per-question rows to per-category and overall means, plus latency percentiles."""

    def means(key: str) -> dict[str, float]:
        out = {"overall": float(np.mean([r[key] for r in rows]))}
        for cat in categories:
            values = [r[key] for r in rows if r["cat"] == cat]
            if values:
                out[cat] = float(np.mean(values))
        return out

    ordered = [r["updated_first"] for r in rows if "updated_first" in r]
    return {
        "questions": len(rows),
        "budget": {str(b): means(f"recall@{b}t") for b in budgets},
        "tokens_per_query": {str(b): means(f"tokens@{b}t")["overall"] for b in budgets},
        "recall_at": {str(k): means(f"R@{k}") for k in RECALL_AT},
        "updated_first": {"count": int(sum(ordered)), "of": len(ordered)},
        "latency_ms": {
            "ingest_per_turn_p50": _percentile(ingest_ms, 50),
            "ingest_per_turn_p95": _percentile(ingest_ms, 95),
            "query_p50": _percentile(query_ms, 50),
            "query_p95": _percentile(query_ms, 95),
        },
        "per_question": list(rows),
    }


def best_baseline(results: dict[str, Any], budget: int, *, system: str = "KAPEX") -> str | None:
    """The name of the best other system at ``budget`` (overall recall), or None."""
    others = {n: r for n, r in results["systems"].items() if n != system}
    if not others:
        return None
    best: str = max(others, key=lambda n: others[n]["budget"][str(budget)]["overall"])
    return best


def render_markdown(results: dict[str, Any], *, categories: dict[str, str]) -> str:
    """Tables for docs/benchmarks.md: recall by budget and rank, per category, and the
    margin of KAPEX over the best plain baseline of the same run."""
    budgets = [str(b) for b in results["budgets"]]
    ks = [str(k) for k in results["recall_at"]]
    mid = budgets[len(budgets) // 2]
    head = ["system", *(f"@{b}" for b in budgets), *(f"R@{k}" for k in ks), "tokens/query @" + mid]
    head += ["ingest ms/turn p50/p95", "query ms p50/p95"]
    ordering = any(res["updated_first"]["of"] for res in results["systems"].values())
    if ordering:
        head.append("updated first")
    lines = [_row(head), _row(["---"] * len(head))]
    for name, res in results["systems"].items():
        lat = res["latency_ms"]
        cells = [name, *(f"{res['budget'][b]['overall']:.3f}" for b in budgets)]
        cells += [f"{res['recall_at'][k]['overall']:.3f}" for k in ks]
        cells.append(f"{res['tokens_per_query'][mid]:.0f}")
        cells.append(f"{lat['ingest_per_turn_p50']:.1f}/{lat['ingest_per_turn_p95']:.1f}")
        cells.append(f"{lat['query_p50']:.1f}/{lat['query_p95']:.1f}")
        if ordering:
            first = res["updated_first"]
            cells.append(f"{first['count']}/{first['of']}")
        lines.append(_row(cells))
    cat_head = ["system", "budget", *categories.values(), "overall"]
    lines += ["", _row(cat_head), _row(["---"] * len(cat_head))]
    for name, res in results["systems"].items():
        for b in budgets:
            by = res["budget"][b]
            cells = [name, b, *(f"{by[c]:.3f}" if c in by else "—" for c in categories)]
            lines.append(_row([*cells, f"{by['overall']:.3f}"]))
    if "KAPEX" in results["systems"]:
        margins = []
        for b in budgets:
            rival = best_baseline(results, int(b))
            if rival is not None:
                ours = results["systems"]["KAPEX"]["budget"][b]["overall"]
                theirs = results["systems"][rival]["budget"][b]["overall"]
                margins.append(f"@{b} {ours - theirs:+.3f} against {rival}")
        if margins:
            lines += ["", "KAPEX over the best plain baseline of this run: " + "; ".join(margins)]
    data = results["dataset"]
    lines += [
        "",
        f"{data['conversations']} conversations, {data['turns']} turns, "
        f"{data['questions']} questions (by category: "
        + ", ".join(f"{categories[c]}: {n}" for c, n in data["questions_by_category"].items())
        + ").",
    ]
    return "\n".join(lines) + "\n"


def describe(dataset: Dataset) -> dict[str, Any]:
    conversations = dataset.conversations
    by_category = {
        c: sum(q.category == c for conv in conversations for q in conv.questions)
        for c in dataset.categories
    }
    return {
        "name": dataset.name,
        "categories": dict(dataset.categories),
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


__all__ = [
    "RECALL_AT",
    "Conversation",
    "Dataset",
    "LineFormat",
    "Progress",
    "Question",
    "Retrieved",
    "System",
    "TokenCounter",
    "Turn",
    "ask_questions",
    "best_baseline",
    "describe",
    "evidence_recall",
    "no_progress",
    "pack",
    "render_markdown",
    "run_benchmark",
    "run_system",
    "summarise",
    "updated_first",
]
