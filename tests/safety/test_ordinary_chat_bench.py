"""``kapex bench safety --chat``: how often everyday conversation is flagged."""

from __future__ import annotations

import json
from pathlib import Path

from kapex.bench.safety import _chat_table, chat_texts, ordinary_chat
from kapex.models.embedder import MiniLMEmbedder
from kapex.safety.crisis import CrisisDetector

CONVERSATION = {
    "speaker_a": "Ana",
    "speaker_b": "Ben",
    "session_1_date_time": "1:56 pm on 8 May, 2023",
    "session_1": [
        {"speaker": "Ana", "dia_id": "D1:1", "text": "We finally repainted the kitchen yellow."},
        {"speaker": "Ben", "dia_id": "D1:2", "text": "Nice! I tried a new sourdough recipe."},
        {"speaker": "Ana", "dia_id": "D1:3", "text": "I will end my life tonight."},
    ],
    "qa": [{"question": "What colour is Ana's kitchen?", "evidence": ["D1:1"], "category": 4}],
}  # fmt: skip


def test_everyday_turns_and_questions_are_read_and_only_the_crisis_is_counted(
    tmp_path: Path, embedder: MiniLMEmbedder
) -> None:
    (tmp_path / "conv-1.json").write_text(json.dumps(CONVERSATION))
    texts = chat_texts(tmp_path)
    assert len(texts) == 4 and texts[-1] == "What colour is Ana's kitchen?"

    chat = ordinary_chat(texts, CrisisDetector(embedder))

    assert chat["messages"] == 4
    assert chat["flagged"] == 1
    assert chat["by_category"] == {"self_harm": 1}
    assert sum(chat["by_stage"].values()) == 1
    assert "1 of 4 flagged" in "\n".join(_chat_table(chat))
