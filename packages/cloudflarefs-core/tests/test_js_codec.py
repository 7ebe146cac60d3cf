"""Host-side tests of the JS codec with a small fake JS backend (no Pyodide needed).

The same rules run for real inside Pyodide in packages/cloudflarefs-testing/tests.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pytest

from cloudflarefs.core.errors import CloudflareError
from cloudflarefs.core.js import (
    JS_NULL,
    MAX_SAFE_INTEGER,
    JsConversionError,
    JsError,
    await_maybe,
    call_js,
    from_js,
    invoke_js,
    is_js_exception,
    js_errors,
    keep_alive,
    pending_background,
    to_js,
    use_backend,
    wait_until,
)


class FakeJs:
    """A stand-in JS value: a tag plus a payload."""

    def __init__(self, tag: str, payload: Any = None, *, plain: bool = True) -> None:
        self.tag = tag
        self.payload = payload
        self.plain = plain

    def __repr__(self) -> str:
        return f"FakeJs({self.tag}, {self.payload!r})"


JSNULL = object()


class FakeBackend:
    jsnull = JSNULL

    def is_js(self, value: Any) -> bool:
        return isinstance(value, FakeJs)

    def tag(self, value: Any) -> str:
        return f"[object {value.tag}]"

    def is_plain_object(self, value: Any) -> bool:
        return value.plain

    def is_error(self, value: Any) -> bool:
        return value.tag == "Error"

    def new_object(self, entries: Sequence[tuple[str, Any]]) -> Any:
        return FakeJs("Object", list(entries))

    def new_array(self, items: Sequence[Any]) -> Any:
        return FakeJs("Array", list(items))

    def new_map(self, entries: Sequence[tuple[Any, Any]]) -> Any:
        return FakeJs("Map", list(entries))

    def new_uint8array(self, data: bytes) -> Any:
        return FakeJs("Uint8Array", bytearray(data))

    def new_date(self, epoch_ms: float) -> Any:
        return FakeJs("Date", epoch_ms)

    def new_bigint(self, value: int) -> Any:
        return FakeJs("BigInt", value)

    def new_promise(self, executor: Callable[[Any, Any], None]) -> Any:
        promise = FakeJs("Promise", {"state": "pending"})

        def resolve(v: Any) -> None:
            promise.payload = {"state": "fulfilled", "value": v}

        def reject(e: Any) -> None:
            promise.payload = {"state": "rejected", "error": e}

        executor(resolve, reject)
        return promise

    def new_error(self, message: str) -> Any:
        return FakeJs("Error", {"name": "Error", "message": message})

    def to_bytes(self, value: Any) -> bytes:
        return bytes(value.payload)

    def date_ms(self, value: Any) -> float:
        return float(value.payload)

    def object_entries(self, value: Any) -> list[tuple[str, Any]]:
        return list(value.payload)

    def map_entries(self, value: Any) -> list[tuple[Any, Any]]:
        return list(value.payload)

    def array_items(self, value: Any) -> list[Any]:
        return list(value.payload)


@pytest.fixture
def fake() -> Iterator[FakeBackend]:
    with use_backend(FakeBackend()) as be:
        yield be  # type: ignore[misc]


def test_none_is_undefined_and_js_null_is_null(fake: FakeBackend) -> None:
    assert to_js(None) is None
    assert to_js(JS_NULL) is JSNULL
    assert to_js(None, none_as="null") is JSNULL
    assert not JS_NULL
    assert repr(JS_NULL) == "JS_NULL"


def test_dict_becomes_object_with_converted_values(fake: FakeBackend) -> None:
    out = to_js({"a": 1, "b": [JS_NULL, None], "c": {"d": b"x"}})
    assert out.tag == "Object"
    entries = dict(out.payload)
    assert entries["a"] == 1
    assert entries["b"].tag == "Array"
    assert entries["b"].payload == [JSNULL, None]
    assert entries["c"].payload[0][1].tag == "Uint8Array"


def test_non_str_keys_are_rejected(fake: FakeBackend) -> None:
    with pytest.raises(JsConversionError, match="keys must be str"):
        to_js({1: "x"})


def test_bytes_are_copied(fake: FakeBackend) -> None:
    src = bytearray(b"abc")
    out = to_js(src)
    src[0] = ord("z")
    assert bytes(out.payload) == b"abc"


def test_big_ints_error_unless_bigint_requested(fake: FakeBackend) -> None:
    assert to_js(MAX_SAFE_INTEGER) == MAX_SAFE_INTEGER
    assert to_js(-MAX_SAFE_INTEGER) == -MAX_SAFE_INTEGER
    with pytest.raises(JsConversionError, match="safe integer"):
        to_js(MAX_SAFE_INTEGER + 1)
    assert to_js(2**64, bigint=True).tag == "BigInt"
    assert isinstance(JsConversionError("x"), CloudflareError)


def test_bool_stays_bool(fake: FakeBackend) -> None:
    assert to_js(True) is True


def test_datetime_to_date_requires_timezone(fake: FakeBackend) -> None:
    moment = dt.datetime(2025, 1, 2, 3, 4, 5, 678000, tzinfo=dt.UTC)
    assert to_js(moment).payload == moment.timestamp() * 1000
    with pytest.raises(JsConversionError, match="naive"):
        to_js(dt.datetime(2025, 1, 1))


def test_unknown_python_types_are_rejected(fake: FakeBackend) -> None:
    with pytest.raises(JsConversionError, match="set"):
        to_js({1, 2})


def test_js_proxies_pass_through(fake: FakeBackend) -> None:
    proxy = FakeJs("Function")
    assert to_js(proxy) is proxy
    assert from_js(proxy) is proxy


def test_from_js_structures(fake: FakeBackend) -> None:
    date = FakeJs("Date", 1_700_000_000_123)
    value = FakeJs(
        "Object",
        [
            ("n", JSNULL),
            ("list", FakeJs("Array", [1, FakeJs("ArrayBuffer", b"\x00\x01")])),
            ("when", date),
            ("map", FakeJs("Map", [("k", FakeJs("Uint8Array", b"z"))])),
        ],
    )
    assert from_js(value) == {
        "n": None,
        "list": [1, b"\x00\x01"],
        "when": dt.datetime(2023, 11, 14, 22, 13, 20, 123000, tzinfo=dt.UTC),
        "map": {"k": b"z"},
    }


def test_class_instances_stay_proxies_unless_objects_all(fake: FakeBackend) -> None:
    inst = FakeJs("Object", [("key", "k")], plain=False)
    assert from_js(inst) is inst
    assert from_js(inst, objects="all") == {"key": "k"}


def test_js_error_values_become_js_error(fake: FakeBackend) -> None:
    err = from_js(FakeJs("Error", None))
    assert isinstance(err, JsError)


class FakeJsException(Exception):
    """Mimics pyodide.ffi.JsException (matched by class name)."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.js_error = type("E", (), {"name": name, "message": message, "stack": "at x"})()


