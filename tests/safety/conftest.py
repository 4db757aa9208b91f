"""Fixtures for the safety tests: the local embedder is loaded once per test module."""

from __future__ import annotations

from pathlib import Path

import pytest

from kapex.models.embedder import MiniLMEmbedder

DATA_DIR = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def embedder() -> MiniLMEmbedder:
    return MiniLMEmbedder()


@pytest.fixture(scope="module")
def data_dir() -> Path:
    return DATA_DIR
