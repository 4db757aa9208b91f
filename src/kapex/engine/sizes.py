"""What Python containers a restored view keeps cost, for charging it (``UserView.size_bytes``).

A view restored from a snapshot keeps the snapshot's columns for the memories it has not
made yet (``engine/lazy_map.py``): byte strings and arrays, whose size is exact, and lists
of offsets and decoded words, whose size is estimated here. Measured with ``tracemalloc``
on conversational turns (``tests/services/test_index_cache.py`` checks the charge of a
restored view covers what it keeps).
"""

from __future__ import annotations

#: One entry of a list of offsets: the list's slot and the int object (offsets past 256
#: are not the interpreter's shared small ints).
INT_ENTRY_BYTES = 40
#: One decoded word, name or surface form of a topic member: its slot and its str object.
WORD_ENTRY_BYTES = 64


def offsets_bytes(entries: int) -> int:
    return INT_ENTRY_BYTES * entries
