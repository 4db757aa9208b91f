"""Topic fields: the bank's format, the shipped classifiers on sentences written here, and
the artefact's integrity checks."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from kapex.bench.judgement_bank import BankError
from kapex.bench.topic_field_bank import read_fields
from kapex.errors import ModelIntegrityError
from kapex.models.embedder import MODEL_ID
from kapex.models.topic_fields import (
    DATA_DIR,
    FIELD_LEVEL,
    TopicFields,
    about,
    artefact_filename,
)
from kapex.services.models import LocalModels

pytestmark = pytest.mark.slow

BANK = Path(__file__).resolve().parents[2] / "data" / "topic_fields"


@pytest.fixture(scope="module")
def fields() -> TopicFields:
    loaded = TopicFields.load(MODEL_ID)
    assert loaded is not None
    return loaded


def test_the_bank_holds_many_topics_each_with_sentences_near_misses_and_names() -> None:
    bank = read_fields(BANK)
    assert len(bank) >= 45
    for field in bank:
        assert len(field.sentences) >= 20, field.name
        assert len(field.near) >= 8, field.name
        assert len(field.aliases) >= 4, field.name
        held = sum(field.split(s) == "holdout" for s in field.sentences)
        assert 0 < held < len(field.sentences), field.name


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("a sentence before any header\n", "before any @topic"),
        ("@near drinking\nthe pub quiz\n", "before its @topic"),
        ("@topic debt | money\nowe loads\n@topic debt | arrears\n", "defined twice"),
        ("@topic debt | money\nowe loads\n@near debt\nOwe loads\n", "duplicate"),
    ],
)
def test_a_malformed_bank_is_refused_with_the_file_and_line(
    tmp_path: Path, text: str, error: str
) -> None:
    (tmp_path / "bad.txt").write_text(text)
    with pytest.raises(BankError, match=error) as raised:
        read_fields(tmp_path)
    assert "bad.txt:" in str(raised.value)


def test_a_pin_in_the_users_own_words_names_its_field(
    models: LocalModels, fields: TopicFields
) -> None:
    for topic, field in (
        ("my drinking", "alcohol"),
        ("the betting", "gambling"),
        ("losing the baby", "miscarriage"),
        ("money worries", "debt"),
    ):
        named = {fields.names[i] for i in fields.fields_for(models.embedder.embed([topic]))}
        assert any(field in name for name in named), (topic, named)


ABOUT_IT = {
    "gambling": (
        "Put the whole wage on a treble at the bookies and watched it go in the last minute.",
        "deleted the betting app again, reinstalled it by midnight",
    ),
    "debt": (
        "The bailiffs' letter came today, I've hidden it under the fruit bowl.",
        "Juggling three cards just to make the minimum payments this month.",
    ),
    "miscarriage": ("The scan showed there was no heartbeat anymore at ten weeks.",),
}
EVERYDAY = (
    "Made a lasagne for the neighbours, they loved it.",
    "The train to Leeds was packed but I got a seat.",
    "Repotted the basil and it's already perking up.",
    "Watched the rugby with my uncle at the club.",
)


def test_a_fields_classifier_reads_most_sentences_that_never_name_the_topic(
    models: LocalModels, fields: TopicFields
) -> None:
    # Reach to unseen wording is partial (about half of the bank's held-out sentences,
    # docs/benchmarks.md); the everyday turns must stay clear of every pinned field.
    reached = 0
    for topic, sentences in ABOUT_IT.items():
        named = fields.fields_for(models.embedder.embed([topic]))
        classifiers = fields.classifiers(named)
        vectors = models.embedder.embed(list(sentences + EVERYDAY))
        scores = [about(classifiers, v) for v in vectors]
        reached += sum(score >= FIELD_LEVEL for score in scores[: len(sentences)])
        assert max(scores[len(sentences) :]) < FIELD_LEVEL, (topic, scores)
    assert reached >= 4


def test_no_classifier_means_nothing_is_about_the_pin() -> None:
    assert about(np.zeros((0, 385)), np.ones(384, np.float32)) == 0.0


def test_a_tampered_field_artefact_refuses_to_load(tmp_path: Path) -> None:
    name = artefact_filename(MODEL_ID)
    shutil.copy(DATA_DIR / name, tmp_path / name)
    assert TopicFields.load(MODEL_ID, directory=tmp_path) is not None
    raw = bytearray((tmp_path / name).read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    (tmp_path / name).write_bytes(bytes(raw))
    with pytest.raises(ModelIntegrityError, match="sha256"):
        TopicFields.load(MODEL_ID, directory=tmp_path)


def test_an_embedder_without_fields_loads_none() -> None:
    assert TopicFields.load("multilingual-e5-small") is None
