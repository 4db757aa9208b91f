"""Warning-sign patterns the cues read as live, and the everyday contexts that cancel them.

Each case is one pattern (C-SSRS item, crisis-line warning sign, threat-assessment sign) in
wording of its own, not a sentence from the bank: the cues must hold on the pattern.
"""

from __future__ import annotations

import pytest

from kapex.safety.crisis_lexicon import ABUSE, HARM_TO_OTHERS, MEDICAL, SELF_HARM
from tests.safety.conftest import live_categories

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # C-SSRS 1: a passive wish to be dead, in the recent past the scale asks about.
        ("In the past month I've wished I were never born.", SELF_HARM),
        ("every time a lorry passes i hope it hits me", SELF_HARM),
        # C-SSRS 4: intent to act on the thoughts.
        ("I think I'm going to act on these thoughts this time.", SELF_HARM),
        ("i swallowed way too many of my sleeping pills on purpose", SELF_HARM),
        # Means in view, location of danger.
        ("been staring at the razors in the drawer for an hour", SELF_HARM),
        ("I'm at the railway tracks by the old mill.", SELF_HARM),
        ("sitting on the edge of the multistorey with my legs over", SELF_HARM),
        ("the ache is spreading into my jaw and I've come out in a cold sweat", MEDICAL),
        # A finality that is not a departure.
        ("It will all be over by morning, don't worry about me.", SELF_HARM),
        ("Everyone can move on once I'm gone.", SELF_HARM),
        # Warning signs seen in someone else.
        (
            "My grandad gave me his medals yesterday and he's been saying goodbye to everyone.",
            SELF_HARM,
        ),
        # Threat assessment: force, ambush, a conditional with a target.
        ("If that guy touches my car again I'll push him down the stairwell.", HARM_TO_OTHERS),
        ("She won't know what hit her when she gets home.", HARM_TO_OTHERS),
        ("If he lies to me one more time he's dead.", HARM_TO_OTHERS),
        ("He wrecked my family so I'm going to end his.", HARM_TO_OTHERS),
        ("I've arranged to hurt my neighbour this weekend.", HARM_TO_OTHERS),
        # Abuse told about the writer and reported about someone else.
        ("my uncle punched me in the stomach last night", ABUSE),
        ("Her boyfriend keeps beating her and she's too scared to leave.", ABUSE),
        ("He told me he'll break my arm if I go out again.", ABUSE),
        ("my stepmum comes in drunk and slaps me", ABUSE),
        ("The night staff at the care home hit my grandad, he came home with bruises.", ABUSE),
        ("my brother hitz me when mum is out", ABUSE),
        ("I know where her bedroom is and I've got the petrol.", HARM_TO_OTHERS),
    ],
)
def test_warning_sign_patterns_are_live_in_new_wording(clauses, text, category):
    assert category in live_categories(clauses, text)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # C-SSRS preparatory acts, and one's things spoken of as of no use after a date.
        ("I've rehomed my dog and cancelled my phone contract.", SELF_HARM),
        ("I won't need any of it after this weekend.", SELF_HARM),
        # Unconscious, said in the idiom, with a sign of harm beside it.
        ("He's been out cold on the pavement for five minutes.", MEDICAL),
    ],
)
def test_preparation_and_idioms_of_danger_are_read(clauses, text, category):
    assert category in live_categories(clauses, text)


@pytest.mark.parametrize(
    "text",
    [
        # Farewells with a return and everyday reasons to be at a high place.
        "Bye everyone, off travelling for a month, see you when I'm back!",
        "This is my last post here, I'm moving to a new account.",
        "Giving away my old furniture before the move, anyone want a sofa?",
        "I'm on the bridge watching the sunset, the view is unreal.",
        "On the train platform, running late for work again.",
        # Grief for a death that already happened.
        "We lost my cousin to an overdose last spring and I still think about him.",
        # Sending, not hurting; objects, not people.
        "I'll shoot you the details tonight.",
        "My son slammed the door and went to his room.",
        "I banged my head on the shelf, it's fine.",
        # A dated, resolved past.
        "I was suicidal during my teens but I'm doing well now.",
        # Everyday "over soon", a departure "when I'm gone".
        "When I'm gone on the trip you'll need to feed the cat.",
        # A tool taken to a thing; deep sleep.
        "If the photocopier jams once more I'm taking a bat to it.",
        "Grandad was out cold on the sofa after lunch.",
        # An elided denial closes the clause; "not scared" would deny nothing.
        "My GP asked if I'm thinking of ending my life, and I'm not, honestly.",
    ],
)
def test_everyday_contexts_cancel_the_signs_they_resemble(clauses, text):
    assert not live_categories(clauses, text)


