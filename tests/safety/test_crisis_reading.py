"""The crisis reader and the clause reading: tolerant spelling, negation scope, time, framing."""

from __future__ import annotations

import pytest

from kapex.safety.crisis_clauses import ClauseReader
from kapex.safety.crisis_text import edit_distance, fold

pytestmark = pytest.mark.slow


def test_fold_drops_accents_case_and_letter_runs():
    assert fold("Je VEUX mourir… Médicaments Straße nooooo") == (
        "je veux mourir... medicaments strasse noo"
    )


def test_edit_distance_counts_a_transposition_as_one():
    assert edit_distance("myslef", "myself") == 1
    assert edit_distance("sucide", "suicide") == 1
    assert edit_distance("kitten", "sitting", limit=2) == 3  # over the limit


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("i want to kill myslef", "i want to kill myself"),
        ("im thinkin about sucide", "i'm thinking about suicide"),
        ("gonna end my lfie 2nite", "going to end my life tonight"),
        ("su1c1dal again", "suicidal again"),
        ("my dad is havin a seizur", "my dad is having a seizure"),
    ],
)
def test_misspellings_of_key_terms_and_chat_forms_are_read_through(clauses, typed, read):
    assert clauses.read(typed) == read


@pytest.mark.parametrize(
    "text",
    [
        "we walked up the hill to the mill",
        "the pills are in the cupboard",
        "she's killing it at work",
        "goodbyes are hard",
    ],
)
def test_real_words_are_never_corrected(clauses, text):
    assert clauses.read(text) == text


def _readings(clauses: ClauseReader, text: str) -> set[str]:
    return {hit.reading.why_not() for hit in clauses.hits(text)}


def test_a_negation_governing_the_act_cancels_it(clauses):
    assert _readings(clauses, "I'm not thinking about killing myself") == {"negated"}
    assert _readings(clauses, "I have no plans to hurt anyone") == {"negated"}


def test_a_negation_that_keeps_the_meaning_does_not(clauses):
    assert "live" in _readings(clauses, "I can't stop thinking about killing myself")
    assert "live" in _readings(clauses, "I don't want to live anymore")


def test_a_negation_in_another_clause_does_not_reach_the_act(clauses):
    assert "live" in _readings(clauses, "I'm not okay, I want to kill myself")


def test_a_distant_resolved_past_is_cancelled_and_a_recent_act_is_not(clauses):
    assert _readings(clauses, "Years ago my ex hit me, I'm safe now.") == {"past_resolved"}
    assert "live" in _readings(clauses, "He hit me again last night.")


def test_fiction_advice_and_tech_are_read_as_such(clauses):
    assert _readings(clauses, "In the movie he wants to kill himself.") == {"framed"}
    assert _readings(clauses, "Please don't kill yourself, call me.") <= {"addressed", "negated"}
    assert _readings(clauses, "The node is choking on the queue, kill the process.") <= {"tech"}


def test_the_parser_is_loaded_only_when_a_cue_matches():
    fresh = ClauseReader()
    analysis = fresh.analyse("What should I cook for dinner tonight?")
    assert analysis.hits == [] and analysis.flags["question"] is True
    assert "_nlp" not in vars(fresh)  # the parser was never needed
    fresh.analyse("I want to kill myself")
    assert "_nlp" in vars(fresh)
