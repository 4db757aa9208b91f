"""Every third-party module KAPEX imports is declared, in the install that needs it.

``pip install kapex`` is the client (``[project.dependencies]``); the service is
``kapex[server]``; MCP and each framework integration are their own extras. The test suite
runs with everything installed, so an import declared in the wrong place would pass here and
fail for a user: each module is checked against the dependencies of the install it belongs to.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "kapex"

#: Which extras (beyond the base install) may provide the imports of each part of the package,
#: most specific path first. Everything not listed is the service: ``[server]``.
AREAS: list[tuple[str, tuple[str, ...]]] = [
    ("__init__.py", ()),
    ("errors.py", ()),
    ("clock.py", ()),
    ("schemas/", ()),
    ("client/", ()),
    ("importing/", ()),
    ("cli/main.py", ()),
    ("cli/importing.py", ()),
    ("cli/mcp.py", ("mcp",)),
    ("mcp/http.py", ("server",)),
    ("mcp/", ("mcp",)),
    ("integrations/__init__.py", ()),
    ("integrations/common.py", ()),
    ("integrations/langchain.py", ("langchain",)),
    ("integrations/openai_agents.py", ("openai-agents",)),
    ("integrations/llamaindex.py", ("llamaindex",)),
    ("models/embedder.py", ("server", "e5")),
    ("bench/", ("server", "bench")),
    ("cli/bench.py", ("server", "bench")),
    ("", ("server",)),
]
#: Distributions a declared one brings along (starlette with fastapi, pydantic_core with
#: pydantic, langchain_core with langchain, agents is openai-agents' import name...).
COMES_WITH = {
    "starlette": "fastapi",
    "pydantic_core": "pydantic",
    "langchain_core": "langchain",
    "typing_extensions": "pydantic",
    "mcp_types": "mcp",
}


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _names(requirements: list[str]) -> set[str]:
    return {_normalise(re.split(r"[\[<>=!~ ;]", d, maxsplit=1)[0]) for d in requirements}


def _area(relative: str) -> tuple[str, ...]:
    return next(extras for prefix, extras in AREAS if relative.startswith(prefix))


def _third_party(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return {m for m in found if m not in sys.stdlib_module_names and m != "kapex"}


def test_every_imported_module_is_declared_by_the_install_that_needs_it() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    base = _names(project["dependencies"])
    extras = {name: _names(deps) for name, deps in project["optional-dependencies"].items()}
    providers = packages_distributions()
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        allowed = base.union(*(extras[e] for e in _area(relative)))
        for module in sorted(_third_party(path)):
            distributions = {_normalise(d) for d in providers.get(module, [])}
            if module in COMES_WITH:
                distributions.add(_normalise(COMES_WITH[module]))
            if not distributions & allowed:
                missing.append(f"{relative}: {module} (from {sorted(distributions) or '?'})")
    assert missing == []


@pytest.mark.parametrize("extra", ["mcp", "langchain", "openai-agents", "llamaindex"])
def test_the_server_extra_is_not_needed_by_the_client_extras(extra: str) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    heavy = {"fastapi", "sqlalchemy", "onnxruntime", "spacy", "psycopg", "numpy"}
    assert not _names(project["optional-dependencies"][extra]) & heavy
    assert not _names(project["dependencies"]) & heavy
