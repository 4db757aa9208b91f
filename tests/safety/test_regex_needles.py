"""The cue prefilter (``regex_needles``) can never change which cues match, nor where."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kapex.safety.crisis_clauses import ClauseReader
from kapex.safety.crisis_cues import CUES
from kapex.safety.regex_needles import keys, needles

DATA = Path(__file__).parents[1] / "data"


@pytest.mark.parametrize(
    ("regex", "expected"),
    [
        (r"\bkill (?:him|her)\b", {"kill him", "kill her"}),
        (r"(?<!so )\btouched me\b(?! deeply)", {"touched me"}),
        (r"\bpills?\b", {"pill", "pills"}),
        (r"\bend(?:ing)? it\b|\bour secret\b", {"end it", "ending it", "our secret"}),
        (r"\bfoo\w+ bar\b", {" bar"}),  # the longest requirement; "foo" is another
        (r"\b(?:a|b)c+dee\b", {"dee"}),  # a repeat ends the run of exact parts
    ],
)
def test_needles_are_what_every_match_must_contain(regex: str, expected: set[str]) -> None:
    assert needles(re.compile(regex)) == expected


@pytest.mark.parametrize(
    "regex",
    [
        r"\w+in",  # no literal of three characters
        r"(?i)kill him",  # case-insensitive: its letters are not literal
        r"kill|.{3}",  # one branch requires nothing, so the alternation requires nothing
        r"(?:kill )?it",  # the optional part is not required; "it" is too short
        r"[a-z]+ [0-9]+",
    ],
)
def test_no_needles_when_a_match_may_avoid_every_literal(regex: str) -> None:
    assert needles(re.compile(regex)) is None


_CUE_STRATEGIES = [
    (cue.name, cue.pattern, keys(cue.pattern)) for cue in CUES if keys(cue.pattern) is not None
]


@pytest.mark.parametrize(
    ("name", "pattern", "cue_keys"), _CUE_STRATEGIES, ids=lambda v: str(v)[:30]
)
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)
@given(data=st.data())
def test_every_generated_match_of_a_cue_holds_one_of_its_keys(
    name: str, pattern: re.Pattern[str], cue_keys: tuple[str, ...], data: st.DataObject
) -> None:
    text = data.draw(st.from_regex(pattern, fullmatch=False))
    for match in pattern.finditer(text):
        assert any(key in match.group(0) for key in cue_keys), (name, match.group(0))


def _texts() -> list[str]:
    texts = []
    for path in (DATA / "crisis_positives.jsonl", DATA / "crisis_negatives.jsonl"):
        for line in path.read_text().splitlines():
            item = json.loads(line) if line.strip() else {}
            if item.get("split") == "dev":  # the held-out half stays unread
                texts.append(item["text"])
    return texts


def test_the_prefiltered_cue_scan_finds_exactly_what_the_full_scan_finds() -> None:
    reader = ClauseReader()
    texts = _texts()
    assert len(texts) > 100
    keyed = [(cue, keys(cue.pattern)) for cue in CUES]
    matched = 0
    for text in texts:
        reading = reader.read(text)
        full = [(c.name, m.span()) for c in CUES for m in c.pattern.finditer(reading)]
        filtered = [
            (c.name, m.span())
            for c, cue_keys in keyed
            if cue_keys is None or any(k in reading for k in cue_keys)
            for m in c.pattern.finditer(reading)
        ]
        assert filtered == full, text
        matched += bool(full)
    assert matched > 50  # the comparison covered texts where cues fire
