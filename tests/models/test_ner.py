from __future__ import annotations

import pytest

from kapex.models.ner import Entity, EntityExtractor


@pytest.fixture(scope="module")
def extractor() -> EntityExtractor:
    return EntityExtractor()


def test_organisation_is_found(extractor: EntityExtractor) -> None:
    entities = extractor.extract("I just got promoted to engineering manager at Dataflow")
    assert Entity("Dataflow", "ORG") in entities


def test_dates_and_amounts_are_not_entities(extractor: EntityExtractor) -> None:
    entities = extractor.extract("On 7 May 2023 I paid $40 for 3 tickets in Boston.")
    assert {e.label for e in entities} <= {"GPE", "LOC", "ORG", "PERSON", "FAC", "NORP"}
    assert any(e.name == "Boston" for e in entities)
    assert not any("2023" in e.name or "40" in e.name for e in entities)


def test_known_names_match_in_lower_case_chat(extractor: EntityExtractor) -> None:
    entities = extractor.extract(
        "my coworker jake at zendesk keeps bugging me", known=["Jake", "Zendesk"]
    )
    assert [e.name for e in entities] == ["Jake", "Zendesk"]


def test_known_mapping_supplies_labels(extractor: EntityExtractor) -> None:
    entities = extractor.extract("talked to jake again", known={"Jake": "PERSON"})
    assert entities == [Entity("Jake", "PERSON")]


def test_a_known_name_keeps_its_spelling_and_the_label_spacy_reads(
    extractor: EntityExtractor,
) -> None:
    # Known the second time, "Fraser" is still a person (who a turn is about reads PERSON).
    entities = extractor.extract("Fraser's started a group chat with me.", known=["Fraser"])
    assert entities == [Entity("Fraser", "PERSON")]
    assert extractor.extract("fraser rang", known=["Fraser"]) == [Entity("Fraser", "KNOWN")]


def test_known_names_need_word_boundaries(extractor: EntityExtractor) -> None:
    assert extractor.extract("the jacket is blue", known=["Jack"]) == []


def test_entities_are_distinct_case_insensitively(extractor: EntityExtractor) -> None:
    entities = extractor.extract("Melanie called. melanie is great.", known=["Melanie"])
    assert [e.name for e in entities] == ["Melanie"]


def test_extract_many_matches_extract(extractor: EntityExtractor) -> None:
    texts = ["Caroline went to Boston with Melanie.", "hi there", "my boss at acme"]
    known = ["Acme"]
    assert extractor.extract_many(texts, known=known) == [
        extractor.extract(t, known=known) for t in texts
    ]
