"""Writing benchmark results into ``docs/benchmarks.md``, one replaceable section each."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from pathlib import Path

DEFAULT_DOC = Path("docs/benchmarks.md")
_TITLE = "# Benchmarks\n\nWritten by `kapex bench …`; each command replaces its own section.\n"


def write_section(name: str, markdown: str, *, path: Path = DEFAULT_DOC) -> Path:
    """Put ``markdown`` between this benchmark's markers, replacing what was there."""
    start, end = f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"
    text = path.read_text() if path.exists() else _TITLE
    block = f"{start}\n{markdown.strip()}\n{end}"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        _, after = rest.split(end, 1)
        text = before + block + after
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100) by linear interpolation; NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")
