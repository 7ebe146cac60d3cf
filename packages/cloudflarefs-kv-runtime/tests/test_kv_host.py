"""Host-CPython unit tests for the pure parts: limits, result structuring, and that bad input
never reaches the binding (a recording fake stands in for it)."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest

from cloudflarefs.core import InvalidInputError, ResponseDecodeError
from cloudflarefs.kv.runtime import KVKey, KVListResult, KVNamespace, KVValueWithMetadata
from cloudflarefs.kv.runtime._limits import (
    check_expiration,
    check_key,
    check_keys,
    check_metadata,
    check_value_size,
)
from cloudflarefs.kv.runtime._models import list_from_py, parse_json, with_metadata_from_py


class RecordingBinding:
    """Stands in for ``env.KV``: records calls and answers ``get`` with a fixed value."""

    def __init__(self, value: Any = None) -> None:
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        self.value = value

    async def _answer(self) -> Any:
        return self.value

    def get(self, *args: Any) -> Any:
        self.calls.append(("get", args))
        return self._answer()


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("", "must not be empty"),
        ("..", "'..'"),
        ("a" * 513, "513 bytes"),
        ("€" * 171, "513 bytes"),  # 171 * 3 bytes: the length shortcut must not hide it
        (b"k", "must be a str"),
    ],
)
def test_check_key_rejects(key: Any, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        check_key(key)


def test_check_key_accepts_the_limit_exactly() -> None:
    assert check_key("a" * 512) == "a" * 512
    assert check_key("€" * 170) == "€" * 170  # 510 bytes


def test_bulk_keys_metadata_expiration_and_size() -> None:
    assert check_keys(("a", "b")) == ["a", "b"]
    with pytest.raises(InvalidInputError, match="1 to 100"):
        check_keys(["k"] * 101)
    check_metadata({"x": "y" * 1016})  # {"x":"…"} is exactly 1024 bytes
    with pytest.raises(InvalidInputError, match="1025 bytes"):
        check_metadata({"x": "y" * 1017})
    with pytest.raises(InvalidInputError, match="which JSON cannot hold"):
        check_metadata(float("nan"))
    when = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    assert check_expiration(when) == int(when.timestamp())
    with pytest.raises(InvalidInputError, match="25 MiB"):
        check_value_size(b"\x00" * (25 * 1024 * 1024 + 1))


def test_list_structuring() -> None:
    page = list_from_py(
        {
            "keys": [
                {"name": "a", "expiration": 1_900_000_000, "metadata": {"m": 1}},
                {"name": "b"},
            ],
            "list_complete": False,
            "cursor": "c1",
            "cacheStatus": None,
        }
    )
    assert page == KVListResult(
        keys=(
            KVKey(
                name="a",
                expiration=dt.datetime.fromtimestamp(1_900_000_000, tz=dt.UTC),
                metadata={"m": 1},
            ),
            KVKey(name="b"),
        ),
        list_complete=False,
        cursor="c1",
    )
    # A complete page never carries a cursor, even if the runtime sends an empty one.
    assert list_from_py({"keys": [], "list_complete": True, "cursor": ""}).cursor is None
    with pytest.raises(ResponseDecodeError, match="without a name"):
        list_from_py({"keys": [{"expiration": 1}], "list_complete": True})
    with pytest.raises(ResponseDecodeError, match="should be a number"):
        list_from_py({"keys": [{"name": "a", "expiration": "soon"}], "list_complete": True})


def test_value_with_metadata_structuring_and_json() -> None:
    assert with_metadata_from_py(None) == KVValueWithMetadata(value=None)
    got = with_metadata_from_py(
        {"value": "[1]", "metadata": {"a": 1}, "cacheStatus": "HIT"},
        lambda text: parse_json(text, "k"),
    )
    assert got == KVValueWithMetadata(value=[1], metadata={"a": 1}, cache_status="HIT")
    assert parse_json("123456789012345678901", "k") == 123456789012345678901
    with pytest.raises(ResponseDecodeError, match="not valid JSON"):
        parse_json("{", "k")


def test_bad_input_never_reaches_the_binding() -> None:
    binding = RecordingBinding()
    kv = KVNamespace(binding)

    async def attempts() -> None:
        for call in (
            lambda: kv.get(""),
            lambda: kv.get("k", cache_ttl=10),
            lambda: kv.put("k", "v", expiration_ttl=30),
            lambda: kv.put("k", "v", metadata="m" * 1100),
            lambda: kv.list(limit=0),
            lambda: kv.get_many([]),
        ):
            with pytest.raises(InvalidInputError):
                await call()

    asyncio.run(attempts())
    assert binding.calls == []


def test_get_returns_text_or_none() -> None:
    async def read(value: Any) -> str | None:
        return await KVNamespace(RecordingBinding(value)).get("k")

    assert asyncio.run(read("v")) == "v"
    assert asyncio.run(read(None)) is None
    assert repr(KVNamespace(RecordingBinding())) == "KVNamespace(<binding>)"


class JsException(Exception):  # named like pyodide.ffi.JsException, which the wrapper matches
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.name = "TypeError"
        self.message = message


class FailingBinding:
    def __init__(self, exc: Exception) -> None:
        self.exc = exc

    async def get(self, *args: Any) -> Any:
        raise self.exc

    async def put(self, *args: Any) -> Any:
        raise self.exc


def test_hot_paths_translate_js_exceptions_only() -> None:
    from cloudflarefs.core.js import JsError

    js_failing = KVNamespace(FailingBinding(JsException("boom")))
    with pytest.raises(JsError, match="TypeError: boom") as info:
        asyncio.run(js_failing.get("k"))
    assert info.value.js_message == "boom"
    with pytest.raises(JsError, match="boom"):
        asyncio.run(js_failing.put("k", "v"))
    py_failing = KVNamespace(FailingBinding(KeyError("not js")))
    with pytest.raises(KeyError):
        asyncio.run(py_failing.get("k"))
    with pytest.raises(KeyError):
        asyncio.run(py_failing.put("k", "v"))
