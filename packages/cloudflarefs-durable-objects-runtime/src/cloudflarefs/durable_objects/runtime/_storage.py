"""``DurableObjectStorage``: the transactional key-value API, alarms and transactions."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable, Iterable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Final, TypeVar, overload

from cloudflarefs.core import InvalidInputError, InvalidInputTypeError, require_items
from cloudflarefs.core.js import (
    JsError,
    call_js,
    from_js,
    js_errors,
    js_function,
    to_js,
    to_promise,
)

if TYPE_CHECKING:
    from cloudflarefs.durable_objects.runtime._sql import SqlStorage

T = TypeVar("T")

MAX_KEY_BYTES: Final = 2048
"""Longest key (UTF-8 bytes) the storage API accepts."""
MAX_BATCH: Final = 128
"""Most keys one ``get_many`` / ``put_many`` / ``delete_many`` may touch."""


def check_key(key: str) -> str:
    """A non-empty str of at most :data:`MAX_KEY_BYTES` UTF-8 bytes."""
    if not isinstance(key, str):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputTypeError(f"storage keys are str, got {type(key).__name__}")
    if len(key.encode()) > MAX_KEY_BYTES:
        raise InvalidInputError(f"storage key is over {MAX_KEY_BYTES} bytes (UTF-8)")
    return key


def check_keys(keys: Iterable[str]) -> list[str]:
    """1..:data:`MAX_BATCH` valid keys (a bare str is rejected: it would be read as letters)."""
    checked = [check_key(k) for k in require_items(keys, "keys")]
    if len(checked) > MAX_BATCH:
        raise InvalidInputError(f"at most {MAX_BATCH} keys per call, got {len(checked)}")
    return checked


def alarm_ms(when: dt.datetime | float) -> float:
    """Epoch milliseconds of an aware datetime or a number of epoch ms."""
    if isinstance(when, dt.datetime):
        if when.tzinfo is None:
            raise InvalidInputError("alarm time is a naive datetime: give it a timezone")
        return when.timestamp() * 1000
    if isinstance(when, bool) or not isinstance(when, int | float):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputTypeError(
            f"alarm time must be a datetime or epoch ms, got {type(when).__name__}"
        )
    return float(when)


def _options(**flags: bool | None) -> Any:
    names = {
        "allow_concurrency": "allowConcurrency",
        "allow_unconfirmed": "allowUnconfirmed",
        "no_cache": "noCache",
    }
    chosen = {names[k]: v for k, v in flags.items() if v is not None}
    return to_js(chosen) if chosen else None


def _value(data: Any) -> Any:
    # Stored values are structured-clone data; through RPC they may lose their plain prototype.
    return from_js(data, objects="all")


class _KeyValueApi:
    """The key-value and alarm methods shared by storage and transactions."""

    __slots__ = ("_js",)

    def __init__(self, js_storage: Any) -> None:
        self._js: Any = js_storage

    @property
    def js_object(self) -> Any:
        """The wrapped JS object."""
        return self._js

    async def get(
        self, key: str, *, allow_concurrency: bool | None = None, no_cache: bool | None = None
    ) -> Any:
        """The value stored under ``key``, or ``None`` when there is none."""
        check_key(key)
        opts = _options(allow_concurrency=allow_concurrency, no_cache=no_cache)
        with js_errors():
            pending = self._js.get(key, opts)
        return _value(await call_js(pending))

    async def get_many(
        self,
        keys: Iterable[str],
        *,
        allow_concurrency: bool | None = None,
        no_cache: bool | None = None,
    ) -> dict[str, Any]:
        """The values of up to 128 ``keys``; missing keys are left out of the dict."""
        checked = check_keys(keys)
        opts = _options(allow_concurrency=allow_concurrency, no_cache=no_cache)
        with js_errors():
            pending = self._js.get(to_js(checked), opts)
        found: dict[str, Any] = _value(await call_js(pending)) or {}
        return {k: v for k, v in found.items() if v is not None}

    async def put(
        self,
        key: str,
        value: Any,
        *,
        allow_unconfirmed: bool | None = None,
        no_cache: bool | None = None,
    ) -> None:
        """Store ``value`` (anything the codec converts; ``None`` stores ``null``)."""
        check_key(key)
        opts = _options(allow_unconfirmed=allow_unconfirmed, no_cache=no_cache)
        js_value = to_js(value, none_as="null")
        with js_errors():
            pending = self._js.put(key, js_value, opts)
        await call_js(pending)

    async def put_many(
        self,
        entries: Mapping[str, Any],
        *,
        allow_unconfirmed: bool | None = None,
        no_cache: bool | None = None,
    ) -> None:
        """Store up to 128 entries atomically."""
        if not isinstance(entries, Mapping):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputTypeError(f"put_many takes a mapping, got {type(entries).__name__}")
        check_keys(list(entries))
        opts = _options(allow_unconfirmed=allow_unconfirmed, no_cache=no_cache)
        js_entries = to_js(dict(entries), none_as="null")
        with js_errors():
            pending = self._js.put(js_entries, opts)
        await call_js(pending)

    async def delete(
        self, key: str, *, allow_unconfirmed: bool | None = None, no_cache: bool | None = None
    ) -> bool:
        """Delete ``key``; ``True`` if it existed."""
        check_key(key)
        opts = _options(allow_unconfirmed=allow_unconfirmed, no_cache=no_cache)
        with js_errors():
            pending = self._js.delete(key, opts)
        return bool(from_js(await call_js(pending)))

    async def delete_many(
        self,
        keys: Iterable[str],
        *,
        allow_unconfirmed: bool | None = None,
        no_cache: bool | None = None,
    ) -> int:
        """Delete up to 128 ``keys``; returns how many existed."""
        checked = check_keys(keys)
        opts = _options(allow_unconfirmed=allow_unconfirmed, no_cache=no_cache)
        with js_errors():
            pending = self._js.delete(to_js(checked), opts)
        return int(from_js(await call_js(pending)) or 0)

    async def list(
        self,
        *,
        prefix: str | None = None,
        start: str | None = None,
        start_after: str | None = None,
        end: str | None = None,
        limit: int | None = None,
        reverse: bool = False,
        allow_concurrency: bool | None = None,
        no_cache: bool | None = None,
    ) -> dict[str, Any]:
        """Entries in key order (reverse order with ``reverse=True``) as an ordered dict.

        ``start`` is inclusive, ``end`` exclusive; ``start`` and ``start_after`` are exclusive
        of each other.
        """
        if start is not None and start_after is not None:
            raise InvalidInputError("pass start or start_after, not both")
        bad_limit = isinstance(limit, bool) or not isinstance(limit, int) or limit < 1  # pyright: ignore[reportUnnecessaryIsInstance]
        if limit is not None and bad_limit:
            raise InvalidInputError(f"limit must be a positive int, got {limit!r}")
        for bound in (prefix, start, start_after, end):
            if bound is not None:
                check_key(bound)
        options: dict[str, Any] = {
            "prefix": prefix,
            "start": start,
            "startAfter": start_after,
            "end": end,
            "limit": limit,
            "reverse": reverse or None,
            "allowConcurrency": allow_concurrency,
            "noCache": no_cache,
        }
        js_options = to_js({k: v for k, v in options.items() if v is not None})
        with js_errors():
            pending = self._js.list(js_options)
        return dict(_value(await call_js(pending)) or {})

    async def get_alarm(self) -> dt.datetime | None:
        """When the alarm is set to fire (aware UTC), or ``None``."""
        with js_errors():
            pending = self._js.getAlarm()
        ms = from_js(await call_js(pending))
        if ms is None:
            return None
        if isinstance(ms, dt.datetime):
            return ms
        return dt.datetime.fromtimestamp(float(ms) / 1000, tz=dt.UTC)

    async def set_alarm(self, when: dt.datetime | float) -> None:
        """Set (or move) the alarm to ``when``: an aware datetime or epoch milliseconds."""
        ms = alarm_ms(when)
        with js_errors():
            pending = self._js.setAlarm(ms)
        await call_js(pending)

    async def delete_alarm(self) -> None:
        """Cancel the alarm, if one is set."""
        with js_errors():
            pending = self._js.deleteAlarm()
        await call_js(pending)


class StorageTransaction(_KeyValueApi):
    """The ``txn`` of :meth:`DurableObjectStorage.transaction`: the same key-value API, plus
    :meth:`rollback`."""

    __slots__ = ()

    def rollback(self) -> None:
        """Discard the transaction's writes when it ends."""
        with js_errors():
            self._js.rollback()


