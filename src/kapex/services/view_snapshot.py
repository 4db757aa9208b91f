"""A user's view packed into one blob, so that a worker loads it in one read.

Loading a user row by row costs per-memory Python work: decoding each row's JSON columns,
splitting and stemming its words, finding its topic words, adding it to the index. A
snapshot stores the result of that work instead — the state of a built ``UserView``
(``UserView.state``): the index's arrays (the vector matrix as one contiguous block), its
BM25 term counts as one vocabulary-indexed array, the topics, the salience columns and the
node facts (``services/view_nodes.py``: ids and times as columns, the rest as one JSON record
per memory, decoded when the memory is first read). Restoring it (``UserView.from_state``)
builds the same view without re-deriving anything.

The format: ``MAGIC``, the length of a JSON header, the header, then the raw bytes of every
array. The header holds the state with its arrays taken out, and for each array its place
in the state (a path of keys), dtype, shape and offset. Nothing in a blob is executed or
used to choose a type: JSON values and numpy arrays of the dtypes listed in ``DTYPES`` only.

Which snapshot may be used, and how it is kept near the user's revision, is
``services/user_views.py``'s business; storage is ``store/snapshots.py``.
"""

from __future__ import annotations

import json
import struct
from typing import Any

import numpy as np

MAGIC = b"KXV1"
#: Stored with each snapshot (``user_snapshots.format``): a worker uses only its own format,
#: so a release that changes what a view holds ignores older snapshots and rewrites them.
#: kxv4: with a float16 matrix, each memory's vector is the matrix's value (and the topics
#: are summed from it), as a restored view reads it back.
#: kxv5: each memory records the thread (the matter) it continues.
#: kxv6: the index holds each memory's voice (its speaker, else its role).
FORMAT = "kxv6"
#: The dtypes a snapshot's arrays may have (anything else is refused when unpacking).
DTYPES = frozenset({"<f2", "<f4", "<f8", "<i4", "<i8", "|b1", "|u1"})
_LENGTH = struct.Struct("<Q")

Path = tuple[str, ...]


def pack(state: dict[str, Any]) -> bytes:
    """``state`` (nested dicts of JSON values and numpy arrays) as one blob."""
    return b"".join(parts(state))


def parts(state: dict[str, Any]) -> list[bytes | memoryview]:
    """The blob ``pack`` makes, as its parts in order: the header, then each array's own
    bytes (views, not copies). Storage writes them one after the other, so no whole blob is
    built (at 50,000 memories a 103 MB copy beside the view, and as much again in the
    database driver's buffer)."""
    arrays: list[tuple[Path, np.ndarray]] = []
    doc = _without_arrays(state, (), arrays)
    table = []
    chunks: list[memoryview] = []
    offset = 0
    for path, array in arrays:
        data = np.ascontiguousarray(array)
        dtype = data.dtype.newbyteorder("<") if data.dtype.byteorder == ">" else data.dtype
        data = data.astype(dtype, copy=False)
        table.append([list(path), dtype.str, list(data.shape), offset])
        # The array's own bytes, not a copy.
        chunks.append(data.reshape(-1).data.cast("B"))
        offset += data.nbytes
    header = json.dumps({"state": doc, "arrays": table}, separators=(",", ":")).encode()
    return [MAGIC + _LENGTH.pack(len(header)), header, *chunks]


def unpack(blob: bytes | bytearray | memoryview) -> dict[str, Any]:
    """The state ``pack`` was given. Arrays are read-only views into ``blob`` (which may be
    a view of the database driver's buffer: nothing of it is copied but the header)."""
    data = memoryview(blob).cast("B")
    if bytes(data[: len(MAGIC)]) != MAGIC:
        raise ValueError("not a KAPEX view snapshot")
    start = len(MAGIC) + _LENGTH.size
    if len(data) < start:
        raise ValueError("not a KAPEX view snapshot")
    (length,) = _LENGTH.unpack_from(data, len(MAGIC))
    header = json.loads(bytes(data[start : start + length]))
    body = data[start + length :]
    state: dict[str, Any] = header["state"]
    for path, dtype, shape, offset in header["arrays"]:
        if dtype not in DTYPES:
            raise ValueError(f"unexpected array dtype {dtype!r} in a view snapshot")
        count = int(np.prod(shape)) if shape else 1
        array = np.frombuffer(body, dtype=np.dtype(dtype), count=count, offset=offset)
        parent = state
        for key in path[:-1]:
            parent = parent[key]
        parent[path[-1]] = array.reshape(shape)
    return state


def _without_arrays(
    value: dict[str, Any], path: Path, arrays: list[tuple[Path, np.ndarray]]
) -> dict[str, Any]:
    """A copy of the dict tree ``value`` with its arrays moved to ``arrays``. Only dicts are
    walked: arrays sit at fixed keys of the state, never inside lists or user data."""
    doc: dict[str, Any] = {}
    for key, item in value.items():
        if isinstance(item, np.ndarray):
            arrays.append(((*path, key), item))
        elif isinstance(item, dict) and key in _NESTED:
            doc[key] = _without_arrays(item, (*path, key), arrays)
        else:
            doc[key] = item
    return doc


#: The keys of the state whose dict values hold arrays (the state's structure; a user's
#: ``metadata`` or ``known`` names are data and are never walked).
_NESTED = frozenset({"node", "topics", "columns", "index", "lexical", "passages"})
