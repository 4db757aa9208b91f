"""Crises told as pieces (a means with a moment, a goodbye expecting absence, leakage) are read
live; the same pieces in everyday use are not. Wording here is the tests' own."""

from __future__ import annotations

import pytest

from tests.safety.conftest import live_categories


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # C-SSRS method with a plan: a means and a moment or a decision, no act named.
        ("The tablets are lined up on the desk and it's set for Sunday night.", "self_harm"),
        ("Picked the spot already. Off the viaduct by the ring road, tomorrow early.", "self_harm"),
        ("i've been saving up my nan's sleeping pills, got enough now i think", "self_harm"),
        # Asking how lethal a means is, for oneself.
        ("how much insulin would it take to not wake up. asking for me", "self_harm"),
        # Joining someone who died, with a moment.
        (
            "Since my wife passed in June the house is empty. I'll be with her again by spring.",
            "self_harm",
        ),
        # A goodbye that expects absence.
        ("dont come looking for me tomorrow. remember me as the one who tried", "self_harm"),
        # Threat assessment: leakage and an armed visit to a gathering.
        ("Keep your sister home from the gig on Friday. Trust me.", "harm_to_others"),
        (
            "Going down to the depot tomorrow with the rifle, they'll all know my name.",
            "harm_to_others",
        ),
        (
            "bought a can of petrol, their garage goes up tonight while they're asleep",
            "harm_to_others",
        ),
        # The same pieces in Portuguese and Italian.
        ("tomei todos os comprimidos da caixa agora há pouco", "self_harm"),
        ("non cercatemi, ho deciso così", "self_harm"),
    ],
)
def test_crises_told_as_pieces_are_read_live(clauses, text, category):
    assert category in live_categories(clauses, text)


@pytest.mark.parametrize(
    "text",
    [
        "Bought paracetamol tonight for the migraine, two tablets and bed.",
        "Got my glue gun ready for the craft fair tomorrow.",
        "This is my last message from this number, new SIM arrives tomorrow.",
        "Remember me when you're famous, ha.",
        "Stay home tomorrow if the snow gets worse, the office can cope.",
        "We're going to the match on Saturday with the whole family.",
        "I'll be with her again on Friday when she's back from her trip.",
    ],
)
def test_the_same_pieces_in_everyday_use_are_not_crises(clauses, text):
    assert live_categories(clauses, text) == set()


@pytest.mark.parametrize(
    "text",
    [
        # Exasperation at something to be endured, and a threat over food eaten.
        "If I have to sit through one more fire drill I'll jump out of the window myself.",
        "i'm going to strangle my flatmate, he ate my birthday cake",
        # A question asked from a job that meets crises.
        "I'm a pharmacist. What should I say if a customer asks how many pills would kill them?",
        # Grief for several people, not the writer's danger.
        "We lost two lads from the club to suicide last spring; the walk is for them.",
        # A denial in Portuguese, which the English parser cannot read.
        "tô cansada, mas não penso em me matar, fica tranquilo",
    ],
)
def test_figures_of_speech_professional_questions_grief_and_denials_are_not_live(clauses, text):
    assert live_categories(clauses, text) == set()


def test_one_more_day_of_life_is_not_read_as_exasperation(clauses):
    text = "If I have to live through one more day like this I'll kill myself."
    assert "self_harm" in live_categories(clauses, text)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # A firearm with a moment is not read as self-harm by the pairs: the other cues say
        # at whom it is aimed.
        (
            "The rifle's oiled and loaded and I'm heading to the youth club tomorrow.",
            "harm_to_others",
        ),
        # "Drunk" is a state, not a trivial grievance.
        (
            "My stepdad is drunk and shouting that he'll kill my mum, he has a bat.",
            "harm_to_others",
        ),
    ],
)
def test_pairs_do_not_take_a_threat_for_something_else(clauses, text, category):
    live = live_categories(clauses, text)
    assert category in live and (category == "self_harm" or "self_harm" not in live)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # An act on oneself in the voice of intent: "when…" is a moment, not an accident.
        ("I'm going to hang myself when the kids are at their dad's.", "self_harm"),
        ("gonna chuck myself under the night bus, done with it", "self_harm"),
        # A recent attempt told with its time ("an hour ago" is not an object of the verb).
        ("I tried to drown myself an hour ago and now I'm soaked and shaking.", "self_harm"),
        # An amount of a drug taken, with its moment or purpose; a drug no list names is
        # still read by its INN stem (-triptyline, -dol).
        ("swallowed a whole strip of my amitriptyline about ten mins ago", "self_harm"),
        ("my sister took loads of her tramadol on purpose and she's slurring", "self_harm"),
        # A means kept for oneself, reported by someone else.
        ("My uncle says he's keeping the rope in his van to use on himself.", "self_harm"),
        # A journey with harm as its purpose, and setting out armed to a person.
        ("He's driving over to the school to stab the headteacher.", "harm_to_others"),
        ("my cousin is on his way to her flat with a machete, he's furious", "harm_to_others"),
        ("I'll glass that bloke at the bar the second he walks in", "harm_to_others"),
        # Idioms of being beaten; consciousness coming and going.
        ("my stepdad knocks me about whenever mum's on nights", "abuse"),
        (
            "Grandad fell in the garden and he's slipping in and out of consciousness",
            "medical_emergency",
        ),
    ],
)
def test_acts_told_in_the_grammar_of_intent_purpose_and_recency_are_read_live(
    clauses, text, category
):
    assert category in live_categories(clauses, text)


