import json
from datetime import datetime
from pathlib import Path

import pytest

from kapex.bench.baselines import BM25Baseline, compact_line, dated_line
from kapex.bench.evidence import (
    Conversation,
    Retrieved,
    TokenCounter,
    evidence_recall,
    pack,
    render_markdown,
    run_benchmark,
)
from kapex.bench.locomo import CATEGORIES, load_dataset, normalise_dia_ids, parse_conversation
from kapex.bench.plot import plot

RAW = {
    "speaker_a": "Ana",
    "speaker_b": "Ben",
    "session_1_date_time": "1:56 pm on 8 May, 2023",
    "session_1": [
        {"speaker": "Ana", "dia_id": "D1:1", "text": "I adopted a puppy named Coco!"},
        {"speaker": "Ben", "dia_id": "D1:2", "text": "Lovely. I started pottery classes."},
        {
            "speaker": "Ana",
            "dia_id": "D1:3",
            "text": "Look at this.",
            "img_url": ["http://example.invalid/x.jpg"],
            "blip_caption": "a photo of a red kayak on a lake",
            "query": "zebracorn secret answer",
        },
    ],
    "session_2_date_time": "10:00 am on 2 June, 2023",
    "session_2": [
        {"speaker": "Ben", "dia_id": "D2:1", "text": "My pottery bowl cracked in the kiln."},
        {"speaker": "Ana", "dia_id": "D2:2", "text": "Coco chewed my running shoes."},
    ],
    "session_1_summary": "not an input",
    "qa": [
        {"question": "What is Ana's puppy called?", "answer": "Coco", "evidence": ["D1:1"],
         "category": 4},
        {"question": "What did Ben make?", "answer": "a bowl",
         "evidence": ["D1:2; D2:1"], "category": 1},
        {"question": "What boat does Ana have?", "answer": "kayak", "evidence": ["D:1:3"],
         "category": 2},
        {"question": "What is the zebracorn?", "answer": "?", "evidence": ["D 2:02"],
         "category": 3},
        {"question": "Unanswerable?", "evidence": ["D1:1"], "category": 5},
        {"question": "No usable evidence", "evidence": ["D"], "category": 4},
    ],
}  # fmt: skip


@pytest.fixture(scope="module")
def counter() -> TokenCounter:
    return TokenCounter()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    (tmp_path / "conv-1.json").write_text(json.dumps(RAW))
    return tmp_path


@pytest.fixture
def conv() -> Conversation:
    return parse_conversation(RAW, conv_id="conv-1")


class FixedSystem:
    """A system under test that always returns the same turns, to check the arithmetic."""

    name = "fixed"

    def __init__(self, ids: list[str]) -> None:
        self.ids = ids
        self.ingested: list[str] = []

    def ingest_conversation(self, conv: Conversation, *, progress=None) -> None:
        self.ingested += [t.content for t in conv.turns]

    def retrieve(self, conv, question, *, at, budget) -> Retrieved:
        return Retrieved(item_ids=self.ids, token_count=min(budget, 10))

    def ranking(self, conv, question, *, at) -> list[str]:
        return self.ids


@pytest.mark.parametrize(
    ("raw", "ids"),
    [
        ("D1:3", ["D1:3"]),
        ("D8:6; D9:17", ["D8:6", "D9:17"]),
        ("D:11:26", ["D11:26"]),
        ("D 3:05", ["D3:5"]),
        ("D", []),
    ],
)
def test_malformed_dia_ids_are_normalised(raw, ids):
    assert normalise_dia_ids(raw) == ids


def test_parsing_keeps_categories_one_to_four_with_usable_evidence(conv):
    assert [q.category for q in conv.questions] == ["4", "1", "2", "3"]
    assert conv.questions[1].evidence == ("D1:2", "D2:1")
    assert conv.questions[3].evidence == ("D2:2",)
    assert len(conv.turns) == 5


