from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kapex.models.tokens import TokenCounter


@pytest.fixture(scope="module")
def counter() -> TokenCounter:
    return TokenCounter()


def test_count_has_no_special_tokens(counter: TokenCounter) -> None:
    assert counter.count("hello") == 1
    assert counter.count("") == 0


def test_count_sees_past_the_model_window(counter: TokenCounter) -> None:
    assert counter.count("word " * 600) == 600


def test_count_many_matches_count(counter: TokenCounter) -> None:
    texts = ["My father passed away last week.", "", "naïve café 北京 [2023-05-08]", "x" * 300]
    assert counter.count_many(texts) == [counter.count(t) for t in texts]


def test_lines_joined_by_newlines_count_as_their_sum(counter: TokenCounter) -> None:
    lines = ["- [2023-05-08] I adopted a dog", "- [constraint] allergic to peanuts", "Footer."]
    assert counter.count("\n".join(lines)) == sum(counter.count_many(lines))


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=300), limit=st.integers(min_value=0, max_value=80))
def test_truncate_is_a_prefix_within_the_limit(
    counter: TokenCounter, text: str, limit: int
) -> None:
    cut = counter.truncate(text, limit)
    assert text.startswith(cut)
    assert counter.count(cut) <= limit
    if counter.count(text) <= limit:
        assert cut == text
