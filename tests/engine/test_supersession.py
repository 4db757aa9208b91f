"""A newer statement of the same attribute of the same subject supersedes the older one."""

from __future__ import annotations

import pytest

from kapex.engine.supersession import claims, superseded


@pytest.mark.parametrize(
    ("older", "newer"),
    [
        ("We rent a small flat in Porto near the river.", "We moved to Valencia in the spring."),
        (
            "I work at a bakery on Dale Street as a shift lead.",
            "I quit the bakery and joined Ocado as a picker.",
        ),
        (
            "I'm engaged to Felix and we're planning a June wedding.",
            "Felix and I broke up last month.",
        ),
        ("I'm vegetarian but I still eat fish sometimes.", "I'm fully vegan now, no fish at all."),
        (
            "My laptop is an old ThinkPad with a dodgy hinge.",
            "I switched to a MacBook Air for work.",
        ),
        ("I drive a blue Ford Fiesta.", "I sold the Fiesta and now I ride a Vespa to work."),
        ("I'm a huge Celtic fan, season ticket and all.", "These days I support Hibernian."),
        (
            "Mum's hip operation is on Tuesday 3 June.",
            "The hospital postponed Mum's operation to Friday 13 June.",
        ),
    ],
)
def test_a_newer_statement_supersedes_the_older_one(older: str, newer: str) -> None:
    assert superseded(claims(newer), claims(older))


@pytest.mark.parametrize(
    ("older", "newer"),
    [
        ("My dentist is Dr Haddad on Mill Lane.", "My new dentist is a woman called Dr Ruiz."),
        ("My gym is the council leisure centre.", "My gym is now the climbing wall in town."),
        ("My commute is an hour on two buses.", "I changed my commute to cycling, 25 minutes."),
        ("My bank is Lloyds, always has been.", "I switched banks over the summer, to Starling."),
        ("My favourite author is Le Guin.", "My favourite author is now Ishiguro."),
    ],
)
def test_an_attribute_no_frame_names_is_updated_by_restating_it(older: str, newer: str) -> None:
    assert superseded(claims(newer), claims(older))


@pytest.mark.parametrize(
    ("older", "newer"),
    [
        # two different owned things
        ("My dentist is Dr Haddad on Mill Lane.", "My landlord is Mr Greaves."),
        ("My favourite author is Le Guin.", "My favourite film is Arrival."),
        # a relative is a subject, not an attribute
        ("My sister is a paramedic in Hull.", "My sister is a teacher now."),
        # what the user's thing is doing is not which thing it is
        ("My landlord is Mr Greaves.", "My landlord is selling the building."),
        # moving a thing is not moving house
        ("We live in a flat above the bakery.", "I moved my piano lessons to Thursdays."),
    ],
)
def test_restating_something_else_updates_no_attribute(older: str, newer: str) -> None:
    assert not superseded(claims(newer), claims(older))


@pytest.mark.parametrize(
    ("older", "newer"),
    [
        # different subjects: the user's job and a partner's job
        ("I work at the council as a planner.", "My husband got a new job at the port."),
        # different kinds of device
        ("My phone is a Galaxy S21.", "I bought a Kindle for the train."),
        # different people's appointments
        ("My dentist appointment is on Monday at 9am.", "Grandad's scan is on Monday at 2pm."),
        # a plan, not a fact yet
        ("I live in Glasgow with two flatmates.", "I might move to Leeds next year, not sure."),
        # a question states nothing
        ("I drive a Honda Civic.", "Should I sell my car and get an e-bike?"),
    ],
)
def test_unrelated_or_unsettled_statements_supersede_nothing(older: str, newer: str) -> None:
    assert not superseded(claims(newer), claims(older))


def test_ordinary_chat_states_no_attribute() -> None:
    for text in (
        "Had porridge with blueberries for breakfast.",
        "The train was twenty minutes late again.",
        "My sister called about her holiday plans.",
    ):
        assert claims(text) == []


def test_a_name_opening_the_sentence_is_the_subject_only_when_it_is_a_name() -> None:
    [maya] = claims("Maya works at Globex now.", names={"Maya", "Globex"})
    assert maya.subjects == {"maya"}
    [car] = claims("Sold the hatchback; the car I drive now is a Kia.")
    assert car.subjects == {"user"}


@pytest.mark.parametrize(
    ("older", "newer"),
    [
        # Chat drops the subject, and names the old thing by a description.
        ("Dating a lad from work called Cian, it's early days.", "Not seeing him any more."),
        ("Going out with Tolu since March, she's lovely.", "I'm with Ines now, it's serious."),
        ("Loving my old Corsa, never lets me down.", "Sold the Corsa. We've got a Kuga now."),
        ("Got an iPhone 12 off my brother.", "We've got matching Pixels now, upgraded last week."),
        # A model named as "the …" is the user's own car.
        ("The Astra failed its MOT on the brakes.", "Picked up a used Octavia estate on Friday."),
        # A car stated with "my car's", swapped by a trade-in verb, and what one is in now.
        ("my car's a 2009 honda jazz, green", "px'd the jazz, in a secondhand toyota now"),
        ("My van's a white Transit.", "Scrapped the van after the crash."),
        # A promotion replaces the role stated before.
        ("I'm a staff nurse at St Luke's on the cardiac ward.", "Got promoted to ward sister!"),
        # The perfect as chat writes it (the phone's apostrophe is made plain by the services:
        # tests/api/test_ranking.py).
        ("I work for a call centre in Derby.", "I've joined the fire service as a call handler."),
        ("We live in a bedsit in Hull.", "We've relocated to Glasgow for my husband's job."),
        ("I eat anything, me.", "I've cut out gluten completely."),
        # A new job said by what it is like, a car by what people call it.
        ("I'm a cashier at Lidl.", "now employed by the county council, in planning"),
        ("I'm a cashier at Lidl.", "changed company, now at a bakery chain"),
        ("I drive an old Micra.", "the new ride is a Tesla lol"),
        ("I drive an old Micra.", "Exchanged the Micra for a Hyundai i10."),
        ("My car's a Picanto.", "I'm on a bike now, sold the car"),
        ("We rent in Leeds.", "Just got the keys to our new place in York!"),
    ],
)
def test_updates_said_the_way_people_chat_supersede_the_older_statement(
    older: str, newer: str
) -> None:
    assert superseded(claims(newer), claims(older))


def test_riding_in_something_once_or_a_colleague_s_promotion_is_not_the_user_s_update() -> None:
    assert claims("We were in a taxi for ages, now I'm late.") == []
    [promotion] = claims("My sister got promoted to head of science.")
    assert promotion.subjects == {"sister"}


def test_living_a_life_or_a_motor_skills_class_is_not_an_address_or_a_car() -> None:
    assert claims("I'm living my best life lol") == []
    assert not [
        c for c in claims("My new motor skills class starts Monday.") if c.family == "vehicle"
    ]
    assert claims("I'm currently working on my thesis.") == []


def test_being_somewhere_with_a_friend_is_not_a_relationship() -> None:
    assert claims("I'm with Sarah at the cafe, back by six.") == []
    assert claims("Went to the shops with Dev.") == []
    assert claims("We parked in the car park by the jazz club.") == []
