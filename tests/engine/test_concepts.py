"""Interests and facets read off the user's own words (engine/concepts.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kapex.engine.concepts import Facet, facets, interests, role_key, roles_named, same_role


def test_stated_likes_and_habits_become_interests() -> None:
    assert interests("I love bouldering and pottery.") == ["bouldering"]
    assert interests("I'm a big fan of Japanese jazz") == ["japanese jazz"]
    assert interests("I usually run before work.") == ["run before work"]
    assert interests("My favourite band is Low, honestly.") == ["band: low"]
    assert interests("I like to swim in the sea") == ["swim in the sea"]


def test_passing_remarks_are_not_interests() -> None:
    assert interests("I love it!") == []
    assert interests("I really like my new job at the bakery") == []
    assert interests("The weather is nice today.") == []


def test_roles_of_named_people_and_employers_become_facets() -> None:
    text = "My sister Maya lives in Lisbon. Tom is my boss. I work at Dataflow."
    assert facets(text, ["Maya", "Lisbon", "Tom", "Dataflow"]) == [
        Facet("Maya", "sister"),
        Facet("Tom", "boss"),
        Facet("Dataflow", "employer"),
    ]
    assert Facet("Maya", "sister").label == "Maya: the user's sister"


def test_a_facet_needs_an_entity_the_extractor_found() -> None:
    assert facets("My sister Maya lives in Lisbon.", ["Lisbon"]) == []


@given(st.text(max_size=200))
def test_every_interest_is_made_of_the_users_words(text: str) -> None:
    lowered = text.lower()
    for interest in interests(text):
        for word in interest.replace(":", " ").split():
            assert word in lowered


def test_roles_with_ex_step_and_in_law_are_read_and_spelt_one_way() -> None:
    assert facets("My ex-husband Gareth won't sign the forms", ["Gareth"]) == [
        Facet("Gareth", "ex-husband")
    ]
    assert facets("Dmitri, my stepdad, rang", ["Dmitri"]) == [Facet("Dmitri", "step-father")]
    assert role_key("Step father") == role_key("stepdad") == "step-father"
    assert role_key("former boss") == role_key("ex-manager") == "ex-boss"
    assert roles_named("talked to my ex and my mum") == {"ex", "mother"}


def test_an_ex_is_any_particular_ex_and_a_late_wife_is_the_wife() -> None:
    assert same_role("ex", "ex-husband") and same_role("ex-girlfriend", "ex")
    assert same_role("late-wife", "wife")
    assert not same_role("step-father", "father") and not same_role("ex-wife", "wife")
    assert not same_role("ex", "ex-boss")
