"""The held-out behaviour scenarios against the real app in-process, on SQLite.

Each scenario of ``tests/scenarios/holdout.json`` is one test, run by the same runner as
``kapex bench scenarios`` over ASGI: one trial tenant signed up over HTTP and lifted by the
operator (as ``kapex admin upgrade`` does) so the run is not paced, fresh end users per
scenario. A scenario that fails is a test failure unless it is in ``KNOWN_FAILURES`` with the
reason it fails today; those are strict expected failures, so a scenario that starts to pass
fails the run until it is taken off the list. The list is the honest record of the gap.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kapex.api.app import create_app
from kapex.bench.paced import Paced
from kapex.bench.scenarios import RUN_LIMITS, ScenarioRunner, signup
from kapex.clock import ManualClock
from kapex.services.container import Services
from kapex.services.models import LocalModels
from tests.conftest import START, make_settings

pytestmark = pytest.mark.slow

HOLDOUT = Path(__file__).resolve().parents[1] / "scenarios" / "holdout.json"
SCENARIOS: list[dict[str, Any]] = json.loads(HOLDOUT.read_text())

#: Scenarios that fail today, each with why (from the query's ``explain`` output).
KNOWN_FAILURES: dict[str, str] = {}


@pytest.fixture(scope="module")
def runner(tmp_path_factory: pytest.TempPathFactory, models: LocalModels) -> Iterator[Any]:
    where = {
        "data_dir": tmp_path_factory.mktemp("scenarios") / "var",
        "database_url": None,
        "redis_url": None,
    }
    services = Services.build(make_settings(where), models=models)
    with TestClient(create_app(services, clock=ManualClock(START))) as client:
        http = Paced(client)
        tenant_id, key = signup(http, label="holdout")
        services.accounts.set_tier(tenant_id, "enterprise", custom_limits=dict(RUN_LIMITS))
        http.use_key(key)
        yield ScenarioRunner(http)
    services.close()


def _params() -> list[Any]:
    return [
        pytest.param(
            scenario,
            id=scenario["name"],
            marks=[pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[scenario["name"]])]
            if scenario["name"] in KNOWN_FAILURES
            else [],
        )
        for scenario in SCENARIOS
    ]


def test_every_known_failure_names_a_holdout_scenario() -> None:
    assert set(KNOWN_FAILURES) <= {s["name"] for s in SCENARIOS}


@pytest.mark.parametrize("scenario", _params())
def test_holdout_scenario_behaves_as_promised(runner: Any, scenario: dict[str, Any]) -> None:
    result = runner.run(scenario)
    assert result.passed, "\n".join(result.reasons)
