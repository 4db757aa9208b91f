"""The safety benchmark: crisis detection and PII scrubbing on the labelled sets in tests/data.

Contract: ``run_safety_bench(data_dir, embedder)`` reads ``crisis_positives.jsonl``,
``crisis_negatives.jsonl``, ``pii_items.jsonl`` and ``pii_clean.jsonl`` and returns, for each
split present (``dev``, ``holdout``) and for ``all``:

* ``crisis``: per-category recall (detected with the right category), detection recall
  (any category), overall recall and the false-positive rate on hard negatives;
* ``pii``: recall per type (an item counts for a type when that type is reported and every
  labelled value is gone from the scrubbed text) and the share of clean messages altered;

plus median timings per message. ``render_markdown(results)`` turns that into tables.
The holdout split was fixed (every third line) before the detectors were tuned on ``dev``.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kapex.models.embedder import Embedder
from kapex.safety.crisis import CATEGORIES, CrisisDetector
from kapex.safety.pii import TYPES, PiiScrubber

__all__ = ["render_markdown", "run_safety_bench"]

SPLITS = ("dev", "holdout", "all")
TIMING_REPEATS = 3


def _read(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _in_split(rows: Iterable[dict[str, Any]], split: str) -> list[dict[str, Any]]:
    return [r for r in rows if split == "all" or r.get("split", "dev") == split]


def _ratio(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def _crisis_metrics(
    positives: list[dict[str, Any]], negatives: list[dict[str, Any]], outcomes: dict[str, Any]
) -> dict[str, Any]:
    per_category: dict[str, Any] = {}
    for category in CATEGORIES:
        rows = [p for p in positives if p["category"] == category]
        right = sum(outcomes[p["text"]].category == category for p in rows)
        any_hit = sum(outcomes[p["text"]].detected for p in rows)
        per_category[category] = {
            "n": len(rows),
            "recall": _ratio(right, len(rows)),
            "detected": _ratio(any_hit, len(rows)),
        }
    right = sum(outcomes[p["text"]].category == p["category"] for p in positives)
    detected = sum(outcomes[p["text"]].detected for p in positives)
    false_positives = [n["text"] for n in negatives if outcomes[n["text"]].detected]
    return {
        "positives": len(positives),
        "negatives": len(negatives),
        "recall": _ratio(right, len(positives)),
        "detection_recall": _ratio(detected, len(positives)),
        "false_positive_rate": _ratio(len(false_positives), len(negatives)),
        "per_category": per_category,
        "missed": [p["text"] for p in positives if outcomes[p["text"]].category != p["category"]],
        "false_positives": false_positives,
    }


def _pii_metrics(
    items: list[dict[str, Any]], clean: list[dict[str, Any]], scrubber: PiiScrubber
) -> dict[str, Any]:
    totals = dict.fromkeys(TYPES, 0)
    caught = dict.fromkeys(TYPES, 0)
    missed: list[str] = []
    for item in items:
        result = scrubber.scrub(item["text"])
        values_gone = all(value not in result.text for value in item["values"])
        for kind in item["types"]:
            totals[kind] += 1
            if values_gone and kind in result.types:
                caught[kind] += 1
            else:
                missed.append(f"{kind}: {item['text']}")
    altered = [c["text"] for c in clean if scrubber.scrub(c["text"]).text != c["text"]]
    return {
        "items": len(items),
        "clean": len(clean),
        "recall": {kind: _ratio(caught[kind], totals[kind]) for kind in TYPES},
        "n": totals,
        "clean_altered_rate": _ratio(len(altered), len(clean)),
        "missed": missed,
        "clean_altered": altered,
    }


def _median_ms(action: Any, texts: list[str]) -> float:
    runs = []
    for _ in range(TIMING_REPEATS):
        start = time.perf_counter()
        for text in texts:
            action(text)
        runs.append((time.perf_counter() - start) / max(1, len(texts)) * 1000)
    return round(statistics.median(runs), 4)


def run_safety_bench(data_dir: Path, embedder: Embedder) -> dict[str, Any]:
    """Run every metric on every split; see the module contract for the shape."""
    data_dir = Path(data_dir)
    positives = _read(data_dir / "crisis_positives.jsonl")
    negatives = _read(data_dir / "crisis_negatives.jsonl")
    items = _read(data_dir / "pii_items.jsonl")
    clean = _read(data_dir / "pii_clean.jsonl")

    detector = CrisisDetector(embedder)
    scrubber = PiiScrubber()
    crisis_texts = [r["text"] for r in positives + negatives]
    outcomes = dict(zip(crisis_texts, detector.detect_many(crisis_texts), strict=True))

    results: dict[str, Any] = {"splits": {}}
    for split in SPLITS:
        results["splits"][split] = {
            "crisis": _crisis_metrics(
                _in_split(positives, split), _in_split(negatives, split), outcomes
            ),
            "pii": _pii_metrics(_in_split(items, split), _in_split(clean, split), scrubber),
        }
    pii_texts = [r["text"] for r in items + clean]
    sample = crisis_texts[:60]
    results["timing_ms"] = {
        "crisis_detect_per_message": _median_ms(detector.detect, sample),
        "crisis_detect_many_per_message": round(
            _median_ms(lambda _t: detector.detect_many(sample), ["batch"]) / len(sample), 4
        ),
        "pii_scrub_per_message": _median_ms(scrubber.scrub, pii_texts),
    }
    return results


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def render_markdown(results: dict[str, Any]) -> str:
    """Markdown tables for docs/benchmarks.md: crisis, PII and timings, one column per split."""
    splits = [s for s in SPLITS if s in results["splits"]]
    data = results["splits"]
    header = "| metric | " + " | ".join(splits) + " |\n|---|" + "---|" * len(splits)
    lines = ["## Safety", "", "### Crisis detection", "", header]

    def row(label: str, pick: Any) -> str:
        return f"| {label} | " + " | ".join(pick(data[s]) for s in splits) + " |"

    lines.append(
        row(
            "positives / hard negatives",
            lambda d: f"{d['crisis']['positives']} / {d['crisis']['negatives']}",
        )
    )
    lines.append(row("recall (right category)", lambda d: _fmt(d["crisis"]["recall"])))
    lines.append(row("recall (any category)", lambda d: _fmt(d["crisis"]["detection_recall"])))
    for category in CATEGORIES:
        lines.append(
            row(
                f"recall: {category}",
                lambda d, c=category: (
                    _fmt(d["crisis"]["per_category"][c]["recall"])
                    + f" (n={d['crisis']['per_category'][c]['n']})"
                ),
            )
        )
    lines.append(row("false-positive rate", lambda d: _fmt(d["crisis"]["false_positive_rate"])))
    lines += ["", "### PII scrubbing", "", header]
    lines.append(
        row("items / clean messages", lambda d: f"{d['pii']['items']} / {d['pii']['clean']}")
    )
    for kind in TYPES:
        lines.append(
            row(
                f"recall: {kind}",
                lambda d, k=kind: _fmt(d["pii"]["recall"][k]) + f" (n={d['pii']['n'][k]})",
            )
        )
    lines.append(row("clean messages altered", lambda d: _fmt(d["pii"]["clean_altered_rate"])))
    timing = results["timing_ms"]
    lines += [
        "",
        "### Timings (median, ms per message)",
        "",
        "| step | ms |",
        "|---|---|",
        f"| crisis detect, one message at a time | {timing['crisis_detect_per_message']:.3f} |",
        f"| crisis detect_many, batched | {timing['crisis_detect_many_per_message']:.3f} |",
        f"| PII scrub | {timing['pii_scrub_per_message']:.4f} |",
        "",
    ]
    return "\n".join(lines)
