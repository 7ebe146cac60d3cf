"""The async pager (the source of the derived sync ``_sync_pager``)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, Generic, TypeVar

from cloudflarefs.core.envelope import Envelope
from cloudflarefs.core.pagination import (
    Page,
    PageWalk,
    PaginationStyle,
    Params,
    lazy_converter,
    page_converter,
)

# unasync: sync-only from collections.abc import Iterator
# unasync: sync-only from itertools import chain

__all__ = ["AsyncPager"]

T = TypeVar("T")

# unasync: async-only
_Fetch = Callable[[Params], Awaitable[Envelope[Any]]]
# unasync: end
# unasync: sync-only _Fetch = Callable[[Params], Envelope[Any]]


class AsyncPager(Generic[T]):
    """Iterate every item across pages, fetching lazily (``async for item in pager``).

    :meth:`pages` yields whole pages; the walk itself (next parameters, repeated pages and
    cursors, ``max_pages``) is :class:`~cloudflarefs.core.pagination.PageWalk`'s, shared by the
    sync and async pagers.

    Args:
        fetch: sends the request for one page given its pagination parameters.
        style: the pagination style of the endpoint.
        convert: turns one raw item into its model.
        max_pages: stop after this many pages.
    """

    def __init__(
        self,
        fetch: _Fetch,
        style: PaginationStyle,
        convert: Callable[[Any], T],
        *,
        max_pages: int | None = None,
    ) -> None:
        self._fetch = fetch
        self._style = style
        self._convert_page = page_converter(convert)
        self._convert_lazily = lazy_converter(convert)
        self._max_pages = max_pages

    async def _raw_pages(self) -> AsyncIterator[tuple[list[Any], Envelope[Any], Params]]:
        walk = PageWalk(self._style, self._max_pages)
        while (params := walk.take()) is not None:
            envelope = await self._fetch(params)
            raw = walk.advance(params, envelope)
            if raw is None:
                return
            yield raw, envelope, params

    async def pages(self) -> AsyncIterator[Page[T]]:
        """Yield page by page."""
        async for raw, envelope, params in self._raw_pages():
            yield Page(self._convert_page(raw), envelope, params)

    # Items are structured as they are handed out: a model the caller drops dies young
    # instead of being kept by its page until the page ends (which, for a million models,
    # made the garbage collector's full passes most of the cost).
    # unasync: async-only
    async def __aiter__(self) -> AsyncIterator[T]:
        async for raw, _, _ in self._raw_pages():
            for item in self._convert_lazily(raw):
                yield item

    # unasync: end
    # unasync: sync-only def __iter__(self) -> Iterator[T]:
    # unasync: sync-only     # Chained in C: no frame of ours between the caller and each item's structuring.
    # unasync: sync-only     pages = (raw for raw, _, _ in self._raw_pages())
    # unasync: sync-only     return chain.from_iterable(map(self._convert_lazily, pages))

    async def first_page(self) -> Page[T]:
        """Only the first page (possibly empty)."""
        return await anext(self.pages())

    async def to_list(self) -> list[T]:
        """Every item, across all pages."""
        return [item async for item in self]
