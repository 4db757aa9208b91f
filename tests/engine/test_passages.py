from hypothesis import given
from hypothesis import strategies as st

from kapex.engine.passages import split_passages


def test_a_chat_turn_is_one_passage():
    assert split_passages("  I adopted a puppy named Coco!  ") == ["I adopted a puppy named Coco!"]
    assert split_passages("   ") == []


def test_long_text_is_cut_at_sentence_ends():
    text = "One two three. Four five six. Seven eight nine."
    assert split_passages(text, max_words=6) == [
        "One two three. Four five six.",
        "Seven eight nine.",
    ]


def test_lines_break_passages_and_an_endless_sentence_is_cut_between_words():
    assert split_passages("a b c\nd e f", max_words=4) == ["a b c", "d e f"]
    assert split_passages("w " * 10, max_words=4) == ["w w w w", "w w w w", "w w"]


@given(st.lists(st.sampled_from(["cat", "dog.", "run!", "x\n", "why?", "ok"]), max_size=60))
def test_passages_keep_every_word_once_in_order_within_the_limit(words):
    text = " ".join(words)
    passages = split_passages(text, max_words=7)
    assert " ".join(passages).split() == text.split()
    assert all(passage and len(passage.split()) <= 7 for passage in passages)
