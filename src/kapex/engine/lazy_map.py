"""A dict whose values restored from columns are made only when first read.

A view restored from a snapshot holds thousands of records (a memory's facts, its topic
membership) of which a request reads a few. Creating every object on load was most of a cold
load's time; ``LazyMap`` keeps the restored records as their row numbers in the snapshot's
columns and has ``make(row)`` build one on first access. The columns are never written: a
record that changes is made first, and from then on the made object is the truth.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, MutableMapping
from typing import TypeVar

V = TypeVar("V")


def _unmakeable(row: int) -> object:
    raise KeyError(row)


class LazyMap(MutableMapping[str, V]):
    """``key -> value`` where values of ``rows`` (key -> column row) are made on first read.

    Iteration yields the keys still held as rows, then the made ones (in the order they were
    made or set); nothing reads the order of a view's records.
    """

    def __init__(
        self,
        made: dict[str, V] | None = None,
        *,
        rows: dict[str, int] | None = None,
        make: Callable[[int], V] = _unmakeable,  # type: ignore[assignment]
    ) -> None:
        self.made: dict[str, V] = {} if made is None else made
        self.rows: dict[str, int] = {} if rows is None else rows
        self._make = make

    @property
    def rows_bytes(self) -> int:
        """What the map of unmade rows takes: as much as when restored, since a dict keeps
        its table as entries are removed."""
        return sys.getsizeof(self.rows)

    def __getitem__(self, key: str) -> V:
        value = self.made.get(key)
        if value is None:
            row = self.rows.get(key)
            if row is None:
                raise KeyError(key)
            # Two readers making the same value at once keep the first one stored.
            value = self.made.setdefault(key, self._make(row))
            self.rows.pop(key, None)
        return value

    def __contains__(self, key: object) -> bool:
        return key in self.made or key in self.rows

    def __setitem__(self, key: str, value: V) -> None:
        self.rows.pop(key, None)
        self.made[key] = value

    def __delitem__(self, key: str) -> None:
        if self.made.pop(key, None) is None:
            del self.rows[key]

    def __iter__(self) -> Iterator[str]:
        # Fixed first: reading values makes them, which moves keys from ``rows`` to ``made``.
        return iter([*self.rows, *self.made])

    def __len__(self) -> int:
        return len(self.made) + len(self.rows)

    def detached(self) -> LazyMap[V]:
        """A map that later changes to this one do not reach, for values that are replaced,
        never changed in place: both dicts are copied shallowly (the columns behind
        ``rows`` are never written)."""
        return LazyMap(dict(self.made), rows=dict(self.rows), make=self._make)
