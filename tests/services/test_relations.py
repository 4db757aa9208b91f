"""When a turn goes back to a stored matter (``services/relations``)."""

from __future__ import annotations

from kapex.engine.signals import TRIVIAL_BAND
from kapex.services.relations import RETURNING_COSINE, Link, goes_back


def test_a_turn_close_to_a_matter_or_weighty_itself_goes_back_to_it() -> None:
    assert goes_back(Link("t", RETURNING_COSINE, shared_person=False), gravity=0.0)
    assert goes_back(Link("t", 0.31, shared_person=False), gravity=TRIVIAL_BAND)


def test_small_talk_loosely_like_a_matter_does_not_go_back_to_it() -> None:
    assert not goes_back(Link("t", 0.31, shared_person=False), gravity=0.1)
    assert not goes_back(None, gravity=0.9)


def test_light_news_of_the_person_a_matter_names_goes_back_to_it() -> None:
    assert goes_back(Link("t", 0.31, shared_person=True), gravity=0.1)
