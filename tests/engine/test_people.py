from kapex.engine.people import people


def test_kinship_words_in_any_register_name_one_person() -> None:
    assert people("Dad rang last night") == people("my father called") == {"father"}
    assert people("Mum and my gran came over") == {"mother", "grandmother"}


def test_roles_and_given_person_names_are_people() -> None:
    assert people("our son Callum was arrested", ["Callum"]) == {"son", "callum"}


def test_a_turn_naming_nobody_names_no_people() -> None:
    assert people("The biopsy came back and the surgery is in three weeks.") == frozenset()
