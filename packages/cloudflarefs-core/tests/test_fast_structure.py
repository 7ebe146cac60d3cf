"""The compiled structure hooks give exactly what cattrs' detailed hooks give, or their error.

The reference converter is built with the compiled fast path switched off, so each example
is structured both ways and compared: same model (fields, extras, types), or both fail.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cloudflarefs.core import (
    WIRE_NAME,
    OpenStrEnum,
    ResponseDecodeError,
    extra_field,
    structure,
)
from cloudflarefs.core.converter import make_converter, structurer


class Color(OpenStrEnum):
    RED = "red"


@attrs.frozen(kw_only=True)
class Inner:
    n: int
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class Model:
    name: str
    size: int | None = None
    ratio: float | None = None
    flag: bool = False
    metadata: dict[str, Any] | None = None
    labels: dict[str, str] | None = None
    tags: list[str] | None = None
    color: Color | None = None
    when: dt.datetime | None = None
    inner: Inner | None = None
    inners: list[Inner] | None = None
    odd: str | None = attrs.field(default=None, metadata={WIRE_NAME: "odd-name"})
    anything: Any = None
    extra: dict[str, Any] = extra_field()


@attrs.define(kw_only=True)
class Mutable:
    name: str
    items: list[Inner] = attrs.field(factory=list[Inner])


@attrs.frozen(kw_only=True)
class Node:
    """Refers to itself: hooks for models are looked up on use, not when compiled."""

    name: str
    children: list[Node] | None = None


@pytest.fixture(scope="module")
def converters() -> tuple[Any, Any]:
    # The reference: the same rules with cattrs' detailed hooks only.
    return make_converter(), make_converter(compiled_hooks=False)


def test_the_reference_really_uses_cattrs_hooks(converters: tuple[Any, Any]) -> None:
    fast, reference = converters
    assert "cloudflarefs structure" in fast.get_structure_hook(Model).__code__.co_filename
    assert "cloudflarefs structure" not in reference.get_structure_hook(Model).__code__.co_filename


json_scalars = st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.text(max_size=5)
json_values = st.recursive(
    json_scalars | st.floats(allow_nan=False),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=6,
)


def _field(values: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return values | json_values


model_dicts = st.fixed_dictionaries(
    {},
    optional={
        "name": _field(st.text(max_size=8) | st.integers()),
        "size": _field(st.integers() | st.floats(allow_nan=False)),
        "ratio": _field(st.floats(allow_nan=False) | st.integers()),
        "flag": _field(st.booleans()),
        "metadata": _field(st.dictionaries(st.text(max_size=3), json_values, max_size=3)),
        "labels": _field(
            st.dictionaries(st.text(max_size=3), st.text(max_size=3) | st.integers(), max_size=3)
        ),
        "tags": _field(st.lists(st.text(max_size=3), max_size=3)),
        "color": _field(st.sampled_from(["red", "blue"])),
        "when": _field(
            st.sampled_from(
                [
                    "2024-01-02T03:04:05Z",
                    "2024-01-02T03:04:05.123456789Z",
                    "2024-01-02T03:04:05z",
                    " 2024-01-02T03:04:05+05:30 ",
                    "2024-01-02",
                    "not a date",
                ]
            )
        ),
        "inner": _field(st.fixed_dictionaries({"n": st.integers()}, optional={"z": json_values})),
        "inners": _field(
            st.lists(
                st.fixed_dictionaries({"n": st.integers()}, optional={"z": json_values})
                | json_values,
                max_size=3,
            )
        ),
        "odd-name": _field(st.text(max_size=3)),
        "anything": json_values,
        "unknown": json_values,
    },
)


def _outcome(converter: Any, data: Any, cls: type[Any]) -> tuple[str, Any]:
    try:
        obj = converter.structure(data, cls)
    except Exception as exc:
        return "error", type(exc).__name__
    return "ok", (obj, attrs.asdict(obj, recurse=True))


@settings(max_examples=300, deadline=None)
@given(data=model_dicts)
def test_fast_hook_matches_cattrs(converters: tuple[Any, Any], data: dict[str, Any]) -> None:
    fast, reference = converters
    got, want = _outcome(fast, data, Model), _outcome(reference, data, Model)
    assert got[0] == want[0]
    if got[0] == "ok":
        assert got[1][0] == want[1][0]
        assert got[1][1] == want[1][1]
        # Same types too (1 vs 1.0 compare equal): floats stay floats, ints ints.
        assert [type(v) for v in got[1][1].values()] == [type(v) for v in want[1][1].values()]


@given(data=st.lists(st.fixed_dictionaries({"n": st.integers()}), max_size=3), name=st.text())
def test_mutable_models_and_factories(
    converters: tuple[Any, Any], data: list[dict[str, Any]], name: str
) -> None:
    fast, reference = converters
    for payload in ({"name": name, "items": data}, {"name": name}):
        assert fast.structure(payload, Mutable) == reference.structure(payload, Mutable)
    # Each structured object gets its own default list.
    a, b = fast.structure({"name": "a"}, Mutable), fast.structure({"name": "b"}, Mutable)
    assert a.items is not b.items


def test_self_referencing_models(converters: tuple[Any, Any]) -> None:
    fast, _ = converters
    tree = {"name": "a", "children": [{"name": "b", "children": [{"name": "c"}]}]}
    node = fast.structure(tree, Node)
    assert node.children[0].children[0].name == "c"  # type: ignore[index]


def test_unknown_fields_and_enum_values_are_kept(converters: tuple[Any, Any]) -> None:
    fast, _ = converters
    model = fast.structure(
        {"name": "n", "color": "violet", "new": [1], "inner": {"n": 1, "m": 2}}, Model
    )
    assert model.color == "violet" and model.extra == {"new": [1]} and model.inner.extra == {"m": 2}
    assert fast.structure({"name": "n"}, Model).extra == {}


def test_errors_keep_their_field_paths(converters: tuple[Any, Any]) -> None:
    fast, _ = converters
    with pytest.raises(ResponseDecodeError) as info:
        structure({"name": "n", "size": "big", "inner": {}}, Model, converter=fast)
    assert any("$.size" in d for d in info.value.details)
    assert any("$.inner.n" in d for d in info.value.details)


def test_structurer_is_one_argument_and_raises_decode_errors(converters: tuple[Any, Any]) -> None:
    fast, _ = converters
    to_model = structurer(Model, converter=fast)
    assert to_model({"name": "x"}).name == "x"
    with pytest.raises(ResponseDecodeError) as info:
        to_model({"size": 1})
    assert any("$.name" in d for d in info.value.details)


def test_iterate_structures_lazily_and_raises_decode_errors(converters: tuple[Any, Any]) -> None:
    fast, _ = converters
    to_model = structurer(Model, converter=fast)
    items = to_model.iterate([{"name": "a"}, {"size": 1}])
    assert next(items).name == "a"  # the second, bad item is not structured yet
    with pytest.raises(ResponseDecodeError):
        next(items)