def test_turns_carry_session_date_and_photo_caption_but_never_the_query(conv):
    photo = conv.turns[2]
    assert photo.content == "Ana: Look at this. [shares a photo: a photo of a red kayak on a lake]"
    assert photo.time == datetime(2023, 5, 8, 13, 56)
    assert photo.session_id == "session_1"
    assert all("zebracorn" not in t.content for t in conv.turns)
    assert conv.ask_time > datetime(2023, 6, 2, 10, 0)


def test_lines_render_the_session_date(conv):
    assert (
        dated_line(conv.turns[0]) == "[1:56 pm on 8 May, 2023] Ana: I adopted a puppy named Coco!"
    )
    assert compact_line(conv.turns[0]) == "- [8 May 2023] Ana: I adopted a puppy named Coco!"


def test_evidence_recall_is_the_share_of_distinct_evidence_found():
    assert evidence_recall(["D1:1", "D1:2"], ["D1:2", "D3:3"]) == 0.5
    assert evidence_recall(["D1:1"], []) == 0.0
    assert evidence_recall(["D1:1", "D1:1"], ["D1:1"]) == 1.0


def test_pack_stops_at_the_first_line_that_does_not_fit():
    costs = {"a": 40, "b": 50, "c": 5}
    assert pack(["a", "b", "c"], costs, budget=80) == Retrieved(["a"], 40)
    assert pack(["a", "b", "c"], costs, budget=95) == Retrieved(["a", "b", "c"], 95)
    assert pack(["b"], costs, budget=10) == Retrieved([], 0)


def test_token_counter_uses_word_pieces_without_special_tokens(counter):
    assert counter.count("") == 0
    assert counter.count("hello world") == 2
    assert counter.count_many(["hello", "hello world"]) == [1, 2]


def test_benchmark_arithmetic_on_a_fixed_system(data_dir):
    system = FixedSystem(["D1:1", "D1:2"])
    results = run_benchmark(load_dataset(data_dir), [system], budgets=(50, 100), progress=False)
    res = results["systems"]["fixed"]
    # Recalls per question: 1.0 (cat 4), 0.5 (cat 1), 0.0 (cat 2), 0.0 (cat 3).
    assert res["budget"]["50"] == {"overall": 0.375, "1": 0.5, "2": 0.0, "3": 0.0, "4": 1.0}
    assert res["recall_at"]["5"]["overall"] == 0.375
    assert res["tokens_per_query"]["100"] == 10
    assert results["dataset"]["questions_by_category"] == {"1": 1, "2": 1, "3": 1, "4": 1}
    assert all("zebracorn" not in text for text in system.ingested)


def test_budget_overrun_is_refused(data_dir):
    class Greedy(FixedSystem):
        def retrieve(self, conv, question, *, at, budget) -> Retrieved:
            return Retrieved(item_ids=self.ids, token_count=budget + 1)

    with pytest.raises(AssertionError):
        run_benchmark(load_dataset(data_dir), [Greedy(["D1:1"])], budgets=(50,), progress=False)


def test_bm25_baseline_finds_keywords_within_budget(data_dir, counter):
    (conv,) = load_dataset(data_dir).conversations
    bm25 = BM25Baseline(counter=counter)
    bm25.ingest_conversation(conv)
    assert bm25.ranking(conv, "Ana's puppy", at=conv.ask_time)[0] == "D1:1"
    tight = bm25.retrieve(conv, "pottery", at=conv.ask_time, budget=25)
    assert tight.token_count <= 25
    assert tight.item_ids[:1] in (["D1:2"], ["D2:1"])
    # The photo's search query is not indexed, so its word finds nothing.
    assert bm25.ranking(conv, "zebracorn", at=conv.ask_time)[0] == "D1:1"


def test_results_render_and_plot(data_dir, counter, tmp_path):
    results = run_benchmark(
        load_dataset(data_dir), [BM25Baseline(counter=counter)], budgets=(500,), progress=False
    )
    table = render_markdown(results, categories=CATEGORIES)
    assert "| BM25 | " in table
    assert "multi-hop" in table
    assert "4 questions" in table
    json.dumps(results)
    target = tmp_path / "recall.png"
    plot(results, target)
    assert target.read_bytes()[:4] == b"\x89PNG"
