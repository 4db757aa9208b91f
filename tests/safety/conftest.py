"""Fixtures for the safety tests: the local embedder once per test module, the clause reader
(spaCy) once per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kapex.models.embedder import MiniLMEmbedder
from kapex.safety.crisis_clauses import ClauseReader

DATA_DIR = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def embedder() -> MiniLMEmbedder:
    return MiniLMEmbedder()


@pytest.fixture(scope="module")
def data_dir() -> Path:
    return DATA_DIR


@pytest.fixture(scope="session")
def clauses() -> ClauseReader:
    return ClauseReader()


def live_categories(clauses: ClauseReader, text: str) -> set[str]:
    """The categories of the cues the clause reading finds live in ``text``."""
    return {hit.cue.category for hit in clauses.hits(text) if hit.live}


def tampered_copy(artefact: Path, folder: Path) -> Path:
    """A copy of ``artefact`` in ``folder`` with three bytes changed (its sha256 no longer
    matches the pinned one)."""
    tampered = folder / artefact.name
    shutil.copy(artefact, tampered)
    with tampered.open("r+b") as handle:
        handle.seek(100)
        handle.write(b"\x00\x01\x02")
    return tampered
