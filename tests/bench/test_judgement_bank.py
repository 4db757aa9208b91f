"""The judgement banks' reader, their event-level splits, and the metrics reported on them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from kapex.bench.judgement_bank import BankError, assign_splits, bank_digest, read_bank
from kapex.bench.judgement_metrics import auc, judgement_metrics, spearman

BANK = """# a comment
@family food
@event lunch 0.04 | trivia
had soup
@event dinner 0.04 | trivia
pasta again
@family loss
@event parent 0.79 | rev. 79
my dad died
"""


def test_a_bank_is_read_with_targets_and_an_event_level_split(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BANK)
    (tmp_path / "b.txt").write_text("@family loss\n@event parent 0.79 | again\nmum passed\n")
    items = read_bank(tmp_path)
    assert [(i.text, i.family, i.event, i.target) for i in items] == [
        ("had soup", "food", "lunch", 0.04),
        ("pasta again", "food", "dinner", 0.04),
        ("my dad died", "loss", "parent", 0.79),
        ("mum passed", "loss", "parent", 0.79),
    ]
    assert items[2].split == items[3].split


def test_every_third_event_of_a_family_is_held_out_whatever_the_order_given() -> None:
    events = [f"e{n}" for n in range(9)]
    splits = assign_splits({"f": events})
    assert sorted(splits.values()).count("holdout") == 3
    assert assign_splits({"f": list(reversed(events))}) == splits


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("orphan line\n", "before any @family"),
        ("@family f\n@event e\nx\n", "expected '@event NAME TARGET"),
        ("@family f\n@event e 1.5 | s\nx\n", "outside"),
        ("@family f\n@event e 0.1 | s\nx\n@event e 0.2 | s\ny\n", "has targets"),
        ("@family f\n@event e 0.1 | s\nSame words\nsame words\n", "duplicate message"),
    ],
)
def test_a_malformed_bank_is_refused_with_the_reason(
    tmp_path: Path, text: str, complaint: str
) -> None:
    (tmp_path / "bank.txt").write_text(text)
    with pytest.raises(BankError, match=complaint):
        read_bank(tmp_path)


def test_the_bank_digest_changes_with_any_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BANK)
    before = bank_digest(tmp_path)
    (tmp_path / "a.txt").write_text(BANK + "one more\n")
    assert bank_digest(tmp_path) != before


def test_auc_and_spearman_match_their_definitions() -> None:
    assert auc(np.array([0.9, 0.8]), np.array([0.1, 0.2])) == 1.0
    assert auc(np.array([0.5]), np.array([0.5])) == 0.5
    assert auc(np.array([0.1, 0.6]), np.array([0.3, 0.5])) == 0.5
    assert spearman(np.array([1.0, 2.0, 3.0]), np.array([10.0, 20.0, 30.0])) == pytest.approx(1.0)
    assert spearman(np.array([1.0, 2.0, 3.0]), np.array([3.0, 2.0, 1.0])) == pytest.approx(-1.0)


def test_the_harshest_metric_counts_trivia_above_the_lowest_grave_item() -> None:
    labels = np.array([0.8, 0.8, 0.05, 0.05, 0.05, 0.05])
    scores = np.array([0.9, 0.3, 0.1, 0.2, 0.4, 0.5])
    metrics = judgement_metrics("gravity", scores, labels)
    assert metrics["low_above_min_high"] == 0.5
    assert metrics["auc"] == pytest.approx(6 / 8)
