"""The ``kapex`` command: ``serve``, ``admin``, ``bench``, ``import`` and ``mcp``.

``serve``, ``admin`` and ``bench`` need the service (``pip install 'kapex[server]'``);
``import`` works with the client install alone and ``mcp`` with ``kapex[mcp]``. A command
whose dependencies are missing is still listed, and says what to install when run.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable

from kapex.errors import KapexError

#: (command, module registering it, the extra it needs).
COMMANDS = (
    ("serve", "kapex.cli.serve", "server"),
    ("admin", "kapex.cli.admin", "server"),
    ("bench", "kapex.cli.bench", "server"),
    ("import", "kapex.cli.importing", None),
    ("mcp", "kapex.cli.mcp", "mcp"),
)


def _refusal(name: str, extra: str, missing: str) -> Callable[[argparse.Namespace], int]:
    def refuse(_args: argparse.Namespace) -> int:
        print(
            f"kapex {name} needs {missing!r}, which is not installed. Install it with:\n"
            f"    pip install 'kapex[{extra}]'",
            file=sys.stderr,
        )
        return 2

    return refuse


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kapex", description="KAPEX memory service")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, module, extra in COMMANDS:
        try:
            importlib.import_module(module).register(commands)
        except ModuleNotFoundError as missing:
            if (missing.name or "").split(".")[0] == "kapex":
                raise
            stub = commands.add_parser(name, help=f"(needs: pip install 'kapex[{extra}]')")
            stub.add_argument("rest", nargs=argparse.REMAINDER)
            stub.set_defaults(run=_refusal(name, extra or "server", missing.name or "?"))
    args = parser.parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except KapexError as exc:
        print(f"kapex: {exc.message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
