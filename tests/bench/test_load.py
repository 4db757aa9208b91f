"""``kapex bench load`` spreads requests over its servers the way the deployed proxy does."""

from __future__ import annotations

import pytest
from tests.processes import free_port

from kapex.bench import load


@pytest.mark.slow
def test_the_proxy_topology_gives_both_single_worker_servers_a_share(
    postgres_url: str, redis_url: str
) -> None:
    first = free_port()
    second = free_port()
    if second != first + 1:
        pytest.skip("two consecutive free ports are needed")
    config = load.LoadConfig(
        database_url=postgres_url,
        redis_url=redis_url,
        workers=2,
        levels=(2,),
        seconds=3,
        tenants=1,
        users=2,
        seed_turns=1,
        port=first,
    )
    results = load.run_load(config, progress=False)
    [level] = results["levels"]
    assert level["errors"] == 0 and level["requests"] > 0
    assert len(level["server_shares"]) == 2
    assert all(share > 0.2 for share in level["server_shares"])
    assert results["config"]["balance"] == "proxy"
