"""Auto-pagination: iterate every item of a cursor-paginated listing, a page at a time.

Pages are fetched lazily, one request per page, only as the loop reaches them; breaking out
of the loop fetches nothing more. ``pages()`` yields the page objects themselves (each with
its own ``request_id`` and rate-limit figures).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Generic, Protocol, TypeVar

Item = TypeVar("Item")
Item_co = TypeVar("Item_co", covariant=True)


class Page(Protocol[Item_co]):
    @property
    def next_cursor(self) -> str | None: ...


Fetch = Callable[[str | None], Page[Item]]
AsyncFetch = Callable[[str | None], Awaitable[Page[Item]]]
ItemsOf = Callable[[Page[Item]], list[Item]]


class Pages(Generic[Item]):
    """``for node in client.nodes(user_id): ...`` — every item, across pages."""

    def __init__(self, fetch: Fetch[Item], items_of: ItemsOf[Item]) -> None:
        self._fetch = fetch
        self._items_of = items_of

    def pages(self) -> Iterator[Page[Item]]:
        cursor: str | None = None
        while True:
            page = self._fetch(cursor)
            yield page
            cursor = page.next_cursor
            if not cursor:
                return

    def __iter__(self) -> Iterator[Item]:
        for page in self.pages():
            yield from self._items_of(page)

    def to_list(self) -> list[Item]:
        return list(self)


class AsyncPages(Generic[Item]):
    """``async for node in client.nodes(user_id): ...`` — every item, across pages."""

    def __init__(self, fetch: AsyncFetch[Item], items_of: ItemsOf[Item]) -> None:
        self._fetch = fetch
        self._items_of = items_of

    async def pages(self) -> AsyncIterator[Page[Item]]:
        cursor: str | None = None
        while True:
            page = await self._fetch(cursor)
            yield page
            cursor = page.next_cursor
            if not cursor:
                return

    async def __aiter__(self) -> AsyncIterator[Item]:
        async for page in self.pages():
            for item in self._items_of(page):
                yield item

    async def to_list(self) -> list[Item]:
        return [item async for item in self]