class TransactionContext:
    """``async with storage.transaction() as txn:`` — commits on exit, rolls back when the
    block raises (the exception propagates)."""

    __slots__ = ("_body_done", "_entered", "_storage", "_task")

    def __init__(self, storage: DurableObjectStorage) -> None:
        self._storage = storage
        self._entered: asyncio.Future[StorageTransaction] | None = None
        self._body_done: asyncio.Future[None] | None = None
        self._task: asyncio.Future[None] | None = None

    async def __aenter__(self) -> StorageTransaction:
        loop = asyncio.get_running_loop()
        entered: asyncio.Future[StorageTransaction] = loop.create_future()
        body_done: asyncio.Future[None] = loop.create_future()
        self._entered, self._body_done = entered, body_done

        async def body(txn: StorageTransaction) -> None:
            entered.set_result(txn)
            await body_done  # the `async with` block runs meanwhile

        self._task = asyncio.ensure_future(self._storage.transaction(body))
        await asyncio.wait({entered, self._task}, return_when=asyncio.FIRST_COMPLETED)
        if not entered.done():
            await self._task  # the transaction failed before calling back: raise its error
        return entered.result()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> bool:
        assert self._body_done is not None and self._task is not None
        if exc is None:
            self._body_done.set_result(None)
            await self._task
            return False
        self._body_done.set_exception(exc)  # rejecting the callback's promise rolls back
        try:
            await self._task
        except BaseException as err:
            if err is not exc and not isinstance(err, JsError):
                raise
        return False


