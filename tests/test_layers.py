"""Dependencies point one way: api/cli → services → engine, access, safety, store, models."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "kapex"

FORBIDDEN = {
    "engine": ("kapex.api", "kapex.services", "kapex.store", "kapex.cli", "fastapi", "sqlalchemy"),
    "safety": ("kapex.api", "kapex.services", "kapex.store", "kapex.cli", "fastapi", "sqlalchemy"),
    "access": ("kapex.api", "kapex.services", "kapex.cli", "fastapi"),
    "models": ("kapex.api", "kapex.services", "kapex.store", "kapex.cli", "fastapi", "sqlalchemy"),
    "store": ("kapex.api", "kapex.services", "kapex.cli", "fastapi"),
    "services": ("kapex.api", "kapex.cli", "fastapi"),
    "schemas": ("kapex.api", "kapex.services", "kapex.store", "kapex.cli", "fastapi"),
    "ui": ("kapex.api", "kapex.services", "kapex.store", "kapex.cli", "fastapi", "sqlalchemy"),
}


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_a_layer_never_imports_the_layers_above_it(layer: str) -> None:
    offences = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in sorted((PACKAGE / layer).rglob("*.py"))
        for name in _imports(path)
        if name.startswith(FORBIDDEN[layer])
    ]
    assert offences == []


def test_the_wall_clock_is_read_only_by_the_clock_module() -> None:
    readers = [
        str(path.relative_to(PACKAGE))
        for path in sorted(PACKAGE.rglob("*.py"))
        if "datetime.now(" in path.read_text() and path.name != "clock.py"
    ]
    assert readers == []