@pytest.mark.parametrize(
    "text",
    [
        # Accidents, effort and treats keep their everyday reading.
        "I hurt myself when I slipped on the ice this morning.",
        "Going to throw myself into the new job this month.",
        "I'm going to treat myself to a new coat this weekend.",
        # A journey whose purpose is not harm, and a tool taken to a relative for a job.
        "Heading over to my brother's with a drill to help him put shelves up.",
        "Driving to the gym to smash my leg day",
        # A question someone asked the writer, answered no.
        "The nurse asked if I'd had thoughts of killing myself. Honestly, no.",
        "Mum asked whether I wanted to end it all and I told her no, I'm just tired.",
        # A past overdose with its year and a stable present; the noun as a topic.
        "I took an overdose after the divorce. That was 2014, and I'm stable and well now.",
        "Long shift on the ambulance: a stroke, an overdose and two falls. Bed now.",
        "Pharmacology exam on paracetamol overdose tomorrow, any good summaries?",
        # A death by suicide told as grief.
        "It's two years since my uncle hanged himself and I still think about him every day.",
        # A story about a character.
        "In my short story the old farmer plans to end his life; how would his wife notice?",
    ],
)
def test_everyday_accidents_journeys_answered_questions_and_topics_are_not_live(clauses, text):
    assert live_categories(clauses, text) == set()


def test_a_question_answered_yes_stays_live(clauses):
    text = "My GP asked if I'd thought about ending it. I said yes, and I've picked a date."
    assert "self_harm" in live_categories(clauses, text)


@pytest.mark.parametrize(
    "text",
    [
        "Taking the boat out past the headland tonight and not sailing back.",
        "ok so im checking out this weekend. sorry to everyone",
        "I've stopped taking my insulin on purpose, it's easier this way.",
        "I know when and how I'll do it now, and I feel calm.",
    ],
)
def test_a_journey_or_an_ending_with_no_return_is_read_live(clauses, text):
    assert "self_harm" in live_categories(clauses, text)


@pytest.mark.parametrize(
    "text",
    [
        "Checking out of the hotel tonight, then the overnight train.",
        "We're driving to Cornwall and not coming back till the 20th!",
        "Handed in my notice. I'm not coming back.",
        "I stopped eating sugar on purpose in January, feel great.",
    ],
)
def test_trips_hotels_jobs_and_diets_are_not_read_as_no_return(clauses, text):
    assert live_categories(clauses, text) == set()


@pytest.mark.parametrize(
    "text",
    [
        "If the council evicts us I'm coming back for every one of them.",
        "Bringing something to the hearing that'll make the panel pay, and it isn't a lawyer.",
    ],
)
def test_veiled_threats_to_a_group_are_read_live(clauses, text):
    assert "harm_to_others" in live_categories(clauses, text)


@pytest.mark.parametrize(
    "text",
    [
        "Don't cry, I'm coming back for you after work!",
        "I'm bringing something for the raffle, and it's not a cake this year.",
    ],
)
def test_returns_and_gifts_are_not_veiled_threats(clauses, text):
    assert live_categories(clauses, text) == set()


def test_someone_who_left_and_never_came_back_is_a_loss_not_a_plan(clauses):
    assert live_categories(clauses, "Our old cat wandered off and never came back.") == set()


def test_making_peace_with_a_settled_worry_is_not_preparation(clauses):
    # C-SSRS preparation is making peace before an ending; a worry talked through and
    # accepted uses the same words.
    settled = (
        "Mum's diagnosis scared me for months, but we talked it over and I've made peace with it."
    )
    assert "self_harm" not in live_categories(clauses, settled)
    parting = "I've made peace with it now, I'll be gone before the weekend."
    assert "self_harm" in live_categories(clauses, parting)
