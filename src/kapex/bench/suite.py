"""One benchmark run: KAPEX and the plain baselines on a data set, in the same process.

``run`` builds the service layer on a fresh SQLite database in a temporary folder, runs
KAPEX (``bench.kapex_system``) and BM25, dense and their fusion (``bench.baselines``, on the
same embedder, cut by the same token walk over ``line``), and returns the results with their
markdown. The rule these numbers are held to: KAPEX never below the best of its baselines.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kapex.bench.baselines import baselines
from kapex.bench.evidence import Dataset, LineFormat, TokenCounter, render_markdown, run_benchmark
from kapex.bench.kapex_system import KapexSystem
from kapex.bench.plot import plot
from kapex.services.container import Services
from kapex.settings import Settings


def build_services(**settings: Any) -> Services:
    """The service layer on a throw-away SQLite database, purge loop off."""
    os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
    workdir = Path(tempfile.mkdtemp(prefix="kapex-bench-"))
    return Services.build(Settings(data_dir=workdir, purge_interval_seconds=0, **settings))


def run(
    dataset: Dataset,
    *,
    budgets: Sequence[int],
    line: LineFormat,
    plot_path: Path | None,
    with_baselines: bool = True,
    settings: dict[str, Any] | None = None,
) -> tuple[dict[str, Any], str]:
    services = build_services(**(settings or {}))
    try:
        systems: list[Any] = [KapexSystem(services)]
        if with_baselines:
            systems += baselines(
                embedder=services.models.embedder, counter=TokenCounter(), line=line
            )
        results = run_benchmark(dataset, systems, budgets=budgets)
    finally:
        services.close()
    if plot_path is not None:
        plot(results, plot_path)
    return results, render_markdown(results, categories=dataset.categories)


__all__ = ["build_services", "run"]
