"""Pagers: each style, the stopping rules, and termination under any server behaviour."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cloudflarefs.core import (
    AsyncPager,
    CursorPagination,
    Envelope,
    OffsetPagination,
    PagePagination,
    ResponseDecodeError,
    SinglePage,
    SyncPager,
)
from cloudflarefs.core.pagination import PaginationStyle


class Server:
    """Scripted pages; records the params of every request."""

    def __init__(self, pages: list[tuple[Any, Mapping[str, Any] | None]]) -> None:
        self.pages = pages
        self.calls: list[dict[str, Any]] = []

    def fetch(self, params: Mapping[str, Any]) -> Envelope[Any]:
        self.calls.append(dict(params))
        result, info = self.pages[min(len(self.calls) - 1, len(self.pages) - 1)]
        return Envelope(result=result, result_info=info)

    async def afetch(self, params: Mapping[str, Any]) -> Envelope[Any]:
        return self.fetch(params)


def pager(server: Server, style: PaginationStyle, **kw: Any) -> SyncPager[Any]:
    return SyncPager(server.fetch, style, lambda x: x, **kw)


def test_page_style_stops_on_total_pages() -> None:
    s = Server([([1, 2], {"page": 1, "total_pages": 2}), ([3], {"page": 2, "total_pages": 2})])
    assert pager(s, PagePagination(per_page=2)).to_list() == [1, 2, 3]
    assert s.calls == [{"page": 1, "per_page": 2}, {"page": 2, "per_page": 2}]


def test_page_style_stops_on_total_count_without_an_extra_request() -> None:
    s = Server(
        [
            ([1, 2], {"page": 1, "per_page": 2, "total_count": 4}),
            ([3, 4], {"page": 2, "per_page": 2, "total_count": 4}),
        ]
    )
    assert pager(s, PagePagination()).to_list() == [1, 2, 3, 4]
    assert len(s.calls) == 2


def test_page_style_stops_on_a_short_page() -> None:
    s = Server([([1, 2], None), ([3], None), ([4, 5], None)])
    assert pager(s, PagePagination(per_page=2)).to_list() == [1, 2, 3]


def test_server_ignoring_page_param_terminates() -> None:
    # The official SDK loops forever here: every page is the same full page.
    s = Server([([1, 2], {"per_page": 2})])
    assert pager(s, PagePagination(per_page=2)).to_list() == [1, 2]
    assert len(s.calls) == 2


def test_cursor_style_follows_result_info_cursor() -> None:
    s = Server([(["a"], {"cursor": "c1"}), (["b"], {"cursor": "c2"}), (["c"], {"cursor": ""})])
    assert pager(s, CursorPagination(limit=1)).to_list() == ["a", "b", "c"]
    assert s.calls == [{"limit": 1}, {"limit": 1, "cursor": "c1"}, {"limit": 1, "cursor": "c2"}]


def test_cursor_style_reads_cursors_after_and_stops_on_repeats() -> None:
    s = Server(
        [
            (["a"], {"cursors": {"after": "x"}}),
            (["b"], {"cursors": {"after": "y"}}),
            (["c"], {"cursors": {"after": "x"}}),
        ]
    )
    assert pager(s, CursorPagination()).to_list() == ["a", "b", "c"]
    assert len(s.calls) == 3


def test_cursor_style_can_read_the_cursor_from_the_result() -> None:
    s = Server(
        [
            ({"vectors": ["a"], "nextCursor": "n1"}, None),
            ({"vectors": ["b"], "nextCursor": "n2"}, {"cursor": "ignored"}),
            ({"vectors": ["c"], "nextCursor": None}, None),
        ]
    )
    style = CursorPagination(
        limit=1, limit_param="count", items_path=("vectors",), cursor_path=("nextCursor",)
    )
    assert pager(s, style).to_list() == ["a", "b", "c"]
    assert s.calls == [{"count": 1}, {"count": 1, "cursor": "n1"}, {"count": 1, "cursor": "n2"}]


def test_offset_style() -> None:
    s = Server([([1, 2], None), ([3, 4], None), ([5], None)])
    assert pager(s, OffsetPagination(limit=2)).to_list() == [1, 2, 3, 4, 5]
    assert [c["offset"] for c in s.calls] == [0, 2, 4]


def test_items_inside_result_items() -> None:
    s = Server(
        [
            ({"items": [1, 2], "latest": {}}, {"page": 1, "total_pages": 2}),
            ({"items": [3]}, {"page": 2, "total_pages": 2}),
        ]
    )
    assert pager(s, PagePagination(items_path=("items",))).to_list() == [1, 2, 3]
    with pytest.raises(ResponseDecodeError):
        pager(Server([({"items": "nope"}, None)]), SinglePage(items_path=("items",))).to_list()


def test_single_page_and_empty_page() -> None:
    assert pager(Server([([1, 2, 3], None)]), SinglePage()).to_list() == [1, 2, 3]
    s = Server([([], {"cursor": "more"})])
    assert pager(s, CursorPagination()).to_list() == []
    assert len(s.calls) == 1


def test_max_pages_and_page_access() -> None:
    s = Server([(list(range(i * 2, i * 2 + 2)), {"cursor": f"c{i}"}) for i in range(10)])
    pages = list(pager(s, CursorPagination(), max_pages=3).pages())
    assert [p.items for p in pages] == [[0, 1], [2, 3], [4, 5]]
    assert pages[0].result_info == {"cursor": "c0"}
    first = pager(Server([([9], None)]), SinglePage()).first_page()
    assert first.items == [9]


def test_items_are_converted_lazily() -> None:
    s = Server([([1, 2], {"cursor": "n"}), ([3], {"cursor": ""})])
    converted: list[int] = []

    def convert(x: int) -> int:
        converted.append(x)
        return x * 10

    it = iter(SyncPager(s.fetch, CursorPagination(), convert))
    assert next(it) == 10
    assert len(s.calls) == 1
    # Items are structured as handed out, not a page at a time (a dropped model dies young).
    assert converted == [1]


async def test_async_pager_matches_sync() -> None:
    s = Server([([1, 2], {"page": 1, "total_pages": 2}), ([3], {"page": 2, "total_pages": 2})])
    ap = AsyncPager(s.afetch, PagePagination(per_page=2), lambda x: x)
    assert await ap.to_list() == [1, 2, 3]
    pages = [p async for p in AsyncPager(Server([([1], None)]).afetch, SinglePage(), str).pages()]
    assert pages[0].items == ["1"]
    lazy = Server([([7, 8], {"cursor": "next"}), ([9], {"cursor": ""})])
    first = await AsyncPager(lazy.afetch, CursorPagination(), lambda x: x).first_page()
    assert first.items == [7, 8] and len(lazy.calls) == 1


result_infos = st.one_of(
    st.none(),
    st.fixed_dictionaries(
        {},
        optional={
            "page": st.integers(-2, 50) | st.floats(allow_nan=False) | st.text(max_size=3),
            "per_page": st.integers(-2, 5) | st.none(),
            "total_pages": st.integers(-2, 1000) | st.none(),
            "total_count": st.integers(-2, 10_000) | st.none(),
            "cursor": st.sampled_from(["", "a", "b", "c"]) | st.none() | st.integers(),
            "cursors": st.fixed_dictionaries({"after": st.sampled_from(["a", "b", None])}),
        },
    ),
)
page_results = st.lists(st.integers(0, 3), max_size=5)
styles = st.sampled_from(
    [
        PagePagination(),
        PagePagination(per_page=3),
        CursorPagination(),
        CursorPagination(limit=2),
        OffsetPagination(limit=3),
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    style=styles, script=st.lists(st.tuples(page_results, result_infos), min_size=1, max_size=30)
)
def test_pagers_always_terminate(style: PaginationStyle, script: list[tuple[Any, Any]]) -> None:
    # A server repeating its last page forever must still be left within a bounded number of
    # requests: the script length plus two repeats at most (identical-page and repeated-cursor rules).
    s = Server(script)
    items = pager(s, style, max_pages=500).to_list()
    assert len(s.calls) <= len(script) + 2
    assert len(items) <= 5 * len(s.calls)
