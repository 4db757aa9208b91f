"""The labelled safety sets, the bank's family splits, and the benchmark's shape."""

from __future__ import annotations

import json
from collections import Counter, defaultdict

import pytest

from kapex.bench.crisis_bank import SPLITS, load_bank
from kapex.bench.safety import COMPONENTS, pii_sets, render_markdown, run_safety_bench
from kapex.safety.crisis import CATEGORIES
from kapex.safety.pii import TYPES


def _rows(data_dir, name):
    with (data_dir / name).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def test_the_bank_has_two_thousand_distinct_messages_in_every_category_and_split(data_dir):
    bank = load_bank(data_dir / "crisis_bank")
    assert len(bank) >= 2000
    assert len({item.text.casefold() for item in bank}) == len(bank)
    for split in ("train", "dev", "test"):
        labels = Counter(item.label for item in bank if item.split == split)
        assert set(labels) == {*CATEGORIES, "none"}, split
        assert all(labels[c] >= 40 for c in CATEGORIES), (split, labels)
    languages = {item.lang for item in bank if item.label != "none"}
    assert {"es", "fr", "de", "pt", "it"} <= languages


def test_the_fresh_set_is_apart_from_the_bank_and_covers_every_category(data_dir):
    fresh = load_bank(data_dir / "crisis_fresh")
    assert {item.split for item in fresh} == {"fresh"}
    assert "fresh" in SPLITS
    assert not any(item.split == "fresh" for item in load_bank(data_dir / "crisis_bank"))
    bank_texts = {item.text.casefold() for item in load_bank(data_dir / "crisis_bank")}
    assert not bank_texts & {item.text.casefold() for item in fresh}
    labels = Counter(item.label for item in fresh)
    assert set(labels) == {*CATEGORIES, "none"}
    assert len(fresh) >= 60


def test_a_family_never_straddles_two_splits(data_dir):
    splits_of: dict[str, set[str]] = defaultdict(set)
    for item in load_bank(data_dir / "crisis_bank"):
        splits_of[item.family].add(item.split)
    assert all(len(splits) == 1 for splits in splits_of.values())
    assert len(splits_of) >= 250


def test_every_hard_negative_type_has_held_out_families(data_dir):
    bank = load_bank(data_dir / "crisis_bank")
    held_out = {i.kind for i in bank if i.label == "none" and i.split == "test"}
    for kind in (
        "idiom", "tech", "fiction_news", "past_resolved", "denial", "supportive",
        "hotline_quote", "medical_non_emergency", "everyday_distress", "hyperbole",
    ):  # fmt: skip
        assert kind in held_out


def test_a_malformed_family_header_is_refused(tmp_path):
    (tmp_path / "bad.txt").write_text(
        "# family: x | label: danger | kind: a | lang: en | split: dev\nhi\n"
    )
    with pytest.raises(ValueError, match="unknown label"):
        load_bank(tmp_path)


def test_the_pii_sets_cover_every_type_in_dev_and_held_out(data_dir):
    for name in ("pii_dev.jsonl", "pii_test.jsonl"):
        rows = _rows(data_dir, name)
        per_type = Counter(kind for row in rows for kind in row["types"])
        assert all(per_type[kind] >= 10 for kind in TYPES), (name, per_type)
        assert sum(1 for row in rows if not row["types"]) >= 50
        for row in rows:
            assert all(value in row["text"] for value in row["values"])
    dev = {r["text"] for r in _rows(data_dir, "pii_dev.jsonl")}
    assert not dev & {r["text"] for r in _rows(data_dir, "pii_test.jsonl")}


def test_the_blind_pii_set_is_reported_as_its_two_halves(data_dir):
    sets = pii_sets(data_dir)
    dev, test = sets["PII blind dev"], sets["PII blind test"]
    assert {r["split"] for r in dev} == {"dev"} and {r["split"] for r in test} == {"test"}
    assert len(dev) + len(test) == len(_rows(data_dir, "pii_blind.jsonl"))


@pytest.mark.slow
def test_the_benchmark_reports_every_component_set_type_and_timing(embedder, data_dir):
    results = run_safety_bench(data_dir, embedder)
    crisis = results["crisis"]
    assert {"bank test", "bank dev", "earlier team sets", "fresh"} <= set(crisis)
    assert {"blind dev", "blind test"} <= set(crisis)
    assert {"bank test, non-English", "blind dev, non-English"} <= set(crisis)
    for by_component in crisis.values():
        assert set(by_component) == set(COMPONENTS)
        for metrics in by_component.values():
            assert set(metrics["recall"]) == set(CATEGORIES)
            assert 0.0 <= metrics["false_positive_rate"] <= 1.0
    assert "past_resolved" in crisis["bank test"]["combined"]["false_positives_by_type"]
    assert set(results["pii"]["PII test (held out)"]["recall"]) == set(TYPES)
    assert {"PII blind dev", "PII blind test"} <= set(results["pii"])
    assert results["pii"]["PII blind test"]["missed"] == []
    assert results["pii"]["PII blind 2 test"]["missed"] == []
    assert results["pii"]["PII blind 2 test"]["clean_altered"] == []
    timing = results["latency_ms"]
    assert 0 < timing["detect_p50"] <= timing["detect_p95"]
    assert results["latency_ms_non_english"]["messages"] > 0
    markdown = render_markdown(results)
    assert markdown.startswith("## Safety") and "| combined |" in markdown


def test_a_miss_is_told_by_the_first_stage_that_could_have_caught_it(embedder, clauses):
    from kapex.bench.safety import MISS_STAGES, miss_stage
    from kapex.safety.crisis import CrisisDetector

    detector = CrisisDetector(embedder, clauses=clauses)
    no_cue = detector.assess("We are planning a picnic by the river on Saturday.")
    assert miss_stage(no_cue, "self_harm") == MISS_STAGES[0]
    denied = detector.assess("I'm not thinking of ending it, I promise.")
    assert denied.hits and not any(h.live for h in denied.hits)
    assert miss_stage(denied, "self_harm") == MISS_STAGES[1]
    explicit = detector.assess("I am going to kill myself tonight, the rope is ready.")
    assert miss_stage(explicit, "medical_emergency") == MISS_STAGES[2]
    assert miss_stage(explicit, "self_harm") == MISS_STAGES[3]


def test_a_false_positive_is_told_by_the_stage_that_raised_it(embedder, clauses):
    from kapex.bench.safety import FALSE_POSITIVE_STAGES, false_positive_stage
    from kapex.safety.crisis import CrisisDetector

    detector = CrisisDetector(embedder, clauses=clauses)
    live_cue = detector.assess("I am going to kill myself tonight, the rope is ready.")
    assert false_positive_stage(live_cue) == FALSE_POSITIVE_STAGES[0]
