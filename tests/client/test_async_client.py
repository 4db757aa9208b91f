"""``AsyncKapex`` against the real app on a real socket."""

from __future__ import annotations

import asyncio

import httpx

from kapex.client import AsyncKapex, NotFound
from kapex.schemas import memory as wire
from tests.live import LiveServer


def test_the_async_client_covers_the_memory_endpoints(live: LiveServer) -> None:
    key = live.key()

    async def scenario() -> None:
        async with AsyncKapex(key, base_url=live.url) as kapex:
            stored, other = await asyncio.gather(
                kapex.ingest("u1", "I sing tenor in the city choir."),
                kapex.ingest("u1", "Rehearsals are on Wednesday evenings."),
            )
            assert isinstance(stored, wire.IngestResponse) and stored.request_id
            await kapex.ingest_batch(
                "u1", [{"content": f"Concert {i} went well."} for i in range(4)]
            )
            block = await kapex.query("u1", "When do I rehearse?")
            assert "Wednesday" in block.context and block.trial_days_remaining == 30
            turn = await kapex.process("u1", "The spring concert is sold out!")
            assert turn.ingested_node_ids

            listing = kapex.nodes("u1", order="recent", page_size=2)
            nodes = [node async for node in listing]
            assert len(nodes) == 7
            pages = [page async for page in listing.pages()]
            assert [len(p.nodes) for p in pages] == [2, 2, 2, 1]  # type: ignore[attr-defined]
            assert [u.user_id for u in await kapex.users().to_list()] == ["u1"]

            pin = await kapex.pin("u1", "stage fright", kind="suppress")
            assert (await kapex.pins("u1")).pins[0].pin_id == pin.pin_id
            await kapex.unpin("u1", pin.pin_id)
            assert (await kapex.entities("u1")).user_id == "u1"
            assert len((await kapex.export("u1")).nodes) == 7
            await kapex.delete_node("u1", other.node_id or "")
            try:
                await kapex.node("u1", other.node_id or "")
            except NotFound as gone:
                assert gone.status_code == 404
            else:
                raise AssertionError("the deleted node is still there")
            assert (await kapex.delete_user("u1")).nodes_deleted == 6
            assert (await kapex.account()).usage.users == 0
            assert len((await kapex.presets()).presets) == 16
            assert (await kapex.profile()).preset == "default"

    asyncio.run(scenario())


def test_an_injected_async_client_is_left_open(live: LiveServer) -> None:
    async def scenario() -> bool:
        http = httpx.AsyncClient(timeout=10)
        async with AsyncKapex(live.key(), base_url=live.url, http_client=http) as kapex:
            await kapex.account()
        still_open = not http.is_closed
        await http.aclose()
        return still_open

    assert asyncio.run(scenario())
