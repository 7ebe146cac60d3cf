"""Lazy, always-terminating pagers for Cloudflare's list styles.

A *style* is pure: given the envelope of the page just fetched, it says which query parameters
fetch the next page, or that there is none. :class:`SyncPager` and :class:`AsyncPager` only
loop, so both share every stopping rule:

- page style: ``page >= total_pages``, ``page * per_page >= total_count``, or a short page;
- cursor style: the next cursor (``result_info.cursor`` or ``result_info.cursors.after``, or
  a field of ``result`` for APIs that put it there) is missing, empty, or one already seen;
- offset style: a short page;
- every style: an empty page, a page identical to the previous one (a server that ignores the
  page parameter), or ``max_pages`` reached.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

import attrs

from cloudflarefs.core.envelope import Envelope
from cloudflarefs.core.errors import ResponseDecodeError
from cloudflarefs.core.lazy_classes import LazyClasses
from cloudflarefs.core.wire import QueryValue

if TYPE_CHECKING:
    from attrs import frozen as _lazy_frozen

    from cloudflarefs.core._aio_pager import AsyncPager

__all__ = [
    "AsyncPager",
    "CursorPagination",
    "OffsetPagination",
    "Page",
    "PagePagination",
    "PaginationStyle",
    "SinglePage",
    "SyncPager",
]

T = TypeVar("T")
Params = Mapping[str, QueryValue]

_lazy = LazyClasses(globals())
"""The styles a first list rarely needs are built on first access (``lazy_classes``)."""
if not TYPE_CHECKING:
    _lazy_frozen = _lazy.frozen


def _int(value: object) -> int | None:
    """``result_info`` numbers are typed as number, integer or nothing; coerce to int."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def _items_at(result: Any, items_path: Sequence[str]) -> list[Any]:
    value: Any = result
    for key in items_path:
        value = value.get(key) if isinstance(value, Mapping) else None  # pyright: ignore[reportUnknownMemberType,reportUnknownVariableType]
    if value is None:
        return []
    if not isinstance(value, list):
        raise ResponseDecodeError(
            f"expected a list of items at result.{'.'.join(items_path) or ''}"
        )
    return value  # pyright: ignore[reportUnknownVariableType]


class PaginationStyle(Protocol):
    """A pure rule for turning one page into the parameters of the next."""

    @property
    def items_path(self) -> Sequence[str]:
        """Keys leading from ``result`` to the list of items (empty: ``result`` is the list)."""
        ...

    def first(self) -> Params:
        """Parameters for the first page."""
        ...

    def next(self, params: Params, envelope: Envelope[Any], items: Sequence[Any]) -> Params | None:
        """Parameters for the page after ``params``, or ``None`` when this was the last."""
        ...


@_lazy_frozen(kw_only=True)
class SinglePage:
    """An unpaginated list, typed as a pager so that adding paging later is additive."""

    items_path: Sequence[str] = ()

    def first(self) -> Params:
        """No parameters."""
        return {}

    def next(self, params: Params, envelope: Envelope[Any], items: Sequence[Any]) -> Params | None:
        """Always the last page."""
        return None


@_lazy_frozen(kw_only=True)
class PagePagination:
    """``page``/``per_page`` with ``result_info`` (or items under ``result.items``)."""

    per_page: int | None = None
    start_page: int = 1
    page_param: str = "page"
    per_page_param: str = "per_page"
    items_path: Sequence[str] = ()

    def first(self) -> Params:
        """The first page, with ``per_page`` when set."""
        params: dict[str, QueryValue] = {self.page_param: self.start_page}
        if self.per_page is not None:
            params[self.per_page_param] = self.per_page
        return params

    def next(self, params: Params, envelope: Envelope[Any], items: Sequence[Any]) -> Params | None:
        """Stop on the last page by ``total_pages``/``total_count``, or on a short page."""
        info = envelope.result_info or {}
        page = _int(info.get("page")) or _int(params.get(self.page_param)) or self.start_page
        per_page = _int(info.get("per_page")) or self.per_page
        total_pages = _int(info.get("total_pages"))
        total_count = _int(info.get("total_count"))
        if total_pages is not None and page >= total_pages:
            return None
        if total_count is not None and per_page and page * per_page >= total_count:
            return None
        if per_page and len(items) < per_page:
            return None
        return {**params, self.page_param: page + 1}


def _next_cursor(info: Mapping[str, Any]) -> str | None:
    cursor: Any = info.get("cursor")
    if not cursor:
        cursors = info.get("cursors")
        cursor = cursors.get("after") if isinstance(cursors, Mapping) else None  # pyright: ignore[reportUnknownMemberType,reportUnknownVariableType]
    return str(cursor) if cursor else None  # pyright: ignore[reportUnknownArgumentType]


def _cursor_in_result(result: Any, path: Sequence[str]) -> str | None:
    value: Any = result
    for key in path:
        value = value.get(key) if isinstance(value, Mapping) else None  # pyright: ignore[reportUnknownMemberType,reportUnknownVariableType]
    return str(value) if isinstance(value, str) and value else None  # pyright: ignore[reportUnknownArgumentType]


