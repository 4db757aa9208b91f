"""The gravity, openness and processing heads on the real embedder: held-out generalisation,
fresh turns, and the artefact's integrity checks.

The held-out tests fit the shipped configuration on the bank's training split and score the
held-out event types, which that fit never saw; the shipped heads themselves learned from the
whole bank, so they are tested on turns written here instead.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from kapex.bench.judgement_bank import BankItem, read_bank
from kapex.bench.judgement_metrics import CLASSES, auc
from kapex.bench.judgement_training import fit_head, write_artefact
from kapex.bench.judgements import shipped_configs
from kapex.engine.processing import WORKED_THROUGH
from kapex.errors import ConfigurationError, ModelIntegrityError
from kapex.models.embedder import MODEL_ID
from kapex.models.judgements import DATA_DIR, HEADS, Judgements, artefact_filename
from kapex.services.models import LocalModels

pytestmark = pytest.mark.slow

BANKS = Path(__file__).resolve().parents[2] / "data" / "judgements"


@dataclass
class Bank:
    items: list[BankItem]
    vectors: np.ndarray

    def where(self, split: str) -> tuple[list[str], np.ndarray, np.ndarray, list[str]]:
        chosen = [i for i, item in enumerate(self.items) if item.split == split]
        return (
            [self.items[i].text for i in chosen],
            self.vectors[chosen],
            np.array([self.items[i].target for i in chosen]),
            [self.items[i].family for i in chosen],
        )


@pytest.fixture(scope="module")
def banks(models: LocalModels) -> dict[str, Bank]:
    loaded = {}
    for head in HEADS:
        items = read_bank(BANKS / head)
        loaded[head] = Bank(items, models.embedder.embed([item.text for item in items]))
    return loaded


@pytest.fixture(scope="module")
def judgements() -> Judgements:
    return Judgements.load(MODEL_ID)


def _held_out_scores(head: str, bank: Bank) -> tuple[np.ndarray, np.ndarray, list[str]]:
    texts, vectors, targets, _ = bank.where("train")
    fitted = fit_head(head, texts, vectors, targets, shipped_configs(MODEL_ID)[head])
    held_texts, held_vectors, held_targets, families = bank.where("holdout")
    return fitted.score(held_texts, held_vectors), held_targets, families


def test_the_banks_are_large_and_split_by_event_type() -> None:
    for head, size in (("gravity", 1500), ("openness", 800), ("processing", 1400)):
        items = read_bank(BANKS / head)
        assert len(items) >= size
        splits_of_event: dict[tuple[str, str], set[str]] = {}
        for item in items:
            splits_of_event.setdefault((item.family, item.event), set()).add(item.split)
        assert all(len(splits) == 1 for splits in splits_of_event.values())
        held = sum(item.split == "holdout" for item in items)
        assert 0.2 < held / len(items) < 0.4


def test_gravity_fitted_without_the_held_out_events_still_ranks_them_grave_above_trivia(
    banks: dict[str, Bank],
) -> None:
    scores, targets, families = _held_out_scores("gravity", banks["gravity"])
    grave_from, trivial_to = CLASSES["gravity"]
    trivial = scores[targets <= trivial_to]
    assert auc(scores[targets >= grave_from], trivial) >= 0.9
    grave_families = {f for f, t in zip(families, targets, strict=True) if t >= grave_from}
    for family in grave_families:
        own = np.array([f == family for f in families]) & (targets >= grave_from)
        # Every held-out grave family, judged on event types it never saw, sits mostly above
        # the held-out trivia, and on average far above them.
        assert auc(scores[own], trivial) >= 0.85, family
        assert scores[own].mean() > 2 * trivial.mean(), family


def test_the_shipped_gravity_reads_authors_it_never_saw_grave_above_trivia(
    models: LocalModels, judgements: Judgements
) -> None:
    # data/judgements/independent: two authors who wrote to the protocol alone, never trained
    # on (the README says why). A floor under today's 0.91, so a retrain that fits the bank
    # better but reads unseen authors worse is caught.
    items = read_bank(BANKS / "independent")
    assert len(items) > 1000
    texts = [i.text for i in items]
    targets = np.array([i.target for i in items])
    scores = judgements.gravity(texts, models.embedder.embed(texts))
    grave_from, trivial_to = CLASSES["gravity"]
    assert auc(scores[targets >= grave_from], scores[targets <= trivial_to]) >= 0.88


def test_openness_fitted_without_the_held_out_events_separates_open_from_specific(
    banks: dict[str, Bank],
) -> None:
    scores, targets, _ = _held_out_scores("openness", banks["openness"])
    open_from, specific_to = CLASSES["openness"]
    opened, specific = scores[targets >= open_from], scores[targets <= specific_to]
    assert auc(opened, specific) >= 0.95
    assert np.median(opened) > 0.6 > 0.3 > np.median(specific)


def test_processing_fitted_without_the_held_out_events_still_separates_them(
    banks: dict[str, Bank],
) -> None:
    # The bank pairs long raw tellings with short worked-through turns and the other way
    # round, so this is judged on meaning, not length (a length-only fit scores 0.40 here).
    scores, targets, _ = _held_out_scores("processing", banks["processing"])
    through_from, raw_to = CLASSES["processing"]
    assert auc(scores[targets >= through_from], scores[targets <= raw_to]) >= 0.75


def test_the_shipped_heads_are_what_training_fits_on_the_bank(
    banks: dict[str, Bank], judgements: Judgements
) -> None:
    for head in HEADS:
        bank = banks[head]
        texts = [item.text for item in bank.items]
        targets = np.array([item.target for item in bank.items])
        refit = fit_head(head, texts, bank.vectors, targets, shipped_configs(MODEL_ID)[head])
        shipped = getattr(judgements, head)(texts, bank.vectors)
        np.testing.assert_allclose(refit.score(texts, bank.vectors), shipped, atol=1e-6)


GRAVE_TURNS = (
    "My father died on Saturday morning.",
    "the biopsy showed cancer in my bowel",
    "Our landlord is evicting us and we have nowhere to go.",
    "I've been made redundant after twelve years at the plant.",
    "my wife told me she's leaving me for someone else",
    "The police arrested my son last night.",
    "my little girl is in intensive care after the accident",
    "We had a miscarriage last week.",
    "I'm being deported next month unless the appeal works.",
    "my ex keeps threatening me and turning up at my door",
)
TRIVIAL_TURNS = (
    "Had a cheese toastie for lunch.",
    "it's really foggy out this morning",
    "Bought a new pair of jeans in the sale.",
    "We watched a quiz show and ate crisps.",
    "The bus was five minutes late again.",
    "mowed the lawn before the rain came",
    "this curry is killing me, so spicy",
    "devastated the café had run out of muffins",
    "My laptop died right before I hit save.",
    "Did some ironing while listening to the radio.",
)


def test_the_shipped_gravity_puts_every_grave_turn_above_every_trivial_one(
    models: LocalModels, judgements: Judgements
) -> None:
    turns = list(GRAVE_TURNS + TRIVIAL_TURNS)
    scores = judgements.gravity(turns, models.embedder.embed(turns))
    grave, trivial = scores[: len(GRAVE_TURNS)], scores[len(GRAVE_TURNS) :]
    assert ((scores >= 0) & (scores <= 1)).all()
    assert grave.min() > trivial.max()
    assert np.median(grave) > 4 * np.median(trivial)


OPEN_INPUTS = (
    "Bring me up to date on how my life is going.",
    "what matters most in my life at the moment?",
    "Write a paragraph about me for my new counsellor.",
    "What do you need to keep in mind when you talk with me?",
    "Plan our conversation today around what's going on with me.",
)
SPECIFIC_INPUTS = (
    "What's the name of my daughter's piano teacher?",
    "When is the car booked in for its service?",
    "Suggest a podcast about cooking.",
    "Why does this JavaScript function return undefined?",
    "How many teaspoons are in a tablespoon?",
)


def test_the_shipped_openness_separates_open_requests_from_specific_ones(
    models: LocalModels, judgements: Judgements
) -> None:
    inputs = list(OPEN_INPUTS + SPECIFIC_INPUTS)
    scores = judgements.openness(inputs, models.embedder.embed(inputs))
    opened, specific = scores[: len(OPEN_INPUTS)], scores[len(OPEN_INPUTS) :]
    assert opened.min() > 0.5 > 0.25 > specific.max()


WORKED_THROUGH_TURNS = (
    "Went to the cemetery on his birthday and just told him about my week. Came home and made "
    "tea, felt alright.",
    "Drove past the junction where it happened on the way to work, didn't even grip the wheel.",
    "Rang my sister after two years of nothing. Lunch on Sunday and I'm actually looking "
    "forward to it.",
    "Six months on from the redundancy and honestly it pushed me into retraining. I like where "
    "I've landed.",
    "Read the letter I wrote to Mum out loud at her grave. Lighter since.",
    "slept right through last night, first proper night since the break-in",
    "the counsellor and me spent the whole hour on the crash and for once i didnt shake telling it",
    "bumped into my ex at the market, said hi, bought my apples, went home. no drama in my "
    "head at all",
)
RAW_TURNS = (
    "My dad died on Tuesday and I can't stop shaking, the funeral people keep ringing and I "
    "don't know what to say to them.",
    "The scan found a mass on my kidney, they want a biopsy next week and I'm terrified.",
    "She left me last night after nine years. I keep replaying everything she said and I "
    "haven't eaten.",
    "got fired today, security walked me out with a box, no idea how we pay rent next month",
    "still can't sleep since the break-in, every creak in the house and I'm up checking the locks",
    "Our landlord gave us two weeks to leave and there's nothing in our price range anywhere.",
    "The police rang, my son has been arrested and they won't tell us anything.",
    "Finally sorted the leaky tap in the bathroom, peace at last.",
)


def test_the_shipped_processing_reads_turns_worked_through_above_raw_ones(
    models: LocalModels, judgements: Judgements
) -> None:
    # A weak judgement on one turn (single turns of each side cross); the service acts on it
    # only for a turn that returns to a stored topic (services/ingest.py).
    turns = list(WORKED_THROUGH_TURNS + RAW_TURNS)
    scores = judgements.processing(turns, models.embedder.embed(turns))
    through, raw = scores[: len(WORKED_THROUGH_TURNS)], scores[len(WORKED_THROUGH_TURNS) :]
    assert auc(through, raw) >= 0.8
    assert np.median(through) >= WORKED_THROUGH > 0.3 > np.median(raw)


def test_a_tampered_artefact_refuses_to_load(tmp_path: Path) -> None:
    name = artefact_filename(MODEL_ID)
    shutil.copy(DATA_DIR / name, tmp_path / name)
    assert Judgements.load(MODEL_ID, directory=tmp_path).model_id == MODEL_ID
    raw = bytearray((tmp_path / name).read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    (tmp_path / name).write_bytes(bytes(raw))
    with pytest.raises(ModelIntegrityError, match="sha256"):
        Judgements.load(MODEL_ID, directory=tmp_path)


def test_a_missing_artefact_refuses_to_load(tmp_path: Path) -> None:
    with pytest.raises(ModelIntegrityError, match="missing"):
        Judgements.load(MODEL_ID, directory=tmp_path)


def test_heads_for_another_embedder_are_refused() -> None:
    with pytest.raises(ConfigurationError, match="kapex bench judgements --train --embedder"):
        Judgements.load("multilingual-e5-small")


def test_vectors_of_another_shape_are_refused(judgements: Judgements) -> None:
    with pytest.raises(ValueError, match=MODEL_ID):
        judgements.gravity(["hello"], np.zeros((1, 768), dtype=np.float32))
    with pytest.raises(ValueError, match="2 texts"):
        judgements.openness(["a", "b"], np.zeros((1, judgements.dim), dtype=np.float32))


def test_an_artefact_is_byte_for_byte_reproducible(banks: dict[str, Bank], tmp_path: Path) -> None:
    configs = shipped_configs(MODEL_ID)
    heads = {}
    for head in HEADS:
        texts, vectors, targets, _ = banks[head].where("train")
        heads[head] = fit_head(head, texts, vectors, targets, configs[head])
    hashes = {
        write_artefact(
            tmp_path / f"{attempt}.npz",
            model_id=MODEL_ID,
            version="test",
            bank_sha256="0" * 64,
            dim=384,
            heads=heads,
            configs=configs,
        )
        for attempt in range(2)
    }
    assert len(hashes) == 1
