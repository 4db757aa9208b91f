"""Every stage the ablation switches off is a valid profile and search change."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kapex.bench.ablation import VARIANTS, Variant
from kapex.engine.retrieval import SearchWeights
from kapex.schemas.profile import Profile, deep_merge


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.name)
def test_each_ablation_variant_is_a_valid_change_of_the_default(variant: Variant) -> None:
    if variant.profile:
        changed = deep_merge(Profile(), variant.profile)
        assert changed != Profile()
    if variant.search:
        assert replace(SearchWeights(), **variant.search) != SearchWeights()
