"""``LazyMap`` makes a restored value once, on first read, and behaves as a dict otherwise."""

from __future__ import annotations

from kapex.engine.lazy_map import LazyMap


def _restored(made: list[int]) -> LazyMap[list[str]]:
    columns = ["a0", "b1", "c2"]

    def make(row: int) -> list[str]:
        made.append(row)
        return [columns[row]]

    return LazyMap(rows={"a": 0, "b": 1, "c": 2}, make=make)


def test_a_restored_value_is_made_once_when_first_read() -> None:
    made: list[int] = []
    values = _restored(made)
    assert len(values) == 3 and "b" in values and made == []
    assert values["b"] == ["b1"]
    assert values["b"] is values["b"]  # made once: from then on the made object is the truth
    assert made == [1]


def test_it_reads_sets_and_deletes_as_a_dict_does() -> None:
    made: list[int] = []
    values = _restored(made)
    values["d"] = ["new"]
    del values["a"]
    assert values.pop("c") == ["c2"]
    assert values.get("zz") is None and "a" not in values
    assert dict(values) == {"b": ["b1"], "d": ["new"]}
    assert sorted(made) == [1, 2]


def test_a_detached_copy_keeps_what_the_map_held_when_copied() -> None:
    values = _restored([])
    values["b"] = [*values["b"], "seen"]  # values are replaced, never changed in place
    copy = values.detached()
    values["b"] = ["later"]
    values["a"] = ["replaced"]
    del values["c"]
    assert dict(copy) == {"a": ["a0"], "b": ["b1", "seen"], "c": ["c2"]}
