"""Smoke tests of the generated layer (the generator's own tests cover it in depth)."""

from __future__ import annotations

import inspect

import pytest

from cloudflarefs.core.wire import ApiRequest
from cloudflarefs.workers_for_platforms.management._generated import aio, client, operations


def _functions(prefix: str) -> set[str]:
    return {
        name[len(prefix) :]
        for name, fn in inspect.getmembers(operations, inspect.isfunction)
        if name.startswith(prefix) and fn.__module__ == operations.__name__
    }


def test_every_builder_has_a_parser() -> None:
    builders = _functions("build_")
    parsers = _functions("parse_")
    assert builders
    assert {b.removesuffix("_stream") for b in builders} == parsers


def test_builders_reject_empty_path_values() -> None:
    from cloudflarefs.core.errors import InvalidInputError

    for name, fn in inspect.getmembers(operations, inspect.isfunction):
        if not name.startswith("build_") or fn.__module__ != operations.__name__:
            continue
        params = inspect.signature(fn).parameters
        if "account_id" not in params:
            continue
        kwargs = {p: "x" for p, v in params.items() if v.default is inspect.Parameter.empty}
        kwargs["account_id"] = ""
        with pytest.raises(InvalidInputError):
            fn(**kwargs)


def test_sync_and_async_clients_have_the_same_resources() -> None:
    sync_root = next(
        c for n, c in inspect.getmembers(client, inspect.isclass) if n.startswith("Generated")
    )
    async_root = next(
        c for n, c in inspect.getmembers(aio, inspect.isclass) if n.startswith("AsyncGenerated")
    )
    sync_src = inspect.getsource(sync_root.__init__)
    async_src = inspect.getsource(async_root.__init__)
    assert sync_src.count("self.") == async_src.count("self.") > 0
    assert isinstance(ApiRequest("GET", "/x"), ApiRequest)
