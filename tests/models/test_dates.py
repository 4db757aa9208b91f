from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kapex.models.dates import mentioned_times

MONDAY = datetime(2023, 5, 8, 13, 30, tzinfo=UTC)


def days(text: str) -> list[str]:
    return [t.date().isoformat() for t in mentioned_times(text, relative_to=MONDAY)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("My father passed away last week", ["2023-05-01"]),
        ("I went there yesterday", ["2023-05-07"]),
        ("2 days ago I ran a 10k", ["2023-05-06"]),
        ("the exam is in two weeks", ["2023-05-22"]),
        ("I have an appointment next Thursday", ["2023-05-11"]),
        ("last Friday was rough", ["2023-05-05"]),
        ("We met on March 3rd at 9am", ["2023-03-03"]),
        ("on 7 May 2023 I went to the group", ["2023-05-07"]),
        ("the form says 2023-04-30", ["2023-04-30"]),
        ("back in 2019 I lived there", ["2019-01-01"]),
        ("last summer was fun", ["2022-06-01"]),
        ("yesterday and tomorrow", ["2023-05-07", "2023-05-09"]),
    ],
)
def test_phrases_resolve_against_the_turn_time(text: str, expected: list[str]) -> None:
    assert days(text) == expected


@pytest.mark.parametrize(
    "text", ["I had Thai food for lunch", "May I ask you something?", "We are fine", "2023-02-31"]
)
def test_no_date_words_no_dates(text: str) -> None:
    assert days(text) == []


def test_results_carry_the_turn_timezone() -> None:
    (moment,) = mentioned_times("yesterday", relative_to=MONDAY)
    assert moment.tzinfo == UTC
    naive = mentioned_times("yesterday", relative_to=MONDAY.replace(tzinfo=None))
    assert naive[0].tzinfo is None
