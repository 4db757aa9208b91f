"""``kapex bench ablation``: each retrieval stage switched off, on LoCoMo and BEAM side by side.

Every conversation of both data sets is ingested once through the service layer (one tenant
per data set); each variant then asks every question again with one stage switched off —
through ``SearchWeights`` (stages no profile setting covers) or a profile change — and the
evidence recall at the budget is reported per split: the split tuned on and the one held out,
for each data set. A stage earns its place by helping on both data sets' held-out splits.

``workdir`` keeps the SQLite database between runs: a later run with the same folder reuses
the ingested conversations (only valid while the write path is unchanged), so exploring a
query-time change costs seconds per variant instead of the ingestion's minutes.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from kapex.bench import beam, locomo
from kapex.bench.evidence import Dataset, ask_questions
from kapex.bench.kapex_system import KapexSystem
from kapex.engine.retrieval import SearchWeights
from kapex.schemas.profile import Profile, deep_merge
from kapex.services.container import Services
from kapex.settings import Settings

#: Turns per ingest request: the ablation measures recall, not latency, so it ingests as an
#: import would (one embedding call per batch).
INGEST_BATCH = 25


@dataclass(frozen=True, slots=True)
class Variant:
    """A stage switched off: ``search`` replaces ``SearchWeights`` fields, ``profile`` is a
    deep-merged profile update."""

    name: str
    search: dict[str, Any] = field(default_factory=dict)
    profile: dict[str, Any] = field(default_factory=dict)


VARIANTS: tuple[Variant, ...] = (
    Variant("product default"),
    Variant("no neighbour spreading", search={"after": 0.0, "before": 0.0}),
    Variant("no previous-turn vector mixing", search={"context": 0.0}),
    Variant("no previous-turn word mixing", search={"words": 0.0}),
    Variant("no speaker damping", search={"other_speaker": 1.0}),
    Variant("no temporal signal", profile={"retrieval": {"temporal_weight": 0.0}}),
    Variant("no salience mix", profile={"retrieval": {"salience_weight": 0.0}}),
    Variant("no salient channel", profile={"injection_template": {"salient_share": 0.0}}),
    Variant("no topic cap", profile={"injection_template": {"max_topic_share": 1.0}}),
    Variant("no passages (whole-message vectors, summary lines)", search={"passages": False}),
    Variant("long messages scored by their best passage", search={"passage_scores": True}),
    Variant("every turn read in context (no length rule)", search={"alone_at": 0.0}),
    Variant("long messages' words count in full", search={"long_words": 1.0}),
    Variant("entity signal on (0.15)", profile={"retrieval": {"entity_weight": 0.15}}),
    Variant("fusion within the pool (0.5)", search={"pool_fusion": 0.5}),
    Variant(
        "none of the stages (dense + lexical, relevance only)",
        search={
            "after": 0.0,
            "before": 0.0,
            "context": 0.0,
            "words": 0.0,
            "other_speaker": 1.0,
            "passages": False,
            "long_words": 1.0,
        },
        profile={
            "retrieval": {"temporal_weight": 0.0, "salience_weight": 0.0},
            "injection_template": {"salient_share": 0.0, "max_topic_share": 1.0},
        },
    ),
)


@dataclass(frozen=True, slots=True)
class Split:
    """A data set with the conversation ids tuned on and held out."""

    dataset: Dataset
    tuning: tuple[str, ...]
    held_out: tuple[str, ...]


def splits(*, locomo_dir: Path | None, beam_dir: Path | None) -> list[Split]:
    """LoCoMo 4 tuned / 3 held out; BEAM chats 1–5 tuned / 6–10 held out."""
    found: list[Split] = []
    if locomo_dir is not None:
        found.append(Split(locomo.load_dataset(locomo_dir), locomo.TUNING, locomo.HELD_OUT))
    if beam_dir is not None:
        dataset = beam.load_dataset(beam_dir, chats=beam.TUNING + beam.HELD_OUT)
        found.append(Split(dataset, beam.TUNING, beam.HELD_OUT))
    return found


def choose(names: str | None) -> tuple[Variant, ...]:
    """The product default and the variants whose name contains one of the comma-separated
    ``names`` (all when None)."""
    if not names:
        return VARIANTS
    wanted = [n.strip().lower() for n in names.split(",") if n.strip()]
    chosen = [v for v in VARIANTS[1:] if any(w in v.name.lower() for w in wanted)]
    return (VARIANTS[0], *chosen)


def run_ablation(
    data: Sequence[Split],
    *,
    budget: int = 1000,
    variants: Sequence[Variant] = VARIANTS,
    workdir: Path,
    progress: bool = True,
) -> dict[str, Any]:
    """Recall at ``budget`` per variant, data set and split (JSON-ready)."""
    os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
    workdir.mkdir(parents=True, exist_ok=True)
    services = Services.build(Settings(data_dir=workdir, purge_interval_seconds=0))
    state_path = workdir / "ablation-state.json"
    state = json.loads(state_path.read_text()) if state_path.exists() else {}
    results: dict[str, Any] = {"budget": budget, "variants": [v.name for v in variants]}
    try:
        for split in data:
            name = split.dataset.name
            known = state.get(name, {})
            base = KapexSystem(
                services,
                tenant_id=known.get("tenant_id"),
                ingested=known.get("ingested", ()),
                batch=INGEST_BATCH,
            )
            _ingest(base, split.dataset, progress=progress)
            state[name] = {"tenant_id": base.tenant_id, "ingested": sorted(base.ingested)}
            state_path.write_text(json.dumps(state, indent=2))
            results[name] = {
                v.name: _score(_apply(base, v), split, budget=budget, progress=progress)
                for v in variants
            }
            # Kept as each data set finishes: a long run stopped later loses nothing done.
            (workdir / "ablation-results.json").write_text(json.dumps(results, indent=2))
    finally:
        services.close()
    return results


def render_markdown(results: dict[str, Any], data: Sequence[Split]) -> str:
    """One row per variant: recall on each data set's tuning and held-out split, with the
    change against the product default."""
    budget = results["budget"]
    head = ["stage switched off"]
    for split in data:
        name = split.dataset.name
        head += [f"{name} tuned ({len(split.tuning)})", f"{name} held out ({len(split.held_out)})"]
    lines = [_row(head), _row(["---"] * len(head))]
    default = results["variants"][0]
    for variant in results["variants"]:
        cells = [variant]
        for split in data:
            scores = results[split.dataset.name]
            for part in ("tuning", "held_out"):
                value = scores[variant][part]
                if variant == default:
                    cells.append(f"{value:.3f}")
                else:
                    cells.append(f"{value:.3f} ({value - scores[default][part]:+.3f})")
        lines.append(_row(cells))
    lines.append("")
    lines.append(f"Evidence recall at {budget} tokens through the service layer.")
    return "\n".join(lines) + "\n"


def _apply(base: KapexSystem, variant: Variant) -> KapexSystem:
    search = replace(SearchWeights(), **variant.search) if variant.search else None
    profile: Profile | None = deep_merge(base.profile, variant.profile) if variant.profile else None
    return base.variant(variant.name, profile=profile, search=search)


def _ingest(system: KapexSystem, dataset: Dataset, *, progress: bool) -> None:
    from tqdm import tqdm

    todo = [c for c in dataset.conversations if c.conv_id not in system.ingested]
    total = sum(len(c.turns) for c in todo)
    with tqdm(total=total, desc=f"{dataset.name}: ingest", disable=not progress) as bar:
        for conv in todo:
            system.ingest_conversation(conv, progress=bar.update)


def _score(system: KapexSystem, split: Split, *, budget: int, progress: bool) -> dict[str, float]:
    from tqdm import tqdm

    conversations = split.dataset.conversations
    recall: dict[str, list[float]] = {}
    query_ms: list[float] = []
    total = sum(len(c.questions) for c in conversations)
    label = f"{split.dataset.name}: {system.name}"
    with tqdm(total=total, desc=label, disable=not progress, leave=False) as bar:
        for conv in conversations:
            rows = ask_questions(system, conv, (budget,), query_ms=query_ms, ranking=False)
            recall[conv.conv_id] = [r[f"recall@{budget}t"] for r in rows]
            bar.update(len(rows))

    def mean(ids: Sequence[str]) -> float:
        values = [v for i in ids for v in recall.get(i, [])]
        return float(np.mean(values)) if values else float("nan")

    return {
        "tuning": mean(split.tuning),
        "held_out": mean(split.held_out),
        "all": mean([c.conv_id for c in conversations]),
        "query_p50_ms": float(np.percentile(query_ms, 50)),
    }


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


__all__ = ["VARIANTS", "Split", "Variant", "render_markdown", "run_ablation", "splits"]
