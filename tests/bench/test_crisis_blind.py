"""The independent crisis sets parse, match their READMEs, and reach training only as stated.

The blind set and the seventh and ninth rounds are measured only; the sixth and eighth rounds'
train and dev families feed the neighbour head, their test families are measured only."""

from __future__ import annotations

import inspect
import re
from collections import Counter
from pathlib import Path

from kapex.bench import crisis_train, crisis_train_neighbours
from kapex.bench.crisis_bank import load_bank
from kapex.bench.crisis_train_neighbours import neighbour_pool
from kapex.bench.safety import (
    BLIND_FOLDER,
    FINAL_FOLDER,
    NEW_AUTHORS_FOLDER,
    ROUND8_FOLDER,
    ROUND9_FOLDER,
    crisis_sets,
)

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


def _training_families() -> set[str]:
    return {item.family for item, _ in crisis_train.training_pool(DATA)}


def test_the_new_authors_test_families_are_measured_and_never_in_the_neighbour_pool() -> None:
    folder = DATA / NEW_AUTHORS_FOLDER
    items = load_bank(folder)
    assert len(items) >= 1000 and {i.family[:3] for i in items} == {"r6a", "r6b"}
    tests = [i for i in items if i.split == "test"]
    assert len(crisis_sets(DATA, None)["new authors test"]) == len(tests)
    # Its train and dev families are training data too; its test families never are.
    assert {i.family for i in items if i.split != "test"} <= _training_families()
    assert not {i.family for i in tests} & _training_families()
    pool = neighbour_pool(DATA)
    pool_families = {i.family for i in pool}
    # Its train and dev families written in English are in the pool (the head reads English).
    assert {i.family for i in items if i.split != "test" and i.lang == "en"} <= pool_families
    assert not {i.family for i in tests} & pool_families
    assert {i.split for i in pool} == {"train", "dev"}


def test_round_eight_matches_its_readme_and_its_test_families_stay_out_of_the_pool() -> None:
    items = load_bank(DATA / ROUND8_FOLDER)
    assert len(items) == 1297 and {i.family[:3] for i in items} == {"r8c", "r8d"}
    counts = Counter((i.family[:3], i.label, i.split) for i in items)
    assert counts["r8c", "self_harm", "test"] == 32 and counts["r8d", "none", "dev"] == 60
    tests = [i for i in items if i.split == "test"]
    assert len(crisis_sets(DATA, None)["round 8 test"]) == len(tests) == 314
    pool_families = {i.family for i in neighbour_pool(DATA)}
    assert {i.family for i in items if i.split != "test"} <= pool_families
    assert not {i.family for i in tests} & pool_families
    assert {i.family for i in items if i.split != "test"} <= _training_families()
    assert not {i.family for i in tests} & _training_families()


def test_round_nine_matches_its_readme_and_reaches_no_training_at_all() -> None:
    items = load_bank(DATA / ROUND9_FOLDER)
    assert len(items) == 1297 and {i.family[:3] for i in items} == {"r9e", "r9f"}
    counts = Counter((i.family[:3], i.label, i.split) for i in items)
    assert counts["r9e", "self_harm", "test"] == 34 and counts["r9f", "none", "dev"] == 56
    assert len(crisis_sets(DATA, None)["round 9"]) == len(items)
    for module in (crisis_train, crisis_train_neighbours):
        assert ROUND9_FOLDER not in inspect.getsource(module)
    texts = {i.text for i in items}
    assert not texts & {i.text for i in neighbour_pool(DATA)}
    assert not texts & {item.text for item, _ in crisis_train.training_pool(DATA)}


def test_the_blind_set_and_round_seven_never_reach_any_training() -> None:
    final = load_bank(DATA / FINAL_FOLDER)
    assert len(final) >= 600 and {i.split for i in final} == {"test"}
    assert len(crisis_sets(DATA, None)["round 7"]) == len(final)
    pool_texts = {i.text for i in neighbour_pool(DATA)}
    for folder in (BLIND_FOLDER, FINAL_FOLDER):
        for module in (crisis_train, crisis_train_neighbours):
            assert folder not in inspect.getsource(module)
        # Test halves only: one short negative of the blind dev half was written word for
        # word by a sixth-round author too.
        measured = {i.text for i in load_bank(DATA / folder) if i.split == "test"}
        assert not pool_texts & measured
        trained = {item.text for item, _ in crisis_train.training_pool(DATA)}
        assert not trained & measured
