from __future__ import annotations

import pytest

from kapex.engine.processing import KINDS, processing_markers


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("I think it happened because I was exhausted", "causal_attribution"),
        ("That's why I kept pushing people away", "causal_attribution"),
        ("I realise now that she was just scared", "insight"),
        ("Looking back, the job was never right for me", "insight"),
        ("I used to panic every morning, now I just breathe", "temporal_contrast"),
        ("I no longer check his profile", "temporal_contrast"),
        ("I tend to shut down when I'm criticised", "self_analysis"),
        ("Part of me still wants to call her", "self_analysis"),
        ("We talked it through last night", "resolution"),
        ("I've made peace with it", "resolution"),
        ("Honestly I've moved on", "resolution"),
    ],
)
def test_processing_kinds_are_detected(text: str, kind: str) -> None:
    assert kind in processing_markers(text)


@pytest.mark.parametrize(
    "text",
    [
        "My father passed away last week",
        "I had Thai food for lunch",
        "I used to live in Boston",
        "Can we talk about my exam?",
        "I think so",
    ],
)
def test_plain_mentions_are_not_processing(text: str) -> None:
    assert processing_markers(text) == []


def test_markers_come_in_fixed_order_without_repeats() -> None:
    text = "We talked it through. I realise now it happened because I was tired. I realise now."
    markers = processing_markers(text)
    assert markers == [k for k in KINDS if k in markers]
    assert len(markers) == len(set(markers)) == 3
