"""``kapex bench …``: benchmarks that print numbers and record them in docs/benchmarks.md."""

from __future__ import annotations

import argparse


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("bench", help="run a benchmark and record it in the docs")
    kinds = parser.add_subparsers(dest="kind", required=True)
    del kinds
