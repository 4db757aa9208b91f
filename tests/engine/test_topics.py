from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kapex.engine.topics import ASSISTANT_FRAMING, DOMAINS, domain_of, summary, topic_label

WORD = re.compile(r"\S+")
chat = st.one_of(
    st.text(max_size=200),
    st.lists(
        st.sampled_from(
            ["I", "my", "mom", "job", "Hey!", "well,", "Lisbon.", "sad?", "\n", "2023"]
        ),
        max_size=60,
    ).map(" ".join),
)


def test_topic_label_is_short_and_taken_from_the_text() -> None:
    label = topic_label("My father passed away last week", [])
    assert label == "father passed away"
    assert topic_label(
        "I just got promoted to engineering manager at Dataflow", ["Dataflow"]
    ).endswith("Dataflow")


@given(text=chat)
def test_topic_label_words_come_from_the_text(text: str) -> None:
    label = topic_label(text, [])
    words = label.split()
    assert 1 <= len(words) <= 5 or label == "note"
    lowered = text.lower()
    for word in words:
        assert word.lower() in lowered or label == "note"


@given(text=chat, max_words=st.integers(1, 60), role=st.sampled_from(["user", "assistant"]))
def test_summary_is_extractive(text: str, max_words: int, role: str) -> None:
    result = summary(text, role=role, max_words=max_words)
    if role == "assistant" and result:
        assert result.startswith(ASSISTANT_FRAMING)
        result = result[len(ASSISTANT_FRAMING) :]
    source = set(WORD.findall(text))
    words = WORD.findall(result)
    assert set(words) <= source
    assert len(words) <= max_words


def test_summary_prefers_the_informative_sentence() -> None:
    text = "Hey! How are you? My sister got married in Lisbon and I cried all day."
    assert summary(text, role="user", max_words=14) == (
        "My sister got married in Lisbon and I cried all day."
    )


def test_assistant_summary_is_framed() -> None:
    assert summary("Try journaling.", role="assistant", max_words=10) == (
        "The assistant said: Try journaling."
    )


@pytest.mark.parametrize(
    ("text", "domain"),
    [
        ("My boss wants the project done by Friday", "work"),
        ("My sister and my mom are visiting", "family"),
        ("My boyfriend and I broke up", "relationships"),
        ("The doctor changed my medication", "health"),
        ("I can't afford the rent this month", "money"),
        ("I have an exam for my chemistry course", "learning"),
        ("We watched a movie and played board games", "leisure"),
        ("Our landlord finally fixed the kitchen", "home"),
        ("Booked a flight and a hotel for the trip", "travel"),
        ("Hmm interesting", "other"),
    ],
)
def test_domain_of(text: str, domain: str) -> None:
    assert domain_of(text, []) == domain
    assert domain in DOMAINS


def test_entity_labels_break_a_silence() -> None:
    assert domain_of("Acme again", ["Acme"], labels=["ORG"]) == "work"
