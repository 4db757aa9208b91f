"""What ``kapex bench scenarios`` prints and records: one line per scenario, a family table."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TextIO

from kapex.bench.scenarios import FAMILIES, Run, ScenarioResult


def family_table(results: Sequence[ScenarioResult]) -> list[tuple[str, int, int]]:
    """(family, passed, total) in the format's order, families without scenarios left out."""
    rows = []
    for family in [f for f, _ in FAMILIES] + ["other"]:
        mine = [r for r in results if r.family == family]
        if mine:
            rows.append((family, sum(r.passed for r in mine), len(mine)))
    return rows


def render_markdown(run: Run, *, file_label: str, server: str) -> str:
    """The per-family pass table and the failing scenarios, for ``docs/benchmarks.md``."""
    results = run.results
    passed = sum(r.passed for r in results)
    lines = [
        f"## Behaviour scenarios: `{file_label}` (`kapex bench scenarios`)",
        "",
        f"{passed} of {len(results)} scenarios pass against {server}, through the HTTP API with "
        f"the default profile; {run.tenant}; {run.requests} requests in {run.seconds:.0f} s. "
        "Format and expectation vocabulary: `docs/scenarios.md`.",
        "",
        "| family | passed | of |",
        "| --- | --- | --- |",
    ]
    lines += [f"| {family} | {ok} | {total} |" for family, ok, total in family_table(results)]
    lines.append(f"| **all** | **{passed}** | **{len(results)}** |")
    failing = [r.name for r in results if not r.passed]
    if failing:
        lines += ["", "Failing: " + ", ".join(f"`{name}`" for name in failing) + "."]
    return "\n".join(lines)


def print_result(result: ScenarioResult, *, verbose: bool, out: TextIO | None = None) -> None:
    """``PASS name`` or ``FAIL name - reasons``; ``verbose`` adds the failing queries' blocks
    (and explanations, when asked for) on stderr; ``out`` is stdout unless given."""
    out = out or sys.stdout
    if result.passed:
        print(f"PASS {result.name}", file=out, flush=True)
        return
    print(f"FAIL {result.name} - {'; '.join(result.reasons)}", file=out, flush=True)
    if not verbose:
        return
    for failing in result.failing_queries:
        body = failing["response"]
        print(f"  step {failing['step']}: {failing['request']['current_input']!r}", file=sys.stderr)
        for i, memory in enumerate(body.get("memories") or [], start=1):
            text = failing["ingested"].get(memory.get("node_id"), memory.get("summary", ""))
            print(
                f"    #{i} [{memory.get('channel')}] sal={memory.get('salience')} "
                f"rel={memory.get('relevance')} {text[:90]!r}",
                file=sys.stderr,
            )
        explanation = body.get("explanation")
        if explanation:
            print(
                f"    mode={explanation['mode']} specificity={explanation['specificity']}",
                file=sys.stderr,
            )
            for row in explanation["considered"]:
                text = failing["ingested"].get(row["node_id"], row["summary"])
                print(
                    f"      {row['reason']:>9} {row['channel']:>8} score={row['score']} "
                    f"rel={row['relevance']} sal={row['salience']} {text[:70]!r}",
                    file=sys.stderr,
                )


def as_json(run: Run) -> dict[str, object]:
    """The run for ``bench-results/``: every scenario's reasons and failing responses."""
    return {
        "passed": sum(r.passed for r in run.results),
        "total": len(run.results),
        "tenant": run.tenant,
        "requests": run.requests,
        "seconds": round(run.seconds, 1),
        "families": [
            {"family": f, "passed": ok, "total": n} for f, ok, n in family_table(run.results)
        ],
        "scenarios": [
            {
                "name": r.name,
                "family": r.family,
                "passed": r.passed,
                "reasons": r.reasons,
                "failing_queries": r.failing_queries,
            }
            for r in run.results
        ],
    }
