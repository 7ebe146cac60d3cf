"""Pyodide side of the cloudflarefs harness: runs test bodies and dispatches Worker events.

Loaded by ``harness.mjs`` inside Pyodide. Only JSON strings and JS objects cross the boundary,
so nothing here needs the host's types.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import inspect
import json
import linecache
import os
import sys
import traceback
from pathlib import Path
from typing import Any

_state: dict[str, Any] = {"env": None, "entry": None, "module": None, "root": None}


def set_env(env: Any) -> None:
    """Remember the Miniflare bindings object (called after every configure)."""
    _state["env"] = env


def _error(exc: BaseException) -> dict[str, Any]:
    # Hide the bridge's own frames: the user's code is what the reader cares about.
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename == __file__:
        tb = tb.tb_next
    return {
        "type": type(exc).__name__,
        "module": type(exc).__module__,
        "message": str(exc),
        "traceback": "".join(traceback.format_exception(type(exc), exc, tb)),
    }


def _jsonable(value: Any) -> Any:
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return {"__repr__": repr(value)}
    return value


async def _maybe_await(value: Any) -> Any:
    if inspect.isawaitable(value):
        return await value
    return value


def _compile_at(source: str, filename: str, lineno: int) -> Any:
    # Shift line numbers so tracebacks point at the real lines of the test file.
    tree = ast.parse(source, filename)
    ast.increment_lineno(tree, lineno - 1)
    return compile(tree, filename, "exec")


async def run_test(payload_json: str) -> str:
    """Define the shipped function in a fresh namespace, call it with ``env``, report JSON."""
    p = json.loads(payload_json)
    filename: str = p["filename"]
    if p.get("file_source") is not None:
        lines = p["file_source"].splitlines(keepends=True)
        linecache.cache[filename] = (len(p["file_source"]), None, lines, filename)
    ns: dict[str, Any] = {"__name__": "cfh_test", "__file__": filename}
    # The test module's own imports, best effort: host-only ones (pytest...) just stay unbound.
    for imp in p.get("imports", []):
        with contextlib.suppress(ImportError):
            exec(_compile_at(imp["source"], filename, imp["lineno"]), ns)
    try:
        exec(_compile_at(p["source"], filename, p["lineno"]), ns)
        fn = ns[p["name"]]
        params = inspect.signature(fn).parameters
        kwargs: dict[str, Any] = dict(p.get("kwargs") or {})
        if "env" in params:
            kwargs["env"] = _state["env"]
        kwargs = {k: v for k, v in kwargs.items() if k in params}
        value = await _maybe_await(fn(**kwargs))
    except BaseException as exc:  # report everything, including KeyboardInterrupt-likes
        return json.dumps({"ok": False, "error": _error(exc)})
    return json.dumps({"ok": True, "value": _jsonable(value)})


async def load_worker(payload_json: str) -> str:
    """(Re)import the user's Worker module from ``root`` and pick its entry point."""
    p = json.loads(payload_json)
    root = str(p["root"])
    module_name: str = p["module"]
    # Drop earlier imports of this and every earlier Worker's modules so edits (or another
    # Worker served from a different root) are picked up; only ``root`` stays importable.
    roots: list[str] = _state.setdefault("worker_roots", [])
    if root not in roots:
        roots.append(root)
    for name, mod in list(sys.modules.items()):
        file = getattr(mod, "__file__", None) or ""
        if any(file.startswith(r + "/") for r in roots) or name == module_name:
            del sys.modules[name]
    for r in roots:
        for entry in (r, r + "/python_modules"):
            while entry in sys.path:
                sys.path.remove(entry)
    # Vendored dependencies (pywrangler's python_modules/, uploaded next to the modules) are
    # importable after the Worker's own modules, as in the Python Workers runtime.
    if "python_modules" in os.listdir(root):  # the in-memory mount: no real blocking
        sys.path.insert(0, root + "/python_modules")
    sys.path.insert(0, root)
    importlib.invalidate_caches()
    try:
        module = importlib.import_module(module_name)
    except BaseException as exc:
        return json.dumps({"ok": False, "error": _error(exc)})
    entry = getattr(module, p.get("entrypoint") or "Default", None)
    _state["module"] = module
    _state["entry"] = entry if inspect.isclass(entry) else None
    kinds = [k for k in ("fetch", "scheduled", "queue") if _handler(k) is not None]
    return json.dumps({"ok": True, "value": {"handlers": kinds, "root": str(Path(root))}})


def _handler(kind: str) -> Any:
    entry = _state["entry"]
    if entry is not None and callable(getattr(entry, kind, None)):
        return getattr(entry, kind)
    module = _state["module"]
    return getattr(module, f"on_{kind}", None) if module is not None else None


async def _call(kind: str, event: Any, ctx: Any) -> Any:
    """Call a handler the way the Python Workers runtime does, for both handler styles."""
    env = _state["env"]
    entry = _state["entry"]
    if entry is not None and callable(getattr(entry, kind, None)):
        instance = entry(ctx, env)
        method = getattr(instance, kind)
        # Class handlers take (event) or, like the docs' scheduled/queue, (event, env, ctx).
        n = len(inspect.signature(method).parameters)
        args = (event, env, ctx) if n >= 3 else (event,)
        return await _maybe_await(method(*args))
    fn = _handler(kind)
    if fn is None:
        raise RuntimeError(f"the Worker defines no {kind} handler (Default.{kind} or on_{kind})")
    return await _maybe_await(fn(event, env, ctx))


def _as_js_response(result: Any) -> Any:
    js_object = getattr(result, "js_object", None)  # workers.Response
    if js_object is not None:
        return js_object
    if isinstance(result, str):
        js: Any = importlib.import_module("js")
        return js.Response.new(result)
    return result


async def handle_fetch(request: Any, ctx: Any) -> Any:
    """Run the Worker's fetch handler and hand back a JS Response."""
    try:
        workers: Any = importlib.import_module("workers")
        py_request = workers.Request(request)
    except ImportError:
        py_request = request
    return _as_js_response(await _call("fetch", py_request, ctx))


async def handle_scheduled(controller: Any, ctx: Any) -> None:
    """Run the Worker's scheduled handler with the bridge's controller."""
    await _call("scheduled", controller, ctx)


async def handle_queue(batch: Any, ctx: Any) -> None:
    """Run the Worker's queue handler with the bridge's batch."""
    await _call("queue", batch, ctx)


async def run_workflow(class_name: str, event: Any, step: Any) -> str:
    """Run a Python Workflow class's ``run(event, step)`` for a JS facade; its output as JSON.

    ``event`` and ``step`` are JS objects shaped as workerd passes them, so the class sees the
    same arguments it gets in production.
    """
    module = _state["module"]
    cls: Any = getattr(module, class_name, None) if module is not None else None
    if not callable(cls):
        where = getattr(module, "__name__", "no module loaded")
        raise RuntimeError(f"Workflow class {class_name!r} not found in the Worker ({where})")
    js: Any = importlib.import_module("js")
    instance: Any = cls(js.Object.new(), _state["env"])
    result = await _maybe_await(instance.run(event, step))
    to_py = getattr(result, "to_py", None)
    if callable(to_py):
        result = to_py()
    return json.dumps(result)
