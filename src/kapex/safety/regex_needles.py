r"""Necessary substrings of a regular expression: every match contains one of them.

A cheap prefilter for a family of patterns run over the same text: when none of a pattern's
needles occurs in the text (plain substring tests), the pattern cannot match there, so it is
not run — which patterns match, and where, cannot change.

Derived from the pattern's own parse tree (``re._parser``), once. For each part of the
pattern we know either its *exact* language (a small finite set of strings: literals,
literal classes such as ``[sz]``, alternations and bounded repeats of those, zero-width
assertions as the empty string) or a *required* set (every string it matches contains one
of them). In a sequence, consecutive exact parts are contiguous in every match (a zero-width
assertion consumes nothing), so the product of their languages is a required set; so is any
part's own required set, and the sequence keeps the most selective. An alternation requires
the union of its branches' sets (none when a branch has none); a repeat with a minimum of
one requires what its body requires. Anything else (``\w``, ``.``, negated or ranged classes,
backreferences, case-insensitive parts) is unknown text and requires nothing. Weakening a
needle to one of its substrings keeps the guarantee, which ``keys`` uses to keep the tests few.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from re import _constants as _c  # type: ignore[attr-defined]
from re import _parser as _p  # type: ignore[attr-defined]
from typing import Any

_CAP = 256
_ZERO_WIDTH = {_c.AT, _c.ASSERT, _c.ASSERT_NOT}


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    if a is None:
        return b
    if b is None:
        return a
    ka = (min(map(len, a)), -len(a))
    kb = (min(map(len, b)), -len(b))
    return a if ka >= kb else b


def _product(a: frozenset[str], b: frozenset[str]) -> frozenset[str] | None:
    if len(a) * len(b) > _CAP:
        return None
    return frozenset(x + y for x in a for y in b)


def _node(
    op: Any, av: Any, ignorecase: bool
) -> tuple[frozenset[str] | None, frozenset[str] | None]:
    """(exact, required) for one parsed item (see the module docstring)."""
    if op is _c.LITERAL:
        return frozenset({chr(av)}), None
    if op in _ZERO_WIDTH:
        return frozenset({""}), None
    if op is _c.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        if add_flags & re.IGNORECASE or ignorecase:
            return None, None
        return _sequence(sub, ignorecase)
    if op is _c.BRANCH:
        _, branches = av
        results = [_sequence(b, ignorecase) for b in branches]
        exacts = [e for e, _ in results if e is not None]
        exact = None
        if len(exacts) == len(results):
            union = frozenset[str]().union(*exacts)
            exact = union if len(union) <= _CAP else None
        reqs = [
            r if r is not None else (e if e is not None and "" not in e else None)
            for e, r in results
        ]
        found = [r for r in reqs if r is not None]
        required = None
        if len(found) == len(reqs):
            union = frozenset[str]().union(*found)
            required = union if len(union) <= _CAP else None
        return exact, required
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        low, high, sub = av
        exact, required = _sequence(sub, ignorecase)
        if exact is not None and high <= 3:
            total: set[str] = set()
            part: frozenset[str] | None = frozenset({""})
            for count in range(high + 1):
                if count >= low and part is not None:
                    total |= part
                if count < high:
                    part = _product(part, exact) if part is not None else None
                    if part is None:
                        break
            if part is not None and len(total) <= _CAP:
                return frozenset(total), None
        if low >= 1:
            if required is None and exact is not None and "" not in exact:
                required = exact
            return None, required
        return None, None
    if op is _c.IN and not ignorecase:
        chars: list[str] = []
        for kind, value in av:
            if kind is not _c.LITERAL:
                return None, None
            chars.append(chr(value))
        return frozenset(chars), None
    return None, None  # any other item: unknown text, no requirement


def _sequence(
    items: Iterable[Any], ignorecase: bool
) -> tuple[frozenset[str] | None, frozenset[str] | None]:
    """(exact, required) of a sequence: exact when every item is; required is the best of
    the runs of exact items and the items' own requirements."""
    best: frozenset[str] | None = None
    run: frozenset[str] | None = frozenset({""})
    whole: frozenset[str] | None = frozenset({""})
    for op, av in items:
        exact, required = _node(op, av, ignorecase)
        best = _better(best, required)
        if exact is not None and run is not None:
            grown = _product(run, exact)
            if grown is not None:
                run = grown
                whole = _product(whole, exact) if whole is not None else None
                continue
        if run is not None and "" not in run:
            best = _better(best, run)
        whole = None
        run = exact if exact is not None else frozenset({""})
    if run is not None and "" not in run:
        best = _better(best, run)
    return whole, best


def needles(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Strings one of which every match of ``pattern`` contains; None when none are known."""
    if pattern.flags & (re.IGNORECASE | re.VERBOSE) or not isinstance(pattern.pattern, str):
        return None
    parsed = _p.parse(pattern.pattern, pattern.flags)
    exact, required = _sequence(parsed, False)
    if exact is not None and "" not in exact:
        required = _better(required, exact)
    if required is None or min(map(len, required)) < 3:
        return None
    return required


def keys(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """A short list of substrings one of which every match contains (see ``needles``):
    each needle stands for its longest space-free part, and a part containing another
    is dropped (the shorter is found wherever the longer is)."""
    found = needles(pattern)
    if found is None:
        return None
    parts = set()
    for needle in found:
        part = max(needle.split(" "), key=len)
        parts.add(part if len(part) >= 3 else needle)
    kept = sorted(p for p in parts if not any(q != p and q in p for q in parts))
    if min(map(len, kept)) < 3:
        return None
    return tuple(kept)
