"""The committed build of the inspector is the build of the committed sources.

``npm --prefix ui run build`` stamps the hash of the sources into ``build.json``; a source
change committed without a rebuild fails here, naming the command that fixes it.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from kapex.ui import STATIC

UI = Path(__file__).resolve().parents[2] / "ui"
VENDOR = Path(__file__).resolve().parent / "vendor"
#: Keep in step with SOURCES in ui/scripts/after-build.mjs.
SOURCES = [
    "index.html",
    "package.json",
    "package-lock.json",
    "tsconfig.json",
    "vite.config.ts",
    "public",
    "scripts",
    "src",
]


def _sources_hash() -> str:
    paths = sorted(
        path.relative_to(UI).as_posix()
        for name in SOURCES
        for path in ([UI / name] if (UI / name).is_file() else (UI / name).rglob("*"))
        if path.is_file()
    )
    digest = hashlib.sha256()
    for path in paths:
        content = hashlib.sha256((UI / path).read_bytes()).hexdigest()
        digest.update(f"{path}\0{content}\n".encode())
    return digest.hexdigest()


def test_the_committed_build_matches_the_sources() -> None:
    stamp = json.loads((STATIC / "build.json").read_text())
    assert stamp["sources_sha256"] == _sources_hash(), (
        "ui/ changed since src/kapex/ui/static was built: run "
        "`npm --prefix ui ci && npm --prefix ui run build` and commit the result"
    )


def test_every_front_end_dependency_is_pinned_by_the_lock_file() -> None:
    manifest = json.loads((UI / "package.json").read_text())
    lock = json.loads((UI / "package-lock.json").read_text())["packages"]
    for section in ("dependencies", "devDependencies"):
        for name, wanted in manifest[section].items():
            assert re.fullmatch(r"\d+\.\d+\.\d+", wanted), f"{name} is not pinned: {wanted}"
            assert lock[f"node_modules/{name}"]["version"] == wanted
    for path, entry in lock.items():
        if path:
            assert entry.get("integrity", "").startswith("sha512-"), path


def test_the_vendored_axe_core_is_the_locked_version() -> None:
    lock = json.loads((UI / "package-lock.json").read_text())["packages"]
    version = lock["node_modules/axe-core"]["version"]
    header = (VENDOR / "axe.min.js").read_text()[:200]
    assert f"axe v{version}" in header
    assert (VENDOR / "axe-core.LICENSE").is_file()
