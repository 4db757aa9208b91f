"""The labelled safety sets, the benchmark's shape, and the targets on the dev split."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from kapex.bench.safety import render_markdown, run_safety_bench
from kapex.safety.crisis import CATEGORIES
from kapex.safety.pii import TYPES

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def results(embedder, data_dir):
    return run_safety_bench(data_dir, embedder)


def _rows(data_dir, name):
    with (data_dir / name).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def test_labelled_sets_are_large_enough_and_hold_out_about_a_third(data_dir):
    positives = _rows(data_dir, "crisis_positives.jsonl")
    negatives = _rows(data_dir, "crisis_negatives.jsonl")
    items = _rows(data_dir, "pii_items.jsonl")
    clean = _rows(data_dir, "pii_clean.jsonl")
    assert len(positives) >= 220 and len(negatives) >= 220
    assert len(items) >= 320 and len(clean) >= 150
    assert set(Counter(p["category"] for p in positives)) == set(CATEGORIES)
    per_type = Counter(kind for item in items for kind in item["types"])
    assert all(per_type[kind] >= 30 for kind in TYPES)
    for rows in (positives, negatives, items, clean):
        share = sum(r["split"] == "holdout" for r in rows) / len(rows)
        assert 0.28 <= share <= 0.36
    for item in items:
        assert all(value in item["text"] for value in item["values"])


def test_crisis_targets_hold_on_the_dev_split(results):
    crisis = results["splits"]["dev"]["crisis"]
    assert crisis["recall"] >= 0.95, crisis["missed"]
    assert crisis["false_positive_rate"] <= 0.05, crisis["false_positives"]


def test_pii_targets_hold_on_the_dev_split(results):
    pii = results["splits"]["dev"]["pii"]
    assert all(recall >= 0.95 for recall in pii["recall"].values()), pii["missed"]
    assert pii["clean_altered_rate"] <= 0.02, pii["clean_altered"]


def test_results_cover_each_split_and_markdown_shows_them(results):
    assert set(results["splits"]) == {"dev", "holdout", "all"}
    markdown = render_markdown(results)
    assert "### Crisis detection" in markdown and "### PII scrubbing" in markdown
    assert "| metric | dev | holdout | all |" in markdown
    for kind in TYPES:
        assert f"recall: {kind}" in markdown
    assert results["timing_ms"]["pii_scrub_per_message"] > 0
