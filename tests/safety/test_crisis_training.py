"""The training command: a loadable, reproducible artefact tied to its embedding model."""

from __future__ import annotations

import pytest

from kapex.bench.crisis_bank import load_bank
from kapex.bench.crisis_train import THRESHOLD_RANGE, lexical_vocabulary, train
from kapex.safety.crisis_model import CLASSES, CrisisModel

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
def data(tmp_path):
    lines = []
    for (label, split), texts in FAMILIES.items():
        lines.append(
            f"# family: {label}_{split} | label: {label} | kind: k | lang: en | split: {split}"
        )
        lines += texts
    (tmp_path / "crisis_bank").mkdir()
    (tmp_path / "crisis_bank" / "bank.txt").write_text("\n".join(lines) + "\n")
    return tmp_path


@pytest.mark.slow
def test_training_writes_the_same_artefact_twice_never_reading_test_families(
    data, tmp_path, embedder
):
    first = train(data, embedder=embedder, out=tmp_path / "a.npz")
    # A held-out family, mislabelled on purpose: were training to read it, the bytes would move.
    (data / "crisis_bank" / "held_out.txt").write_text(
        "# family: held_out | label: self_harm | kind: k | lang: en | split: test\n"
        "I love my cat\nwhat should I cook tonight\n"
    )
    second = train(data, embedder=embedder, out=tmp_path / "b.npz")
    assert first["sha256"] == second["sha256"]
    model = CrisisModel.load(tmp_path / "a.npz", sha256=first["sha256"])
    assert model.embedding_model == embedder.model_id
    low, high = THRESHOLD_RANGE
    for head in ("embedding", "lexical", "combined"):
        assert set(model.thresholds[head]) == set(CLASSES[1:])
        assert all(low <= t <= high for t in model.thresholds[head].values())
    counts = model.meta["training"]
    bank = load_bank(data / "crisis_bank")
    assert counts["messages"] == len([i for i in bank if i.split in ("train", "dev")])
    assert counts["folds"].endswith("by family")  # one author: folds by family stand in
    assert set(model.meta["cv_recall"]) == {"embedding", "lexical", "combined"}


def test_the_lexical_vocabulary_keeps_only_words_several_authors_used():
    texts = ["i took all the pills"] * 4 + ["took all the pills tonight"] * 4
    texts += ["the pills are gone"] * 4 + ["my bespoke phrase here"] * 8
    authors = ["a"] * 4 + ["b"] * 4 + ["c"] * 4 + ["d"] * 8
    vocabulary = lexical_vocabulary(texts, authors)
    # Three authors wrote "pills", "the pills"; two wrote "all the"; one "bespoke".
    assert {"pills", "the pills", "the"} <= set(vocabulary)
    assert "all the" not in vocabulary and "bespoke" not in vocabulary
