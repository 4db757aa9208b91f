"""Recall against token budget, one panel per category plus overall, every system a line."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

#: Panels per row: LoCoMo's five fit one row, BEAM's ten take two.
COLUMNS = 5


def plot(results: dict[str, Any], path: Path | str) -> None:
    """Write a PNG of evidence recall vs budget to ``path`` (needs the ``bench`` extra)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as missing:
        raise RuntimeError("plotting needs matplotlib: pip install 'kapex[bench]'") from missing

    budgets = results["budgets"]
    categories: dict[str, str] = results["dataset"]["categories"]
    panels = [("overall", "overall"), *categories.items()]
    rows = math.ceil(len(panels) / COLUMNS)
    columns = min(COLUMNS, len(panels))
    figure, grid = plt.subplots(
        rows, columns, figsize=(3.6 * columns, 3.3 * rows), sharey=True, squeeze=False
    )
    axes = grid.ravel()
    for axis, (key, title) in zip(axes, panels, strict=False):
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
    for axis in axes[len(panels) :]:
        axis.set_visible(False)
    for row in grid:
        row[0].set_ylabel("evidence recall")
    axes[0].legend(loc="lower right", fontsize="small")
    figure.suptitle(results["dataset"].get("name", ""))
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


__all__ = ["plot"]
