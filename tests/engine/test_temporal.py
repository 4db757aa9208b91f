from datetime import UTC, datetime, timedelta, timezone

import numpy as np
import pytest

from kapex.engine.temporal import (
    TimeRange,
    asks_about_plans,
    asks_current_state,
    resolve_temporal,
    temporal_score,
)

REF = datetime(2023, 10, 18, 15, 30, tzinfo=UTC)  # a Wednesday


def day(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, tzinfo=UTC)


def span(text: str) -> tuple[datetime, datetime] | None:
    found = resolve_temporal(text, reference=REF).time_range
    return None if found is None else (found.start, found.end)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("what did I do yesterday", (day(2023, 10, 17), day(2023, 10, 18))),
        ("anything fun last week?", (day(2023, 10, 9), day(2023, 10, 16))),
        ("what happened last month", (day(2023, 9, 1), day(2023, 10, 1))),
        ("the trip in 2022", (day(2022, 1, 1), day(2023, 1, 1))),
        ("camping in June", (day(2023, 6, 1), day(2023, 7, 1))),
        ("the party in November", (day(2022, 11, 1), day(2022, 12, 1))),
        ("on 8 May, 2023", (day(2023, 5, 8), day(2023, 5, 9))),
        ("on October 13, 2023", (day(2023, 10, 13), day(2023, 10, 14))),
        ("in summer 2021", (day(2021, 6, 1), day(2021, 9, 1))),
        ("at the beginning of November 2022", (day(2022, 11, 1), day(2022, 11, 16))),
        ("the week before August 3, 2023", (day(2023, 7, 27), day(2023, 8, 3))),
        ("last Friday", (day(2023, 10, 13), day(2023, 10, 14))),
    ],
)
def test_cue_resolves_to_range(text, expected):
    assert span(text) == expected


def test_years_ago_is_centred_on_that_many_years_back():
    start, end = span("where did she move from two years ago")
    middle = start + (end - start) / 2
    assert abs((middle - day(2021, 10, 18)).days) <= 1


def test_written_date_outranks_words_relative_to_now():
    start, _ = span("what did she do last weekend before April 10, 2023")
    assert start.year == 2023
    assert start.month == 4


def test_may_as_a_verb_is_not_a_month():
    assert span("I may go hiking") is None
    assert span("May I ask about hiking") is None
    assert span("what did she do in May") == (day(2023, 5, 1), day(2023, 6, 1))


def test_text_without_cues_has_no_range():
    assert span("What is Caroline's favourite book?") is None


def test_when_questions_are_flagged():
    assert resolve_temporal("When did Melanie paint a sunrise?", reference=REF).asks_when
    assert not resolve_temporal("What did Melanie paint?", reference=REF).asks_when


def test_naive_reference_is_read_as_utc():
    naive = resolve_temporal("yesterday", reference=datetime(2023, 10, 18, 1, 0))
    aware = resolve_temporal(
        "yesterday", reference=datetime(2023, 10, 18, 3, 0, tzinfo=timezone(timedelta(hours=2)))
    )
    assert naive.time_range == aware.time_range


def test_temporal_score_is_one_inside_and_falls_off_outside():
    window = TimeRange(day(2023, 5, 1), day(2023, 6, 1))
    times = np.array(
        [
            day(2023, 5, 10).timestamp(),
            day(2023, 6, 3).timestamp(),
            day(2023, 9, 1).timestamp(),
            np.nan,
        ]
    )
    inside, near, far, unknown = temporal_score(times, window)
    assert inside == 1.0
    assert 0.5 < near < 1.0
    assert far < near
    assert far < 0.01
    assert unknown == 0.0


@pytest.mark.parametrize(
    "question",
    [
        "Who's my dentist these days?",
        "what do I drive",
        "which gym do I go to?",
        "Where do I live now?",
        "What's my manager called?",
    ],
)
def test_questions_about_how_things_stand_now_ask_for_the_current_state(question: str) -> None:
    assert asks_current_state(question)


@pytest.mark.parametrize(
    "question",
    [
        "What did I drive before the Volvo?",
        "Where was I living in 2019?",
        "What trips have I got coming up?",
        "What is Caroline's job?",
        "what's going on w me rn",
        "When is my next appointment?",
        "where am I moving to?",
    ],
)
def test_past_future_and_third_person_questions_do_not(question: str) -> None:
    assert not asks_current_state(question)


@pytest.mark.parametrize(
    ("question", "plans"),
    [
        ("Where am I going on holiday this year?", True),
        ("What am I doing this summer?", True),
        ("What are my plans for next month?", True),
        ("When did Caroline go to the support group?", False),
        ("What did Melanie paint last year?", False),
        ("Where do I work?", False),
    ],
)
def test_a_question_about_what_is_going_to_happen_is_read_as_about_plans(
    question: str, plans: bool
) -> None:
    assert asks_about_plans(question) is plans