@attrs.frozen(kw_only=True)
class CursorPagination:
    """``cursor`` with ``result_info.cursor`` (or ``result_info.cursors.after``).

    ``cursor_path`` names keys leading from ``result`` to the next cursor instead, for APIs
    that answer it in the result (Vectorize ``list_vectors``: ``result.nextCursor``).
    """

    limit: int | None = None
    cursor_param: str = "cursor"
    limit_param: str = "limit"
    items_path: Sequence[str] = ()
    cursor_path: Sequence[str] = ()

    def first(self) -> Params:
        """The first page, with the limit when set."""
        return {self.limit_param: self.limit} if self.limit is not None else {}

    def next(self, params: Params, envelope: Envelope[Any], items: Sequence[Any]) -> Params | None:
        """Follow the cursor; the pager stops on a repeated one."""
        if self.cursor_path:
            cursor = _cursor_in_result(envelope.result, self.cursor_path)
        else:
            cursor = _next_cursor(envelope.result_info or {})
        if cursor is None or cursor == params.get(self.cursor_param):
            return None
        return {**params, self.cursor_param: cursor}


@_lazy_frozen(kw_only=True)
class OffsetPagination:
    """``offset``/``limit``; stops on a short page."""

    limit: int
    offset_param: str = "offset"
    limit_param: str = "limit"
    items_path: Sequence[str] = ()

    def first(self) -> Params:
        """Offset 0."""
        return {self.offset_param: 0, self.limit_param: self.limit}

    def next(self, params: Params, envelope: Envelope[Any], items: Sequence[Any]) -> Params | None:
        """Advance by the number of items received."""
        if len(items) < self.limit:
            return None
        offset = _int(params.get(self.offset_param)) or 0
        return {**params, self.offset_param: offset + len(items)}


@attrs.frozen
class Page(Generic[T]):
    """One fetched page: its converted items and the envelope it came in."""

    items: Sequence[T]
    envelope: Envelope[Any] = attrs.field(repr=False)
    params: Params = attrs.field(factory=dict[str, QueryValue])

    @property
    def result_info(self) -> Mapping[str, Any] | None:
        """The page's ``result_info`` as the server sent it."""
        return self.envelope.result_info


_lazy.seal()


class PageWalk:
    """The pagers' loop state, without I/O: which params come next and what has been seen.

    Internal, so a plain slotted class: an attrs class would be compiled at import.
    """

    __slots__ = ("max_pages", "next_params", "pages", "previous_items", "seen_cursors", "style")

    def __init__(self, style: PaginationStyle, max_pages: int | None) -> None:
        self.style = style
        self.max_pages = max_pages
        self.pages = 0
        self.seen_cursors: set[str] = set()
        self.previous_items: list[Any] | None = None
        self.next_params: Params | None = style.first()

    def take(self) -> Params | None:
        if self.max_pages is not None and self.pages >= self.max_pages:
            return None
        return self.next_params

    def advance(self, params: Params, envelope: Envelope[Any]) -> list[Any] | None:
        """Record a fetched page; returns its raw items, or ``None`` if it repeats the last one."""
        self.pages += 1
        raw = _items_at(envelope.result, self.style.items_path)
        if raw and raw == self.previous_items:
            self.next_params = None
            return None
        self.previous_items = raw
        nxt = self.style.next(params, envelope, raw) if raw else None
        if nxt is not None:
            cursor = nxt.get(getattr(self.style, "cursor_param", ""), None)
            if isinstance(cursor, str):
                if cursor in self.seen_cursors:
                    nxt = None
                self.seen_cursors.add(cursor)
        self.next_params = nxt
        return raw


def page_converter(convert: Callable[[Any], T]) -> Callable[[list[Any]], list[T]]:
    """A page's converter: ``convert.many`` when it has one (a core Structurer), else a loop."""
    many: Callable[[list[Any]], list[T]] | None = getattr(convert, "many", None)
    if many is not None:
        return many
    return lambda raw: [convert(x) for x in raw]


def lazy_converter(convert: Callable[[Any], T]) -> Callable[[list[Any]], Iterator[T]]:
    """Items converted one by one as iterated: ``convert.iterate`` when it has one."""
    iterate: Callable[[list[Any]], Iterator[T]] | None = getattr(convert, "iterate", None)
    if iterate is not None:
        return iterate
    return lambda raw: map(convert, raw)


# The pagers are written once, async (``_aio_pager``), and the sync one is derived from it by
# ``tools/generate`` (``_sync_pager``, see ``tools/unasync.toml``). They build on the styles and
# the walk above, so they are imported last; the async one on first access (``__getattr__``).
from cloudflarefs.core._sync_pager import SyncPager  # noqa: E402


def __getattr__(name: str) -> Any:
    if name == "AsyncPager":
        from cloudflarefs.core._aio_pager import AsyncPager

        return AsyncPager
    return _lazy.get(name)


def __dir__() -> list[str]:
    return sorted({*_lazy.dir(), "AsyncPager"})
