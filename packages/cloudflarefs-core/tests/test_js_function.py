"""js_function: persistent proxies for callbacks, destroyed when the block exits."""

from collections.abc import Callable
from typing import Any

from cloudflarefs.core.js import js_function, use_backend


class Proxy:
    def __init__(self, fn: Callable[..., Any]) -> None:
        self.fn = fn
        self.destroyed = False

    def destroy(self) -> None:
        self.destroyed = True


class ProxyingBackend:
    def __init__(self) -> None:
        self.made: list[Proxy] = []

    def new_function(self, fn: Callable[..., Any]) -> Proxy:
        self.made.append(Proxy(fn))
        return self.made[-1]


class PlainBackend:
    pass


def callback() -> int:
    return 1


def test_proxy_lives_for_the_block_then_is_destroyed() -> None:
    be = ProxyingBackend()
    with use_backend(be), js_function(callback) as proxy:  # type: ignore[arg-type]
        assert proxy.fn is callback and not proxy.destroyed
    assert be.made == [proxy] and proxy.destroyed


def test_proxy_is_destroyed_when_the_block_raises() -> None:
    be = ProxyingBackend()
    try:
        with use_backend(be), js_function(callback):  # type: ignore[arg-type]
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert be.made[0].destroyed


def test_backends_without_new_function_get_the_callable() -> None:
    with use_backend(PlainBackend()), js_function(callback) as fn:  # type: ignore[arg-type]
        assert fn is callback
