"""Markdown for ``kapex bench judgements``: the benchmarks section and the calibration table."""

from __future__ import annotations

from typing import Any

__all__ = ["render_calibration", "render_markdown"]

_METRICS = ("spearman", "auc", "low_above_min_high", "low_above_p10_high", "mae")
_CLASS_NAMES = {
    "gravity": "grave (label ≥ 0.30) vs trivial (≤ 0.10)",
    "openness": "open (label ≥ 0.70) vs specific (≤ 0.15)",
    "processing": "worked through (label ≥ 0.70) vs raw, stuck or unrelated (≤ 0.25)",
}


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def _metric_rows(rows: dict[str, dict[str, Any]]) -> list[str]:
    lines = [
        "| scored by | n | Spearman | AUC | low above lowest high | low above high p10 | MAE |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, metrics in rows.items():
        cells = " | ".join(_cell(metrics[key]) for key in _METRICS)
        lines.append(f"| {name} | {int(metrics['n'])} | {cells} |")
    return lines


def _family_table(rows: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| family | n | mean label | mean score | Spearman in family | AUC vs other class "
        "| low above lowest high |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    lines.extend(
        f"| {r['family']} | {r['n']} | {r['label']:.2f} | {r['score']:.3f} | "
        f"{_cell(r['spearman'])} | {_cell(r['auc_vs_other_class'])} | "
        f"{_cell(r['low_above_lowest_high'])} |"
        for r in rows
    )
    return lines


def render_markdown(results: dict[str, Any]) -> str:
    configs = ", ".join(
        f"{head}: L2 {config['penalty']}, text features "
        + ("on" if config["text_features"] else "off")
        + f", logit × {config['stretch']:.2f} {config['shift']:+.2f}"
        for head, config in results["configs"].items()
    )
    lines = [
        "## Judgement heads: gravity, openness and processing",
        "",
        f"`kapex bench judgements --embedder {results['embedder']}` (add `--train` to refit), "
        f"artefact version `{results['version']}`. Heads: logistic layers over the embedding; "
        "configurations chosen by event-grouped cross-validation on the training split "
        f"({configs}). "
        "Held-out = every third event type of each family (sha1 order), never seen in training; "
        "leave-one-family-out = each family scored by heads fitted without any of its items. "
        "Baselines are fitted on the same training split. The shipped heads are then refitted "
        "on every item with the same configuration. In the family tables, a family with high "
        "items is compared on them with every low item (AUC; share of low items above its "
        "lowest high item), a family of low items with every high item (AUC; share of its "
        "items above the lowest high item).",
    ]
    for head in _CLASS_NAMES:
        part = results[head]
        lines += [
            "",
            f"### {head} — {_CLASS_NAMES[head]}",
            "",
            f"{part['items']['train']} training items, {part['items']['holdout']} held out.",
            "",
        ]
        rows = {"**head, held-out events**": part["holdout"]}
        rows.update({f"baseline: {name}": m for name, m in part["baselines"].items()})
        rows["head, leave-one-family-out (all items)"] = part["lofo"]
        rows["shipped head on the whole bank (its training data: a fit, not a test)"] = part[
            "shipped_fit"
        ]
        lines += _metric_rows(rows)
        lines += ["", "Held-out events by family:", "", *_family_table(part["holdout_families"])]
        lines += ["", "Leave-one-family-out by family:", "", *_family_table(part["lofo_families"])]
    if "locomo" in results:
        locomo = results["locomo"]
        quantiles = ", ".join(f"{k} {v:.3f}" for k, v in locomo["quantiles"].items())
        shares = ", ".join(f"≥ {k}: {v:.1%}" for k, v in locomo["share_at_least"].items())
        lines += [
            "",
            "### Openness of the LoCoMo questions (evaluation only; nearly all are specific)",
            "",
            f"{locomo['questions']} questions: {quantiles}; share {shares}. Most open:",
            "",
        ]
        lines += [f"- {score:.3f} — {question}" for question, score in locomo["most_open"]]
    latency = results["latency"]
    lines += [
        "",
        "### Latency (median, this machine, shared with other jobs: noisy)",
        "",
        f"One text: embedding {latency['embed_one_ms']:.2f} ms; then gravity "
        f"{latency['gravity_one_ms'] * 1000:.0f} µs and openness "
        f"{latency['openness_one_ms'] * 1000:.0f} µs on top. A batch of 32 texts, both heads: "
        f"{latency['both_batch32_ms']:.3f} ms.",
    ]
    return "\n".join(lines)


def render_calibration(results: dict[str, Any]) -> str:
    lines = [
        f"Gravity of example turns (none of them in the training bank), heads version "
        f"`{results['version']}` over `{results['embedder']}`:",
        "",
        "| turn | gravity |",
        "|---|---:|",
    ]
    ordered = sorted(results["calibration"], key=lambda pair: -pair[1])
    lines += [f"| {text.replace('|', '/')} | {score:.3f} |" for text, score in ordered]
    return "\n".join(lines)