@pytest.mark.parametrize(
    "text",
    [
        "I can't do this anymore, I'm standing on the bridge.",
        "I can't take it any more, the pills are in front of me.",
    ],
)
def test_cannot_go_on_any_more_is_never_read_as_a_resolved_past(clauses, text):
    readings = [hit.reading for hit in clauses.hits(text)]
    assert readings and not any(r.past_resolved for r in readings)


def test_a_long_message_with_a_medical_emergency_is_still_read(clauses):
    assert MEDICAL in live_categories(
        clauses, "My son ate some mushrooms and now he's vomiting and drowsy."
    )


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("iwanttodie", "i want to die"),
        ("nobody would notice if i killd myself", "nobody would notice if i kill myself"),
    ],
)
def test_run_together_words_and_inflection_slips_are_read_through(clauses, typed, read):
    assert clauses.read(typed) == read


@pytest.mark.parametrize("word", ["painkillers", "unalive", "heartburn", "sparring", "lifeline"])
def test_compounds_and_real_words_are_not_split_or_corrected(clauses, word):
    assert clauses.read(word) == word


def test_an_elided_denial_cancels_only_when_the_not_closes_its_clause(clauses):
    assert not live_categories(
        clauses, "Friends ask whether I want to kill myself, and I'm not, at all."
    )
    assert SELF_HARM in live_categories(
        clauses, "I want to kill myself and I'm not scared any more."
    )
    assert SELF_HARM in live_categories(
        clauses, "I'm going to kill myself tonight and I'm not joking."
    )


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # Threat assessment: arriving armed, a weapon made ready, a conditional ultimatum.
        ("I'll turn up at the depot with my shotgun on Monday.", HARM_TO_OTHERS),
        ("Don't text me again or I'll put a bullet in you.", HARM_TO_OTHERS),
        ("If you come round tonight I swear I'll stab you.", HARM_TO_OTHERS),
        # The act told with a recent day or a present injury is recent, not a resolved past.
        ("My boyfriend twisted my wrist on Sunday and it's bruised now.", ABUSE),
        # C-SSRS wish to be dead as a comparison; deliberate self-injury however worded.
        ("Not existing would be a relief at this point.", SELF_HARM),
        ("I scalded my hand with the kettle on purpose.", SELF_HARM),
        ("honestly hoping i never wake up after tonight", SELF_HARM),
        ("Nadie me echaria de menos si desapareciera.", SELF_HARM),
    ],
)
def test_threats_ultimatums_and_recent_acts_are_live(clauses, text, category):
    assert category in live_categories(clauses, text)


@pytest.mark.parametrize(
    "text",
    [
        # The object of the act is a thing; the destination of a tool is a place of work.
        "I want to end this subscription before it renews.",
        "He took a sledgehammer to the old garden wall.",
        # A past habit stays past even when the message goes on with "want to".
        "I used to want to die; these days I want to see my kids grow up.",
        # A symptom with its everyday cause; a goodbye before a flight; a thrill sport.
        "My throat is tight from coughing all night with this cold.",
        "Goodbye everyone, boarding my flight to Oslo now!",
        "We went skydiving and I jumped off the plane at 4,000 metres.",
        # A foretold reaction, a death long past, a denial framed before the act.
        "Dad will have a heart attack when he sees the phone bill.",
        "My uncle died of a stroke years ago; the memorial is next week.",
        "It's not that I want to die, I just need a week off.",
        # Suspense: the edge of a seat is not a height.
        "That thriller kept me on the edge of my seat the whole way through.",
        "I'm on the edge of my seat waiting for the results show.",
        # What spreads in a heart attack is the pain; sweat after a run is exertion.
        "We're going down to the coast and spreading Grandad's ashes on Sunday.",
        "Absolutely sweating after that spin class, need a shower.",
    ],
)
def test_things_habits_causes_and_trips_are_not_read_as_danger(clauses, text):
    assert not live_categories(clauses, text)
