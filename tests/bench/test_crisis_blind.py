"""The blind crisis set parses, matches the counts its README states, and reaches the bench only."""

from __future__ import annotations

import inspect
import re
from collections import Counter
from pathlib import Path

from kapex.bench import crisis_train
from kapex.bench.crisis_bank import load_bank
from kapex.bench.safety import BLIND_FOLDER, NEW_AUTHORS_FOLDER, crisis_sets

DATA = Path(__file__).resolve().parents[1] / "data"
BLIND = DATA / BLIND_FOLDER


def readme_rows() -> dict[str, tuple[int, int]]:
    """``| name | dev | test | ...`` rows of the README's count tables, by name."""
    rows = {}
    for line in (BLIND / "README.md").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\| (?P<name>[\w ()]+?) \| (?P<dev>\d+) \| (?P<test>\d+) \|", line)
        if match:
            rows[match["name"]] = (int(match["dev"]), int(match["test"]))
    return rows


def test_the_blind_set_parses_into_small_families_of_dev_and_test() -> None:
    items = load_bank(BLIND)  # raises on a repeated family, an unknown label or split
    sizes = Counter(i.family for i in items)
    assert all(4 <= n <= 8 for n in sizes.values())
    assert {i.split for i in items} == {"dev", "test"}
    assert len({i.text for i in items}) == len(items)


def test_the_readme_counts_match_the_files() -> None:
    items = load_bank(BLIND)
    rows = readme_rows()
    by_label = Counter((i.label, i.split) for i in items)
    for label in ("self_harm", "harm_to_others", "abuse", "medical_emergency"):
        assert rows[label] == (by_label[label, "dev"], by_label[label, "test"])
        assert sum(rows[label]) >= 60
    assert rows["none (hard negatives)"] == (by_label["none", "dev"], by_label["none", "test"])
    negatives = Counter((i.kind, i.split) for i in items if i.label == "none")
    kinds = {kind for kind, _ in negatives}
    assert len(kinds) >= 15
    for kind in kinds:
        assert rows[kind] == (negatives[kind, "dev"], negatives[kind, "test"])
    languages = Counter((i.lang, i.split) for i in items)
    for lang in {lang for lang, _ in languages}:
        assert rows[lang] == (languages[lang, "dev"], languages[lang, "test"])


def test_the_bench_reports_both_halves_and_training_does_not_read_the_folder() -> None:
    sets = crisis_sets(DATA, None)
    items = load_bank(BLIND)
    for split in ("dev", "test"):
        assert len(sets[f"blind {split}"]) == sum(i.split == split for i in items)
    # Training loads one folder, non-recursively (crisis_bank), and never names this one.
    assert BLIND_FOLDER not in inspect.getsource(crisis_train)
    assert not BLIND.resolve().is_relative_to((DATA / "crisis_bank").resolve())


def test_the_new_authors_round_is_measured_whole_and_never_trained_on() -> None:
    folder = DATA / NEW_AUTHORS_FOLDER
    items = load_bank(folder)
    assert len(items) >= 1000 and {i.family[:3] for i in items} == {"r6a", "r6b"}
    assert len(crisis_sets(DATA, None)["new authors"]) == len(items)
    assert NEW_AUTHORS_FOLDER not in inspect.getsource(crisis_train)
    assert not folder.resolve().is_relative_to((DATA / "crisis_bank").resolve())
