"""``kapex bench scenarios`` against the real app on a real socket (SQLite)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kapex.cli.main import main

TURN = {"role": "user", "session_id": "s1"}
SCENARIOS = [
    {
        "name": "knowledge_update_bike",
        "tests": "The newer bike ranks above the older one.",
        "steps": [
            {"ingest": {"content": "I ride a red Peugeot road bike to work.", **TURN,
                        "timestamp": "2024-01-05T08:00:00Z"}},
            {"ingest": {"content": "Sold the Peugeot; I ride a blue Brompton to work now.", **TURN,
                        "timestamp": "2024-03-05T08:00:00Z"}},
            {"query": {"current_input": "What bike do I ride?", "max_tokens": 200,
                       "timestamp": "2024-03-06T08:00:00Z"},
             "expect": {"present": ["Brompton"]}},
        ],
    },
    {
        "name": "empty_user_wrongly_expected_to_hold_a_memory",
        "tests": "A deliberately wrong expectation, so the run has a failure to report.",
        "steps": [
            {"query": {"current_input": "hello", "max_tokens": 100,
                       "timestamp": "2024-03-06T08:00:00Z"},
             "expect": {"present": ["kayak"]}},
        ],
    },
]  # fmt: skip


@pytest.fixture
def scenario_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # bench-results/ is written in the working directory
    path = tmp_path / "My Checks.json"
    path.write_text(json.dumps(SCENARIOS))
    return path


def test_prints_pass_and_fail_and_records_a_family_table_in_its_own_section(
    live: Any, scenario_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = scenario_file.parent / "benchmarks.md"
    doc.write_text("# Benchmarks\n\n<!-- bench:scenarios-dev:start -->\nkept\n"
                   "<!-- bench:scenarios-dev:end -->\n")  # fmt: skip
    argv = ["bench", "scenarios", "--file", str(scenario_file), "--base-url", live.origin]
    assert main([*argv, "--family-table", "--doc", str(doc)]) == 1
    out = capsys.readouterr().out
    assert "PASS knowledge_update_bike" in out
    assert "FAIL empty_user_wrongly_expected_to_hold_a_memory - step 1: 'hello': present: " in out
    assert "1 passed, 1 failed" in out
    text = doc.read_text()
    assert "kept" in text  # another file's section is left alone
    section = text.split("<!-- bench:scenarios-my-checks:start -->")[1].split("<!-- bench:")[0]
    assert "| knowledge_update | 1 | 1 |" in section
    assert "| empty_user + isolation | 0 | 1 |" in section
    assert "Failing: `empty_user_wrongly_expected_to_hold_a_memory`." in section
    saved = json.loads(Path("bench-results/scenarios-my-checks.json").read_text())
    assert (saved["passed"], saved["total"]) == (1, 2)


def test_data_dir_lifts_the_runs_trial_tenant_to_enterprise_limits(
    live: Any, scenario_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = str(live.services.settings.data_dir)
    argv = ["bench", "scenarios", "--file", str(scenario_file), "--base-url", live.url]
    assert main([*argv, "--only", "bike", "--data-dir", data_dir]) == 0
    assert "1 passed, 0 failed" in capsys.readouterr().out
    tiers = [t.tier for t in live.services.account_store.list_tenants()]
    assert tiers == ["enterprise"]


def test_a_family_table_of_a_partial_run_is_refused(
    scenario_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["bench", "scenarios", "--file", str(scenario_file), "--base-url", "http://x"]
    assert main([*argv, "--only", "bike", "--family-table"]) == 2
    assert "drop --only" in capsys.readouterr().err
