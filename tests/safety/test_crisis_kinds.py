"""Readings that hold for a kind of language, not for a phrase (issue 9, ninth round): who acts
on whom, a decision that governs a later act, a moment that is not a thing, passive wishes
told sideways, goodbyes and absences with words between, and the everyday readings of a
recovery milestone, a clinical topic, a question about helping someone, irritation at a thing
and competitive play. Wording here is the tests' own."""

from __future__ import annotations

import pytest

from kapex.safety.crisis import CrisisResult, _writer_acts
from kapex.safety.crisis_clauses import ClauseReader, writer_is_agent
from tests.safety.conftest import live_categories


def _agent_hits(clauses: ClauseReader, text: str) -> list[bool]:
    reading = clauses.read(text)
    return [
        writer_is_agent(h, reading)
        for h in clauses.hits(text)
        if h.live and h.cue.category == "harm_to_others"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "he keeps slapping my little brother, when he's asleep i'm going to smash his head in",
        "my flatmate's boyfriend shoves her around, i'll be waiting for him outside the pub later",
    ],
)
def test_the_writer_as_agent_of_harm_is_reported_as_harm_to_others(clauses, text):
    assert any(_agent_hits(clauses, text))
    hits = clauses.hits(text)
    reported_as_abuse = CrisisResult(True, "abuse", 0.8, [])
    assert _writer_acts(reported_as_abuse, hits, clauses.read(text)).category == "harm_to_others"


def test_a_threat_reported_of_someone_else_stays_abuse(clauses):
    text = "he says he's going to smash my head in if i tell anyone, he locks me in at night"
    hits = clauses.hits(text)
    reported_as_abuse = CrisisResult(True, "abuse", 0.8, [])
    assert _writer_acts(reported_as_abuse, hits, clauses.read(text)).category == "abuse"


def test_an_act_on_oneself_is_not_moved_to_harm_to_others(clauses):
    text = "i'm going to kill myself tonight and i'll hurt anyone who tries to stop me"
    hits = clauses.hits(text)
    self_harm = CrisisResult(True, "self_harm", 0.9, [])
    assert _writer_acts(self_harm, hits, clauses.read(text)).category == "self_harm"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # A decision told in the past governs an act still to come.
        ("lost my job, so i decided to end it all once the rent is due", "self_harm"),
        # "this weekend" is a moment, not the thing the act is on.
        ("sick of being the family's burden, sorting it for good this weekend", "self_harm"),
        # C-SSRS wish to be dead, sideways: a vehicle one rides in lost; envying the dead.
        ("part of me is praying the ferry sinks when i cross on sunday", "self_harm"),
        ("lately i'm jealous of people who get to die in their sleep", "self_harm"),
        # Absence after a moment, with what one won't be there to do in between.
        ("my nephew can have the bike, i won't be around to ride it past christmas", "self_harm"),
        # A goodbye for a departure with no end.
        ("wanted to say my goodbyes to you lot before i disappear for good", "self_harm"),
        # Worth more through the payout than alive.
        ("the insurance payout would provide for the twins better than i ever could", "self_harm"),
    ],
)
def test_kinds_of_ideation_told_sideways_are_read_live(clauses, text, category):
    assert category in live_categories(clauses, text)


@pytest.mark.parametrize(
    "text",
    [
        # Recovery milestones.
        "eight months clean from self-harm as of this week, treating myself to a gig",
        # A clinical or teaching topic named, not an act.
        "Can you proofread our school's self-harm awareness training slides?",
        # How to ask someone else, to help them.
        "how can we gently approach our dad about whether he's been thinking of suicide?",
        # Irritation at a thing that happens again and again.
        "the bus timetable app makes me want to die every single day, it never loads",
        # Competitive play.
        "i'm going to destroy you in the ranked lobby tonight, warm up those thumbs",
        # Hopes about travel without a wish to die.
        "really hoping the flight doesn't crash, i hate turbulence",
    ],
)
def test_everyday_readings_of_the_same_words_are_not_live(clauses, text):
    assert live_categories(clauses, text) == set()


def test_pain_that_makes_one_want_to_die_is_not_irritation(clauses):
    assert "self_harm" in live_categories(clauses, "the pain makes me want to die every day")


def test_a_milestone_that_ended_in_a_relapse_stays_live(clauses):
    text = "i was four months clean from self-harm but i relapsed last night, cut again"
    assert "self_harm" in live_categories(clauses, text)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # Abuse screening: a body part forced onto something that burns or scalds.
        ("she shoved my face down into the sink full of hot water because i was late", "abuse"),
        # Silence demanded with a threat after being made to do something.
        ("my coach made me send videos and says he'll share them unless i keep quiet", "abuse"),
        ("my cousin got me to undress and said something bad happens if i tell mum", "abuse"),
        # "Anymore" after a prohibition is a new restriction, not a resolution.
        ("he decided i can't see my sister anymore and he took my phone again", "abuse"),
        # The writer's death named as the answer to a problem.
        (
            "the easiest answer for everyone is me not being around, i've thought it through",
            "self_harm",
        ),
        # A carer who thinks the children would be better off dead.
        (
            "some nights i think my boys would be better off dead than growing up like this",
            "harm_to_others",
        ),
    ],
)
def test_abuse_and_intent_told_by_their_shape_are_read_live(clauses, text, category):
    assert category in live_categories(clauses, text)


@pytest.mark.parametrize(
    "text",
    [
        "he held my hand the whole way through the film",
        "the best solution is to end the lease early and move nearer work",
        "the quickest fix is killing the background task and restarting",
        "she can't make it to the gym anymore since the new job, shame",
    ],
)
def test_the_same_shapes_in_everyday_talk_are_not_live(clauses, text):
    assert live_categories(clauses, text) == set()
