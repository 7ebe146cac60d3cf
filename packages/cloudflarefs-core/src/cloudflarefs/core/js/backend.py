"""The few JS primitives the codec needs, behind a protocol.

Inside Pyodide the :class:`PyodideBackend` implements them with ``pyodide.ffi`` and ``js``,
imported lazily so this package also imports on host CPython. Host tests swap in a fake with
:func:`use_backend`.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Callable, Generator, Sequence
from typing import Any, Protocol


class JsBackend(Protocol):
    """Operations on JS values used by :mod:`cloudflarefs.core.js.convert`."""

    @property
    def jsnull(self) -> Any:
        """The object Pyodide uses for JS ``null``."""
        ...

    def is_js(self, value: Any) -> bool:
        """Whether ``value`` is a JS object proxy (not a Python value)."""
        ...

    def tag(self, value: Any) -> str:
        """``Object.prototype.toString`` of the value, e.g. ``"[object Date]"``."""
        ...

    def is_plain_object(self, value: Any) -> bool:
        """Whether the object's prototype is ``Object.prototype`` or ``null``."""
        ...

    def is_error(self, value: Any) -> bool:
        """Whether the value is a JS ``Error`` (any subclass)."""
        ...

    def new_object(self, entries: Sequence[tuple[str, Any]]) -> Any:
        """``Object.fromEntries(entries)``; the values are already JS-ready."""
        ...

    def new_array(self, items: Sequence[Any]) -> Any:
        """A JS Array of already JS-ready items."""
        ...

    def new_map(self, entries: Sequence[tuple[Any, Any]]) -> Any:
        """A JS Map of already JS-ready keys and values."""
        ...

    def new_uint8array(self, data: bytes) -> Any:
        """A Uint8Array holding a copy of ``data`` in JS memory."""
        ...

    def new_date(self, epoch_ms: float) -> Any:
        """``new Date(epoch_ms)``."""
        ...

    def new_bigint(self, value: int) -> Any:
        """A JS BigInt."""
        ...

    def new_promise(self, executor: Callable[[Any, Any], None]) -> Any:
        """``new Promise(executor)``; ``executor`` is called once."""
        ...

    def new_error(self, message: str) -> Any:
        """``new Error(message)``."""
        ...

    def to_bytes(self, value: Any) -> bytes:
        """Copy an ArrayBuffer / typed array / DataView into Python bytes."""
        ...

    def date_ms(self, value: Any) -> float:
        """``date.getTime()``."""
        ...

    def object_entries(self, value: Any) -> list[tuple[str, Any]]:
        """``Object.entries(obj)``."""
        ...

    def map_entries(self, value: Any) -> list[tuple[Any, Any]]:
        """The entries of a JS Map."""
        ...

    def array_items(self, value: Any) -> list[Any]:
        """The items of a JS Array."""
        ...


class PyodideBackend:
    """:class:`JsBackend` over ``pyodide.ffi`` and ``js`` (only works inside Pyodide)."""

    def __init__(self) -> None:
        # Imported here, not at module level: host CPython has no pyodide.
        self._ffi: Any = importlib.import_module("pyodide.ffi")
        self._js: Any = importlib.import_module("js")
        self._to_string: Any = self._js.Object.prototype.toString

    @property
    def jsnull(self) -> Any:
        return self._ffi.jsnull

    def is_js(self, value: Any) -> bool:
        return isinstance(value, self._ffi.JsProxy)

    def tag(self, value: Any) -> str:
        return str(self._to_string.call(value))

    def is_plain_object(self, value: Any) -> bool:
        proto = self._js.Object.getPrototypeOf(value)
        return proto is self.jsnull or proto is None or proto == self._js.Object.prototype

    def is_error(self, value: Any) -> bool:
        return bool(self._js.Error.prototype.isPrototypeOf(value))

    def _js_list(self, items: Sequence[Any]) -> Any:
        arr = self._js.Array.new()
        for item in items:
            arr.push(item)
        return arr

    def new_object(self, entries: Sequence[tuple[str, Any]]) -> Any:
        return self._js.Object.fromEntries(self._js_list([self._js_list(e) for e in entries]))

    def new_array(self, items: Sequence[Any]) -> Any:
        return self._js_list(items)

    def new_map(self, entries: Sequence[tuple[Any, Any]]) -> Any:
        return self._js.Map.new(self._js_list([self._js_list(e) for e in entries]))

    def new_uint8array(self, data: bytes) -> Any:
        # assign() copies into JS memory; to_js(bytes) would be a view into the Wasm heap.
        arr = self._js.Uint8Array.new(len(data))
        arr.assign(data)
        return arr

    def new_date(self, epoch_ms: float) -> Any:
        return self._js.Date.new(epoch_ms)

    def new_bigint(self, value: int) -> Any:
        return self._js.BigInt(str(value))

    def new_promise(self, executor: Callable[[Any, Any], None]) -> Any:
        return self._js.Promise.new(self._ffi.create_once_callable(executor))

    def new_error(self, message: str) -> Any:
        return self._js.Error.new(message)

    def new_function(self, fn: Callable[..., Any]) -> Any:
        """A persistent JS proxy of ``fn`` (call ``.destroy()`` when done); see ``js_function``."""
        return self._ffi.create_proxy(fn)

    def to_bytes(self, value: Any) -> bytes:
        if self.tag(value) == "[object ArrayBuffer]":
            return bytes(value.to_bytes())
        view = self._js.Uint8Array.new(value.buffer, value.byteOffset, value.byteLength)
        return bytes(view.to_bytes())

    def date_ms(self, value: Any) -> float:
        return float(value.getTime())

    def object_entries(self, value: Any) -> list[tuple[str, Any]]:
        return [(str(e[0]), e[1]) for e in self._js.Object.entries(value)]

    def map_entries(self, value: Any) -> list[tuple[Any, Any]]:
        return [(e[0], e[1]) for e in getattr(self._js.Array, "from")(value.entries())]

    def array_items(self, value: Any) -> list[Any]:
        return list(value)


_override: list[JsBackend] = []
_default: list[JsBackend] = []


def backend() -> JsBackend:
    """The active backend: an override from :func:`use_backend`, else Pyodide's."""
    if _override:
        return _override[-1]
    if not _default:
        try:
            _default.append(PyodideBackend())
        except ImportError as exc:
            raise RuntimeError(
                "cloudflarefs.core.js needs Pyodide for JS values (run inside a Python Worker)"
            ) from exc
    return _default[0]


@contextlib.contextmanager
def use_backend(fake: JsBackend) -> Generator[JsBackend]:
    """Temporarily replace the backend (for host-side tests)."""
    _override.append(fake)
    try:
        yield fake
    finally:
        _override.pop()