FakeJsException.__name__ = "JsException"


def test_js_errors_translates_js_exceptions() -> None:
    with pytest.raises(JsError) as info, js_errors():
        raise FakeJsException("TypeError", "boom")
    assert info.value.name == "TypeError"
    assert info.value.js_message == "boom"
    assert info.value.stack == "at x"
    assert isinstance(info.value, CloudflareError)


def test_js_errors_leaves_python_errors_alone() -> None:
    with pytest.raises(KeyError), js_errors():
        raise KeyError("k")


async def test_await_maybe_handles_sync_and_async_values() -> None:
    async def coro() -> int:
        return 2

    assert await await_maybe(1) == 1
    assert await await_maybe(coro()) == 2


async def test_call_js_translates_rejections() -> None:
    async def rejected() -> None:
        raise FakeJsException("RangeError", "bad")

    with pytest.raises(JsError, match="RangeError: bad"):
        await call_js(rejected())


async def test_invoke_js_translates_a_synchronous_throw_and_a_rejection() -> None:
    calls: list[tuple[Any, ...]] = []

    def throws(*args: Any) -> Any:
        calls.append(args)
        raise FakeJsException("TypeError", "sync")

    async def rejects(*args: Any) -> Any:
        calls.append(args)
        raise FakeJsException("RangeError", "async")

    with pytest.raises(JsError, match="TypeError: sync"):
        await invoke_js(throws, "k", 1)
    with pytest.raises(JsError, match="RangeError: async"):
        await invoke_js(rejects, "k")
    assert calls == [("k", 1), ("k",)]


async def test_invoke_js_returns_plain_and_awaited_results_and_leaves_python_errors() -> None:
    async def doubled(x: int) -> int:
        return 2 * x

    assert await invoke_js(lambda x, y: x + y, 1, 2) == 3
    assert await invoke_js(doubled, 4) == 8
    with pytest.raises(KeyError):
        await invoke_js({}.__getitem__, "missing")


def test_is_js_exception_matches_by_class_name() -> None:
    assert is_js_exception(FakeJsException("Error", "x"))
    assert not is_js_exception(ValueError("x"))


async def test_wait_until_keeps_work_alive_and_settles_promise(fake: FakeBackend) -> None:
    seen: list[Any] = []

    class Ctx:
        def waitUntil(self, promise: Any) -> None:
            seen.append(promise)

    release = asyncio.Event()

    async def work() -> str:
        await release.wait()
        return "done"

    fut = wait_until(Ctx(), work())
    assert pending_background() >= 1
    assert seen[0].payload == {"state": "pending"}
    release.set()
    assert await fut == "done"
    await asyncio.sleep(0)
    assert seen[0].payload == {"state": "fulfilled", "value": None}


async def test_to_promise_rejects_on_python_error(fake: FakeBackend) -> None:
    seen: list[Any] = []

    class Ctx:
        def waitUntil(self, promise: Any) -> None:
            seen.append(promise)

    async def boom() -> None:
        raise ValueError("nope")

    fut = wait_until(Ctx(), boom())
    with pytest.raises(ValueError, match="nope"):
        await fut
    await asyncio.sleep(0)
    assert seen[0].payload["state"] == "rejected"
    assert "ValueError: nope" in seen[0].payload["error"].payload["message"]


async def test_keep_alive_releases_finished_futures() -> None:
    before = pending_background()

    async def quick() -> int:
        return 5

    assert await keep_alive(quick()) == 5
    await asyncio.sleep(0)
    assert pending_background() == before


def test_codec_needs_pyodide_only_when_used() -> None:
    # Importing is fine on CPython; building a JS value outside Pyodide says why it cannot.
    code = (
        "import sys, cloudflarefs.core.js as j\n"
        "assert 'httpx' not in sys.modules and 'pyodide' not in sys.modules\n"
        "try:\n    j.to_js({'a': 1})\nexcept RuntimeError as e:\n    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "needs Pyodide" in out.stdout
