"""Pyodide side of Python Durable Objects offline: one instance per facade instance.

``harness/pydo.mjs`` calls :func:`construct` once per Durable Object instance (with the JS
``ctx`` it built) and :func:`dispatch` for every event, in the order workerd delivered them.
Arguments arrive as the runtime would pass them: ``fetch`` gets a ``workers.Request``, RPC
methods get ``python_from_rpc`` values and their results go back through ``python_to_rpc``,
``alarm`` and the ``webSocket*`` handlers get the JS values.
"""

from __future__ import annotations

import importlib
import inspect
from typing import Any

# The bridge module sits next to this one on Pyodide's sys.path (not importable on the host).
_bridge: Any = importlib.import_module("_cfh_bridge")
_instances: dict[str, Any] = {}

# Entry points the runtime calls itself; they are not RPC methods.
_HANDLERS = frozenset({"fetch", "alarm", "webSocketMessage", "webSocketClose", "webSocketError"})


def reset() -> None:
    """Forget every instance (new bindings, or a reloaded Worker module)."""
    _instances.clear()


def forget(token: str) -> None:
    """Drop one instance (``ctx.abort()``); the next event constructs a new one."""
    _instances.pop(token, None)


def _class(name: str) -> Any:
    module = _bridge._state["module"]
    if module is None:
        raise RuntimeError(
            f"no Worker module is loaded, so there is no Durable Object class {name}"
        )
    cls = getattr(module, name, None)
    if not inspect.isclass(cls):
        raise RuntimeError(
            f"the Worker module {module.__name__} does not export a Durable Object class {name} "
            "(wrangler's class_name must name a class defined or imported in the main module)"
        )
    return cls


def construct(token: str, class_name: str, ctx: Any) -> None:
    """Build the Python instance for one facade instance: ``cls(ctx, env)``."""
    if token not in _instances:
        _instances[token] = _class(class_name)(ctx, _bridge._state["env"])


async def _maybe_await(value: Any) -> Any:
    if inspect.isawaitable(value):
        return await value
    return value


def _same(value: Any) -> Any:
    return value


def _rpc_codec() -> tuple[Any, Any]:
    try:
        rpc: Any = importlib.import_module("workers.rpc")
        return rpc.python_from_rpc, rpc.python_to_rpc
    except ImportError:  # no SDK: pass JS values through
        return _same, _same


async def dispatch(kind: str, token: str, method: str | None, args: Any) -> Any:
    """Run one event on the instance ``token`` and return what goes back to workerd."""
    obj = _instances[token]
    name = type(obj).__name__
    if kind == "fetch":
        handler = getattr(obj, "fetch", None)
        if not callable(handler):
            raise TypeError(f"{name} has no fetch() handler")
        try:
            workers: Any = importlib.import_module("workers")
            request = workers.Request(args)
        except ImportError:
            request = args
        return _bridge._as_js_response(await _maybe_await(handler(request)))
    if kind == "rpc":
        assert method is not None
        fn = getattr(obj, method, None)
        if method in _HANDLERS or method.startswith("_") or not callable(fn):
            raise TypeError(f"The RPC receiver {name} does not implement the method {method!r}")
        from_rpc, to_rpc = _rpc_codec()
        result = await _maybe_await(fn(*[from_rpc(a) for a in args]))
        return to_rpc(result)
    handler = getattr(obj, kind, None)
    if not callable(handler):
        raise TypeError(f"{name} has no {kind}() handler")
    values = list(args)
    if kind == "alarm" and not inspect.signature(handler).parameters:
        values = []  # `async def alarm(self)` is allowed
    await _maybe_await(handler(*values))
    return None
