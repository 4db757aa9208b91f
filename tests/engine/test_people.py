from kapex.engine.people import others, people


def test_kinship_words_in_any_register_name_one_person() -> None:
    assert people("Dad rang last night") == people("my father called") == {"father"}
    assert people("Mum and my gran came over") == {"mother", "grandmother"}


def test_roles_and_given_person_names_are_people() -> None:
    assert people("our son Callum was arrested", ["Callum"]) == {"son", "callum"}


def test_a_turn_naming_nobody_names_no_people() -> None:
    assert people("The biopsy came back and the surgery is in three weeks.") == frozenset()


def test_someone_named_only_as_the_writers_co_agent_is_not_who_the_turn_is_about() -> None:
    assert others("Daniel and I went to the support evening", ["Daniel"]) == frozenset()
    assert others("me and my sister cleared out the flat") == frozenset()
    assert people("me and my sister cleared out the flat") == {"sister"}


def test_a_co_agent_also_named_as_the_subject_of_news_stays() -> None:
    text = "Daniel and I saw the consultant about Daniel's scan results"
    assert others(text, ["Daniel"]) == {"daniel"}
    assert others("Dad rang, it's bowel cancer") == {"father"}


def test_a_pair_acting_on_each_other_is_about_the_other_person() -> None:
    # "X and I fell out" is about the two of them: X is who the turn is about.
    assert others("My dad and I haven’t spoken in years") == {"father"}
    assert others("me and my sister fell out over the will") == {"sister"}
    assert others("Tom and I broke up last night", ["Tom"]) == {"tom"}
