"""Topics group what a person would name together, grow one memory at a time, and never chain."""

from __future__ import annotations

import numpy as np
import pytest

from kapex.engine.topic_groups import TopicGroups, member_of
from kapex.services.models import LocalModels


def grouped(models: LocalModels, turns: list[str], speakers: tuple[str, ...] = ()) -> TopicGroups:
    groups = TopicGroups()
    vectors = models.embedder.embed(turns)
    for index, (text, vector) in enumerate(zip(turns, vectors, strict=True)):
        names = [e.name for e in models.entities.extract(text, known={})]
        member = member_of(str(index), vector, text, entities=names, speakers=speakers)
        order = np.argsort(-(vectors[:index] @ vector))[:10]
        nearest = [(str(j), float(vectors[j] @ vector)) for j in order]
        groups.add(member, groups.assign(member, nearest=nearest) or f"t{index}")
    return groups


def topic_sizes(groups: TopicGroups) -> list[int]:
    return sorted((groups.size(t) for t in groups.topic_ids()), reverse=True)


@pytest.mark.slow
def test_a_hobby_told_in_many_ways_is_one_topic_and_a_crisis_stays_apart(
    models: LocalModels,
) -> None:
    hobby = [
        "Pottery class tonight, I finally centred the clay on the wheel.",
        "My pottery teacher says my bowls are too thick at the base.",
        "Bought a new trimming tool for pottery.",
        "The kiln at the pottery studio broke so our mugs are stuck unfired.",
        "Glazed three pottery cups in a speckled blue.",
        "Missed pottery this week because of the snow.",
    ]
    crisis = "My mother collapsed at work and the doctors think it was a stroke."
    groups = grouped(models, [*hobby[:3], crisis, *hobby[3:]])
    assert groups.topic_of("0") == groups.topic_of("6")
    assert groups.size(groups.topic_of("0") or "") == len(hobby)
    assert groups.size(groups.topic_of("3") or "") == 1
    assert groups.label(groups.topic_of("0") or "") == "pottery"


@pytest.mark.slow
def test_the_same_person_ties_a_topic_together_and_different_people_do_not(
    models: LocalModels,
) -> None:
    groups = grouped(
        models,
        [
            "My flatmate Odile moved out after we fought about the bills.",
            "My cousin Tobias stopped speaking to me after the wedding.",
            "I keep replaying the argument with Odile in my head.",
            "Odile and I met for coffee and cleared the air.",
        ],
    )
    assert groups.topic_of("0") == groups.topic_of("2") == groups.topic_of("3")
    assert groups.topic_of("1") != groups.topic_of("0")


@pytest.mark.slow
def test_chat_pleasantries_do_not_chain_a_conversation_into_one_topic(
    models: LocalModels,
) -> None:
    turns = [
        "Wow, Jonah, that's amazing! Love it.",
        "Thanks, Priya! Glad you like it.",
        "That sounds great, really awesome!",
        "Totally agree, that's so cool.",
        "I started learning to sail last month.",
        "Wow, so inspiring! Good for you.",
    ]
    groups = grouped(models, turns, speakers=("Jonah", "Priya"))
    assert max(topic_sizes(groups)) <= 2


def test_a_memory_leaves_its_topic_and_an_empty_topic_disappears() -> None:
    groups = TopicGroups()
    vector = np.ones(4, np.float32) / 2
    first = member_of("a", vector, "Sourdough starter fed twice today")
    second = member_of("b", vector, "My sourdough loaf finally rose properly")
    groups.add(first, "bread")
    assert groups.assign(second, nearest=[("a", 1.0)]) == "bread"
    groups.add(second, "bread")
    assert groups.size("bread") == 2
    groups.remove("a")
    groups.remove("b")
    assert groups.topic_ids() == []


def unit(*values: float) -> np.ndarray:
    vector = np.array(values, np.float32)
    return vector / np.linalg.norm(vector)


def test_fragments_of_one_subject_share_the_cap_and_another_matter_stands_alone() -> None:
    groups = TopicGroups()
    hives = [
        "Checked the hives, the bees look calm",
        "Hives need new frames, bees swarmed",
        "Bees in the far hives are angry today",
    ]
    honey = [
        "Jarred the honey from the hives",
        "Sold honey jars from our hives",
        "The honey from the hives set hard",
    ]
    for i, text in enumerate(hives):
        groups.add(member_of(f"h{i}", unit(1, 0, 0, 0), text), "hives")
    for i, text in enumerate(honey):
        groups.add(member_of(f"j{i}", unit(0, 1, 0, 0), text), "honey")
    groups.add(member_of("m", unit(0, 0, 1, 0), "Mum's scan showed a shadow on her lung"), "mum")
    # Orthogonal centroids: only the words the two established fragments share join them.
    subjects = groups.subjects(["hives", "honey", "mum", "gone"])
    assert subjects["hives"] == subjects["honey"]
    assert subjects["mum"] == "mum"
    assert "gone" not in subjects


def test_topics_close_in_meaning_are_one_subject_even_in_other_words() -> None:
    groups = TopicGroups()
    groups.add(member_of("a", unit(1, 0.2, 0, 0), "Trained the puppy to sit"), "puppy")
    groups.add(member_of("b", unit(1, 0.3, 0, 0), "The dog pulled on the lead again"), "dog")
    groups.add(member_of("c", unit(0, 0, 0, 1), "Quarterly tax return is due"), "tax")
    subjects = groups.subjects(["puppy", "dog", "tax"])
    assert subjects["puppy"] == subjects["dog"] != subjects["tax"]
