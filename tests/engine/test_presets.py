from __future__ import annotations

from typing import Any

from kapex.engine.presets import DEFAULT_PRESET, PRESETS, profile_for
from kapex.schemas.profile import Profile


def flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            flat.update(flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def test_there_are_sixteen_presets_including_the_named_ones() -> None:
    assert len(PRESETS) == 16
    assert {"default", "reflective", "customer_service", "education", "healthcare"} <= set(PRESETS)
    assert DEFAULT_PRESET in PRESETS
    assert profile_for(DEFAULT_PRESET) == Profile()


def test_every_non_default_value_has_a_reason_and_only_those() -> None:
    default = flatten(Profile().model_dump())
    for name, preset in PRESETS.items():
        values = flatten(preset.profile.model_dump())
        changed = {path for path, value in values.items() if value != default[path]} - {"preset"}
        assert changed == set(preset.reasons), name
        assert all(len(reason) > 10 for reason in preset.reasons.values()), name
        assert preset.profile.preset == name
        assert preset.description


def test_named_presets_have_their_documented_character() -> None:
    default, reflective = Profile(), profile_for("reflective")
    service, education, health = (
        profile_for("customer_service"),
        profile_for("education"),
        profile_for("healthcare"),
    )
    assert reflective.decay_profile.base_rate < default.decay_profile.base_rate
    assert reflective.injection_template.max_tokens > default.injection_template.max_tokens
    assert service.decay_profile.base_rate > default.decay_profile.base_rate
    assert service.injection_template.max_tokens < default.injection_template.max_tokens
    assert education.decay_profile.processing_boost > default.decay_profile.processing_boost
    assert health.decay_profile.residual_floor > default.decay_profile.residual_floor
    assert health.decay_profile.base_rate < default.decay_profile.base_rate


def test_presets_have_distinct_values() -> None:
    dumps = [p.profile.model_dump(exclude={"preset"}) for p in PRESETS.values()]
    assert all(dumps.count(d) == 1 for d in dumps)
