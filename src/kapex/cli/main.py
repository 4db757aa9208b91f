"""The ``kapex`` command: ``serve``, ``admin …`` and ``bench …``."""

from __future__ import annotations

import argparse
import sys

from kapex.cli import admin, bench, serve
from kapex.errors import KapexError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kapex", description="KAPEX memory service")
    commands = parser.add_subparsers(dest="command", required=True)
    serve.register(commands)
    admin.register(commands)
    bench.register(commands)
    args = parser.parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except KapexError as exc:
        print(f"kapex: {exc.message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
