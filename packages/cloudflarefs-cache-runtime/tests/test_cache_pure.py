"""Host-CPython unit tests: key and entry validation, and ``Cache`` over a small recording double."""

import types
from typing import Any

import pytest

from cloudflarefs.cache.runtime import Cache, CacheEntry, CacheStorage
from cloudflarefs.cache.runtime._cache import check_request
from cloudflarefs.core import InvalidInputError


def test_keys_and_entries() -> None:
    assert check_request("https://a.example/x") == "https://a.example/x"
    js_request = object()
    assert check_request(js_request) is js_request
    for bad in ("a.example", "", None, 1, {"url": "https://x"}):
        with pytest.raises(InvalidInputError):
            check_request(bad)
    assert CacheEntry("x", headers={"a": "b"}).init() == {"status": 200, "headers": {"a": "b"}}
    with pytest.raises(InvalidInputError, match="206"):
        CacheEntry(status=206)
    with pytest.raises(InvalidInputError, match="Vary"):
        CacheEntry(headers={"VARY": " * "})
    with pytest.raises(InvalidInputError, match="str to str"):
        CacheEntry(headers={"a": 1})  # type: ignore[dict-item]


async def test_put_rejects_a_partial_js_response_before_the_call() -> None:
    calls: list[Any] = []
    cache = Cache(types.SimpleNamespace(put=lambda *a: calls.append(a)))
    with pytest.raises(InvalidInputError, match="206"):
        await cache.put("https://x.example/", types.SimpleNamespace(status=206))
    assert calls == []
    with pytest.raises(InvalidInputError):
        Cache(None)


async def test_storage_open_validates_the_name() -> None:
    storage = CacheStorage(types.SimpleNamespace(open=lambda name: pytest.fail("called")))
    with pytest.raises(InvalidInputError, match="non-empty"):
        await storage.open("")
    with pytest.raises(RuntimeError, match="only available inside a Python Worker"):
        _ = CacheStorage().default
