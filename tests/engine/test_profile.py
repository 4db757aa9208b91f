from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kapex.errors import ValidationFailed
from kapex.schemas.profile import Profile, deep_merge


def problems(updates: Any) -> list[dict[str, str]]:
    with pytest.raises(ValidationFailed) as caught:
        deep_merge(Profile(), updates)
    assert caught.value.body()["error"]["code"] == "VALIDATION_ERROR"
    return caught.value.details


def test_deep_merge_changes_only_the_named_values() -> None:
    merged = deep_merge(
        Profile(),
        {
            "decay_profile": {"base_rate": 0.01, "processing_boost": 0.5},
            "injection_template": {"max_tokens": 8000},
        },
    )
    assert merged.decay_profile.base_rate == 0.01
    assert merged.decay_profile.processing_boost == 0.5
    assert merged.injection_template.max_tokens == 8000
    assert merged.decay_profile.residual_floor == Profile().decay_profile.residual_floor
    assert merged.retrieval == Profile().retrieval


def test_out_of_range_value_names_its_field() -> None:
    assert problems({"decay_profile": {"base_rate": -1}})[0]["field"] == "decay_profile.base_rate"
    assert problems({"injection_template": {"max_tokens": 40}})[0]["field"] == (
        "injection_template.max_tokens"
    )


@pytest.mark.parametrize(
    ("updates", "field"),
    [
        ({"nope": 1}, "nope"),
        ({"decay_profile": {"speed": 1}}, "decay_profile.speed"),
        ({"decay_profile": 3}, "decay_profile"),
        ({"decay_profile": {"base_rate": "0.1"}}, "decay_profile.base_rate"),
        ({"injection_template": {"max_tokens": 100.5}}, "injection_template.max_tokens"),
        ({"safety": {"pii_placeholder_style": "hash"}}, "safety.pii_placeholder_style"),
        ({"safety": {"pii_types": ["EMAIL"]}}, "safety.pii_types"),
        ({"injection_template": {"salient_share": 1.5}}, "injection_template.salient_share"),
    ],
)
def test_bad_updates_are_refused_with_details(updates: dict[str, Any], field: str) -> None:
    assert field in [p["field"] for p in problems(updates)]


def test_updates_must_be_an_object() -> None:
    assert problems([1, 2])[0]["field"] == "updates"


def test_profile_round_trips_through_json() -> None:
    profile = Profile()
    assert Profile.model_validate(profile.model_dump(mode="json")) == profile


@given(rate=st.floats(allow_nan=False))
def test_every_base_rate_is_accepted_only_in_range(rate: float) -> None:
    if 0.0 <= rate <= 2.0:
        assert (
            deep_merge(Profile(), {"decay_profile": {"base_rate": rate}}).decay_profile.base_rate
            == rate
        )
    else:
        assert (
            problems({"decay_profile": {"base_rate": rate}})[0]["field"]
            == "decay_profile.base_rate"
        )
