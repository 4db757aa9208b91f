"""Recall against token budget, one panel per category plus overall, every system a line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kapex.bench.locomo import CATEGORIES


def plot(results: dict[str, Any], path: Path | str) -> None:
    """Write a PNG of evidence recall vs budget to ``path`` (needs the ``bench`` extra)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as missing:
        raise RuntimeError("plotting needs matplotlib: pip install 'kapex[bench]'") from missing

    budgets = results["budgets"]
    panels = [("overall", "overall"), *((str(c), f"{c} {n}") for c, n in CATEGORIES.items())]
    figure, axes = plt.subplots(1, len(panels), figsize=(4 * len(panels), 3.6), sharey=True)
    for axis, (key, title) in zip(axes, panels, strict=True):
        for name, res in results["systems"].items():
            values = [res["budget"][str(b)].get(key) for b in budgets]
            if all(v is not None for v in values):
                style = "-" if name.startswith("KAPEX") else "--"
                axis.plot(budgets, values, style, marker="o", label=name)
        axis.set_title(title)
        axis.set_xlabel("token budget")
        axis.set_xscale("log")
        axis.set_xticks(budgets, [str(b) for b in budgets])
        axis.minorticks_off()
        axis.set_ylim(0, 1)
        axis.grid(alpha=0.3)
    axes[0].set_ylabel("evidence recall")
    axes[-1].legend(loc="lower right", fontsize="small")
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)


__all__ = ["plot"]
