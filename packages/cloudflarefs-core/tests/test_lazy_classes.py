"""LazyClasses (attrs classes built on first access) and LazyConverter (converter built on use)."""

from __future__ import annotations

import subprocess
import sys
import threading
import types
from typing import Any, cast

import attrs
import pytest

from cloudflarefs.core.converter import LazyConverter, extra_field, lazy_structurer
from cloudflarefs.core.errors import ResponseDecodeError
from cloudflarefs.core.lazy_classes import LazyClasses

MODULE_SOURCE = """
from __future__ import annotations
from typing import Any
from cloudflarefs.core.converter import extra_field
from cloudflarefs.core.lazy_classes import LazyClasses

_lazy = LazyClasses(globals())
define = _lazy.define

@define(kw_only=True, frozen=True)
class Outer:
    inner: Inner | None = None
    name: str
    extra: dict[str, Any] = extra_field()

@define(kw_only=True, frozen=True)
class Inner:
    outer: list[Outer] | None = None
    size: int = 0

@define
class Alone:
    x: int

_lazy.seal()

def __getattr__(name: str) -> Any:
    return _lazy.get(name)

def __dir__() -> list[str]:
    return _lazy.dir()
"""


def _module(name: str = "lazy_models_under_test") -> types.ModuleType:
    module = types.ModuleType(name)
    sys.modules[name] = module
    exec(compile(MODULE_SOURCE, name, "exec"), module.__dict__)
    return module


def test_nothing_is_built_at_import_and_a_class_brings_the_models_it_names() -> None:
    m = _module()
    assert not {"Outer", "Inner", "Alone"} & set(vars(m))
    assert {"Outer", "Inner", "Alone"} <= set(dir(m))
    outer = m.Outer
    assert attrs.has(outer) and outer.__module__ == m.__name__
    assert {"Outer", "Inner"} <= set(vars(m)) and "Alone" not in vars(m)
    fields = attrs.fields_dict(attrs.resolve_types(outer))
    assert fields["inner"].type == m.Inner | None
    assert m.Outer is outer  # built once
    with pytest.raises(AttributeError, match="no attribute 'Missing'"):
        _ = m.Missing


def test_built_classes_are_what_the_decorator_makes() -> None:
    m = _module()
    obj = m.Outer(name="a", inner=m.Inner(size=2))
    assert obj == m.Outer(name="a", inner=m.Inner(size=2))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        obj.name = "b"  # type: ignore[misc]
    assert "__slots__" in vars(m.Outer)
    assert m.Alone(1).x == 1


def test_concurrent_first_access_builds_one_class() -> None:
    m = _module()
    seen: list[Any] = []
    threads = [threading.Thread(target=lambda: seen.append(m.Outer)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(c) for c in seen}) == 1


def test_frozen_builds_what_attrs_frozen_makes() -> None:
    namespace: dict[str, Any] = {"__name__": "frozen_demo"}
    lazy = LazyClasses(namespace)

    @lazy.frozen(kw_only=True)
    class Point:
        x: int
        y: int = 0

    namespace["Point"] = Point
    lazy.seal()
    assert "Point" not in namespace
    built = cast(Any, lazy.get("Point"))
    point = built(x=1)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        point.x = 2
    with pytest.raises(TypeError):
        built(1)  # kw_only
    assert attrs.has(cast(type, built)) and built.__module__ == Point.__module__


def test_define_after_seal_is_refused() -> None:
    lazy = LazyClasses({"__name__": "x"})
    lazy.seal()
    with pytest.raises(RuntimeError):
        lazy.define(type("Late", (), {}))


@attrs.define(kw_only=True, frozen=True)
class Item:
    name: str
    size: int | None = None
    extra: dict[str, Any] = extra_field()


def test_lazy_converter_structures_without_building_the_converter_until_needed() -> None:
    calls: list[str] = []
    conv = LazyConverter(lambda c: calls.append("configured"))
    item = lazy_structurer(lambda: Item, converter=conv)
    assert item({"name": "k", "size": 1, "new": True}) == Item(
        name="k", size=1, extra={"new": True}
    )
    assert calls == []  # every field was checked inline
    with pytest.raises(ResponseDecodeError) as info:
        item({"size": "x"})  # the detailed error needs the converter: built now, once
    assert calls == ["configured"]
    assert any("name" in d for d in info.value.details)
    assert conv.unstructure(Item(name="k")) == {"name": "k", "size": None}
    assert calls == ["configured"]


def test_importing_core_does_not_import_cattrs() -> None:
    code = (
        "import sys, cloudflarefs.core, cloudflarefs.core.converter\n"
        "print('cattrs' in sys.modules, end=' ')\n"
        "cloudflarefs.core.default_converter\n"
        "print('cattrs' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]
