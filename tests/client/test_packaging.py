"""The install split is real: ``pip install kapex`` is a working client without the service's
dependencies, and importing the SDK loads none of them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.live import LiveServer

ROOT = Path(__file__).resolve().parents[2]
HEAVY = (
    "fastapi",
    "starlette",
    "sqlalchemy",
    "onnxruntime",
    "spacy",
    "numpy",
    "uvicorn",
    "pydantic_settings",
    "redis",
    "psycopg",
    "tokenizers",
    "alembic",
    "mcp",
)


def _loaded_after(statement: str) -> set[str]:
    probe = f"import sys\n{statement}\nimport json\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    return {name.split(".")[0] for name in json.loads(done.stdout)}


@pytest.mark.parametrize(
    "statement",
    [
        "import kapex.client",
        "import kapex.schemas.memory, kapex.schemas.accounts, kapex.schemas.profile",
        "import kapex.errors",
        "import kapex",
        "import kapex.importing.runner, kapex.importing.formats",
    ],
)
def test_the_client_side_imports_nothing_of_the_service(statement: str) -> None:
    assert _loaded_after(statement) & set(HEAVY) == set()


@pytest.mark.slow
def test_a_fresh_venv_with_the_client_install_talks_to_a_live_server(
    live: LiveServer, tmp_path: Path
) -> None:
    """Build and install `kapex` (no extras) from this checkout into an empty venv, then use it."""
    env_dir = tmp_path / "client-venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(ROOT)],
        check=True,
        timeout=900,
        env={**os.environ, "PIP_NO_INPUT": "1"},
    )
    script = f"""
import importlib.util, json, sys
import kapex, kapex.client
missing = [m for m in {HEAVY!r} if importlib.util.find_spec(m) is not None]
with kapex.client.Kapex(base_url={live.url!r}, api_key="") as anonymous:
    key = anonymous.signup("Fresh Venv Ltd", email="fresh@example.com", name="F").api_key
with kapex.client.Kapex(key, base_url={live.url!r}) as client:
    client.ingest("u1", "I keep bees on the allotment.")
    block = client.query("u1", "How are the bees?").context
print(json.dumps({{"installed_heavy": missing, "block": block}}))
"""
    done = subprocess.run(
        [str(python), "-c", script], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["installed_heavy"] == []
    assert "bees" in result["block"]
    serve = subprocess.run(
        [str(env_dir / "bin" / "kapex"), "serve"], capture_output=True, text=True, timeout=60
    )
    assert serve.returncode == 2
    assert "pip install 'kapex[server]'" in serve.stderr
    mcp = subprocess.run(
        [str(env_dir / "bin" / "kapex"), "mcp"], capture_output=True, text=True, timeout=60
    )
    assert mcp.returncode == 2 and "pip install 'kapex[mcp]'" in mcp.stderr
