"""attrs classes created on first access, so a module of many models is cheap to import.

Creating an attrs class compiles its ``__init__``, ``__repr__``, ``__eq__`` ... (about 0.2 ms
each); a generated ``models`` module holds dozens. With :class:`LazyClasses`, the module's
class statements only build plain classes; each is turned into its attrs class (the very
decorator call it was written with) when first looked up through the module's ``__getattr__``
(PEP 562), together with the classes its annotations name, so resolving its field types finds
them. Only what a program uses is ever built. The module reads:

.. code-block:: python

    _lazy = LazyClasses(globals())
    if TYPE_CHECKING:
        from attrs import define  # type checkers see plain attrs classes
    else:
        define = _lazy.define

    @define(kw_only=True, frozen=True)
    class Key: ...

    _lazy.seal()  # after the last class


    def __getattr__(name: str) -> Any:
        return _lazy.get(name)


    def __dir__() -> list[str]:
        return _lazy.dir()

The classes are exactly what decorating them at import would have made (same module, name,
fields and behaviour); only the moment of creation moves.
"""

from __future__ import annotations

import inspect
import re
import threading
from collections.abc import Callable
from typing import Any

__all__ = ["LazyClasses"]

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class LazyClasses:
    """The not-yet-built attrs classes of one module (see the module docstring)."""

    __slots__ = ("_lock", "_namespace", "_pending", "_sealed")

    def __init__(self, namespace: dict[str, Any]) -> None:
        self._namespace = namespace
        self._pending: dict[str, tuple[type[Any], Callable[[type[Any]], type[Any]]]] = {}
        self._lock = threading.RLock()
        self._sealed = False

    def define(self, maybe_cls: type[Any] | None = None, **kwargs: Any) -> Any:
        """Stands in for ``attrs.define``: records the class and its arguments for later."""
        if maybe_cls is not None:
            return self._record(maybe_cls, kwargs)

        def decorate(cls: type[Any]) -> type[Any]:
            return self._record(cls, kwargs)

        return decorate

    def frozen(self, maybe_cls: type[Any] | None = None, **kwargs: Any) -> Any:
        """Stands in for ``attrs.frozen`` (``define`` with ``frozen=True, on_setattr=None``)."""
        return self.define(maybe_cls, frozen=True, on_setattr=None, **kwargs)

    def _record(self, cls: type[Any], kwargs: dict[str, Any]) -> type[Any]:
        if self._sealed:
            raise RuntimeError("LazyClasses.define after seal()")

        def build(plain: type[Any]) -> type[Any]:
            import attrs

            return attrs.define(plain, **kwargs)

        self._pending[cls.__name__] = (cls, build)
        return cls

    def seal(self) -> None:
        """Take the recorded plain classes out of the module, so lookups reach ``get``."""
        self._sealed = True
        for name in self._pending:
            del self._namespace[name]

    def get(self, name: str) -> type[Any]:
        """The attrs class ``name``, built now if needed (``AttributeError`` if unknown)."""
        ready = self._namespace.get(name)
        if ready is not None:
            return ready
        with self._lock:
            if name in self._namespace:  # another thread built it meanwhile
                return self._namespace[name]
            if name not in self._pending:
                module = self._namespace.get("__name__")
                raise AttributeError(f"module {module!r} has no attribute {name!r}")
            # Field types are resolved against the module's globals, so the models named in
            # the annotations (and theirs) are built too, and all appear in the module at once.
            built: dict[str, type[Any]] = {}
            todo = [name]
            while todo:
                current = todo.pop()
                if current in built or current not in self._pending:
                    continue
                plain, build = self._pending[current]
                built[current] = build(plain)
                for annotation in inspect.get_annotations(plain).values():
                    todo += _NAME.findall(str(annotation))
            for done in built:
                del self._pending[done]
            self._namespace.update(built)
            return built[name]

    def dir(self) -> list[str]:
        """The module's names, built or not (for the module's ``__dir__``)."""
        return sorted({*self._namespace, *self._pending})