class DurableObjectStorage(_KeyValueApi):
    """``ctx.storage`` of a Durable Object: ``DurableObjectStorage(ctx.storage)``, or
    ``self.state.storage`` in a :class:`~cloudflarefs.durable_objects.runtime.DurableObject`.
    """

    __slots__ = ()

    async def delete_all(self) -> None:
        """Delete every key (and, for SQLite-backed objects, every table)."""
        with js_errors():
            pending = self._js.deleteAll()
        await call_js(pending)

    async def sync(self) -> None:
        """Wait until all pending writes are durable."""
        with js_errors():
            pending = self._js.sync()
        await call_js(pending)

    @property
    def sql(self) -> SqlStorage:
        """The SQL API (SQLite-backed Durable Objects only)."""
        from cloudflarefs.durable_objects.runtime._sql import SqlStorage

        with js_errors():
            return SqlStorage(self._js.sql)

    @overload
    def transaction(self) -> TransactionContext: ...
    @overload
    def transaction(
        self, callback: Callable[[StorageTransaction], Awaitable[T]]
    ) -> Awaitable[T]: ...
    def transaction(
        self, callback: Callable[[StorageTransaction], Awaitable[T]] | None = None
    ) -> TransactionContext | Awaitable[T]:
        """Run writes atomically.

        ``await storage.transaction(fn)`` calls ``fn(txn)`` and returns its result; use
        ``async with storage.transaction() as txn:`` for a block. Raising (or
        ``txn.rollback()``) discards the writes; the original exception propagates.
        """
        if callback is None:
            return TransactionContext(self)
        if not callable(callback):
            raise InvalidInputError("transaction() takes an async callable taking the txn")
        return self._run(callback)

    async def _run(self, callback: Callable[[StorageTransaction], Awaitable[T]]) -> T:
        results: list[T] = []
        failures: list[BaseException] = []

        async def run(js_txn: Any) -> None:
            try:
                results.append(await callback(StorageTransaction(js_txn)))
            except BaseException as exc:
                failures.append(exc)
                raise

        def on_transaction(js_txn: Any) -> Any:
            return to_promise(run(js_txn))

        try:
            with js_function(on_transaction) as js_callback:
                with js_errors():
                    pending = self._js.transaction(js_callback)
                await call_js(pending)
        except JsError:
            if failures:  # the callback's own error, not JS's wrapper of it
                raise failures[0] from None
            raise
        if failures:
            raise failures[0]
        return results[0]
