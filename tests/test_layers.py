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
    "mcp": ("kapex.api", "kapex.cli", "kapex.store", "fastapi"),
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


def _within(name: str, prefixes: tuple[str, ...]) -> bool:
    """``name`` is one of ``prefixes`` or a submodule of one (``kapex.cli`` ≠ ``kapex.client``)."""
    return any(name == p or name.startswith(p + ".") for p in prefixes)


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_a_layer_never_imports_the_layers_above_it(layer: str) -> None:
    offences = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in sorted((PACKAGE / layer).rglob("*.py"))
        for name in _imports(path)
        if _within(name, FORBIDDEN[layer])
    ]
    assert offences == []


def test_the_wall_clock_is_read_only_by_the_clock_module() -> None:
    readers = [
        str(path.relative_to(PACKAGE))
        for path in sorted(PACKAGE.rglob("*.py"))
        if "datetime.now(" in path.read_text() and path.name != "clock.py"
    ]
    assert readers == []


#: What runs with the client install (`pip install kapex`, plus the mcp or framework extras).
CLIENT_SIDE = (
    "client/",
    "importing/",
    "integrations/",
    "mcp/__init__.py",
    "mcp/memory.py",
    "mcp/stdio.py",
    "mcp/tools.py",
    "cli/importing.py",
    "cli/mcp.py",
    "cli/main.py",
)
SERVER_ONLY = (
    "kapex.api",
    "kapex.services",
    "kapex.store",
    "kapex.engine",
    "kapex.access",
    "kapex.safety",
    "kapex.models",
    "kapex.settings",
    "kapex.bench",
    "kapex.logs",
    "kapex.mcp.http",
    "fastapi",
    "starlette",
    "sqlalchemy",
)


def test_client_side_code_never_imports_the_service() -> None:
    offences = [
        f"{relative} imports {name}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if (relative := path.relative_to(PACKAGE).as_posix()).startswith(CLIENT_SIDE)
        for name in _imports(path)
        if _within(name, SERVER_ONLY)
    ]
    assert offences == []
