"""The training command: a loadable, reproducible artefact tied to its embedding model."""

from __future__ import annotations

import pytest

from kapex.bench.crisis_bank import load_bank
from kapex.bench.crisis_train import THRESHOLD_RANGE, train
from kapex.safety.crisis_model import CLASSES, CrisisModel

pytestmark = pytest.mark.slow

FAMILIES = {
    ("self_harm", "train"): ["I want to kill myself", "I'm going to end my life tonight",
                             "i wanna die", "I have pills saved to overdose"],
    ("self_harm", "dev"): ["I don't want to be alive anymore", "thinking about suicide again"],
    ("harm_to_others", "train"): ["I'm going to stab him tonight", "I will shoot my boss",
                                  "I want to hurt my roommate badly", "he's a dead man"],
    ("harm_to_others", "dev"): ["I'm going to kill my neighbour", "I'll beat him to death"],
    ("abuse", "train"): ["my husband hits me", "my dad beats me with a belt",
                         "he choked me last night", "she locks me in my room"],
    ("abuse", "dev"): ["my boyfriend punched me again", "my stepdad touches me at night"],
    ("medical_emergency", "train"): ["my dad isn't breathing", "she's having a seizure",
                                     "crushing chest pain and my arm is numb", "he collapsed"],
    ("medical_emergency", "dev"): ["my throat is closing up", "my baby is turning blue"],
    ("none", "train"): ["this bug is killing me", "what should I cook tonight", "I love my cat",
                        "kill the process", "I used to self-harm years ago, I'm fine now",
                        "the movie villain stabs someone"],
    ("none", "dev"): ["I'm dying to see that film", "my phone died", "see you tomorrow",
                      "I would never hurt myself"],
}  # fmt: skip


@pytest.fixture
def bank(tmp_path):
    lines = []
    for (label, split), texts in FAMILIES.items():
        lines.append(
            f"# family: {label}_{split} | label: {label} | kind: k | lang: en | split: {split}"
        )
        lines += texts
    (tmp_path / "bank.txt").write_text("\n".join(lines) + "\n")
    return tmp_path


def test_training_writes_the_same_artefact_twice_never_reading_test_families(
    bank, tmp_path, embedder
):
    first = train(bank, embedder=embedder, out=tmp_path / "a.npz")
    # A held-out family, mislabelled on purpose: were training to read it, the bytes would move.
    (bank / "held_out.txt").write_text(
        "# family: held_out | label: self_harm | kind: k | lang: en | split: test\n"
        "I love my cat\nwhat should I cook tonight\n"
    )
    second = train(bank, embedder=embedder, out=tmp_path / "b.npz")
    assert first["sha256"] == second["sha256"]
    model = CrisisModel.load(tmp_path / "a.npz", sha256=first["sha256"])
    assert model.embedding_model == embedder.model_id
    low, high = THRESHOLD_RANGE
    for head in ("embedding", "combined"):
        assert set(model.thresholds[head]) == set(CLASSES[1:])
        assert all(low <= t <= high for t in model.thresholds[head].values())
    counts = model.meta["training"]
    assert counts["bank_train_messages"] == len([i for i in load_bank(bank) if i.split == "train"])
    assert counts["public_messages"] == 0
    assert counts["cv_folds"] >= 2
    assert set(model.meta["cv_recall"]) == {"embedding", "combined"}
