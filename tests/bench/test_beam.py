"""BEAM parsing and the knowledge-update ordering count, on a small chat written here."""

import json
from datetime import datetime
from pathlib import Path

import pytest

from kapex.bench.baselines import BM25Baseline, block_line
from kapex.bench.beam import CATEGORIES, clean_content, load_dataset, parse_chat
from kapex.bench.evidence import (
    Question,
    Retrieved,
    TokenCounter,
    render_markdown,
    run_benchmark,
    updated_first,
)


def _message(role, mid, content, anchor=None):
    message = {"role": role, "id": mid, "content": content, "index": None}
    if anchor:
        message["time_anchor"] = anchor
    return message


CHAT = [
    {
        "batch_number": 1,
        "time_anchor": None,
        "turns": [
            [
                _message("user", 0, "My bike is a blue Trek road bike. ->-> 1,1", "June-02-2024"),
                _message("assistant", 1, "Nice! Road bikes suit long rides."),
            ],
            [
                _message("user", 2, "I ride 40 km every Sunday along the canal. ->-> 1,2"),
                _message("assistant", 3, "That is a steady habit." + " " * 50),
            ],
        ],
    },
    {
        "batch_number": 2,
        "time_anchor": None,
        "turns": [
            [
                _message("user", 4, "Sold the Trek, got a gravel bike ->-> 2,1", "July-09-2024"),
                _message("assistant", 5, "Gravel bikes handle rough paths well. ->-> 2,1"),
            ],
        ],
    },
]
PROBES = {
    "abstention": [{"question": "What is my dog called?", "source_chat_ids": None}],
    "knowledge_update": [
        {
            "question": "What bike do I ride?",
            "source_chat_ids": {"original_info": [0], "updated_info": [4]},
        }
    ],
    "temporal_reasoning": [
        {
            "question": "How long after my canal rides did I change bikes?",
            "source_chat_ids": {"first_event": [2], "second_event": [4]},
        }
    ],
    "event_ordering": [{"question": "In what order?", "source_chat_ids": [0, [2, 4]]}],
    "preference_following": [{"question": "Suggest a ride.", "source_chat_ids": []}],
}  # fmt: skip


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "100K" / "3"
    (folder / "probing_questions").mkdir(parents=True)
    (folder / "chat.json").write_text(json.dumps(CHAT))
    (folder / "probing_questions" / "probing_questions.json").write_text(json.dumps(PROBES))
    return tmp_path


def test_index_markers_and_padding_are_not_part_of_what_was_said():
    assert clean_content("I ride on Sundays ->-> 1,2") == "I ride on Sundays"
    assert clean_content("Sure.  ->->  12, 3  \n ") == "Sure."
    assert clean_content("a -> b is fine") == "a -> b is fine"


def test_a_chat_becomes_sessions_dated_by_their_batch_anchor():
    conv = parse_chat(CHAT, PROBES, conv_id="100K-3")
    assert [t.item_id for t in conv.turns] == ["0", "1", "2", "3", "4", "5"]
    assert [t.session for t in conv.turns] == [1, 1, 1, 1, 2, 2]
    assert conv.turns[2].time == datetime(2024, 6, 2)
    assert conv.turns[4].time == datetime(2024, 7, 9)
    assert [t.role for t in conv.turns[:2]] == ["user", "assistant"]
    assert conv.turns[0].content == "My bike is a blue Trek road bike."
    assert conv.turns[3].content == "That is a steady habit."
    assert conv.turns[5].content == "Gravel bikes handle rough paths well."


def test_evidence_of_each_question_form():
    conv = parse_chat(CHAT, PROBES, conv_id="100K-3")
    by_category = {q.category: q for q in conv.questions}
    assert set(by_category) == {"knowledge_update", "temporal_reasoning", "event_ordering"}
    update = by_category["knowledge_update"]
    assert (update.evidence, update.outdated) == (("4",), ("0",))
    assert by_category["temporal_reasoning"].evidence == ("2", "4")
    assert by_category["event_ordering"].evidence == ("0", "2", "4")


def test_updated_first_compares_the_best_ranks():
    question = Question("?", ("4",), "knowledge_update", outdated=("0",))
    assert updated_first(question, ["4", "1", "0"]) is True
    assert updated_first(question, ["0", "4"]) is False
    assert updated_first(question, ["4"]) is True
    assert updated_first(question, ["0"]) is False
    assert updated_first(question, []) is False
    same = Question("?", ("4",), "knowledge_update", outdated=("4",))
    assert updated_first(same, ["4"]) is None


def test_chats_are_found_by_size_and_number_and_can_be_chosen(data_dir):
    dataset = load_dataset(data_dir)
    assert [c.conv_id for c in dataset.conversations] == ["100K-3"]
    assert load_dataset(data_dir, chats=["3"]).conversations == dataset.conversations
    with pytest.raises(FileNotFoundError):
        load_dataset(data_dir, chats=["4"])


def test_block_line_is_dated_and_frames_what_the_assistant_said():
    conv = parse_chat(CHAT, PROBES, conv_id="100K-3")
    assert block_line(conv.turns[0]) == "- [2 Jun 2024] My bike is a blue Trek road bike."
    assert block_line(conv.turns[5]).startswith("- [9 Jul 2024] the assistant said: Gravel")


class FixedSystem:
    name = "fixed"

    def __init__(self, ids):
        self.ids = ids

    def ingest_conversation(self, conv, *, progress=None):
        pass

    def retrieve(self, conv, question, *, at, budget):
        return Retrieved(item_ids=self.ids, token_count=10)

    def ranking(self, conv, question, *, at):
        return self.ids


def test_the_run_counts_updates_ranked_first_and_renders_them(data_dir):
    dataset = load_dataset(data_dir)
    results = run_benchmark(
        dataset,
        [FixedSystem(["4", "0"]), BM25Baseline(counter=TokenCounter(), line=block_line)],
        budgets=(100,),
        progress=False,
    )
    fixed = results["systems"]["fixed"]
    assert fixed["updated_first"] == {"count": 1, "of": 1}
    assert fixed["budget"]["100"]["knowledge_update"] == 1.0
    assert fixed["budget"]["100"]["event_ordering"] == pytest.approx(2 / 3)
    table = render_markdown(results, categories=CATEGORIES)
    assert "| updated first |" in table.splitlines()[0] + " |"
    assert "knowledge update" in table


def test_the_command_runs_kapex_and_the_baselines_and_records_a_section(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kapex.cli.main import main

    monkeypatch.chdir(tmp_path)  # the JSON results go to ./bench-results
    doc, image = tmp_path / "benchmarks.md", tmp_path / "beam.png"
    argv = ["bench", "beam", "--data", str(data_dir), "--doc", str(doc), "--plot", str(image)]
    assert main(argv) == 0
    text = doc.read_text()
    assert "<!-- bench:beam:start -->" in text and "arXiv 2510.27246" in text
    assert "| KAPEX |" in text and "| BM25 + dense, RRF |" in text
    assert "KAPEX over the best plain baseline of this run" in text
    assert image.read_bytes()[:4] == b"\x89PNG"
