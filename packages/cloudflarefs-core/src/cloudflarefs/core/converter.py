"""The preconfigured cattrs converter shared by every cloudflarefs package.

Models are plain attrs classes; their wire rules live in field metadata so that generated code
needs no per-class hooks:

- ``metadata={WIRE_NAME: "odd-name"}`` renames a field whose wire name is not an identifier;
- a field made with :func:`extra_field` collects unknown response keys, and gives them back when
  unstructuring, so nothing the server sends is lost;
- a field whose default is :data:`~cloudflarefs.core.unset.UNSET` is omitted when unstructuring
  while it is still ``UNSET``.
"""

from __future__ import annotations

import datetime as _dt
import enum
import types
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Generic, Literal, TypeVar, Union, get_args, get_origin

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.preconf.json import make_converter as _make_json_converter

from cloudflarefs.core._fast_structure import compile_structure_fn
from cloudflarefs.core.enums import OpenIntEnum, OpenStrEnum
from cloudflarefs.core.errors import ResponseDecodeError
from cloudflarefs.core.unset import UNSET, UnsetType

__all__ = [
    "EXTRA",
    "WIRE_NAME",
    "Structurer",
    "default_converter",
    "extra_field",
    "make_converter",
    "parse_datetime",
    "structure",
    "structurer",
    "unstructure",
]

T = TypeVar("T")

WIRE_NAME = "cloudflarefs.wire_name"
"""Field metadata key: the JSON name when it differs from the attribute name."""
EXTRA = "cloudflarefs.extra"
"""Field metadata key marking the dict that keeps unknown response keys."""


def extra_field() -> Any:
    """An attrs field that collects response keys the model does not declare."""
    return attrs.field(factory=dict[str, Any], kw_only=True, metadata={EXTRA: True})


def parse_datetime(value: str | _dt.datetime) -> _dt.datetime:
    """Parse ISO-8601 (``Z`` suffix and any number of fractional digits allowed)."""
    if isinstance(value, _dt.datetime):
        return value
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    # Python 3.11 accepts at most 6 fractional digits; Cloudflare sometimes sends 9.
    if "." in text:
        head, _, tail = text.partition(".")
        digits = len(tail) - len(tail.lstrip("0123456789"))
        if digits > 6:
            tail = tail[:6] + tail[digits:]
        text = f"{head}.{tail}"
    return _dt.datetime.fromisoformat(text)


def _format_datetime(value: _dt.datetime) -> str:
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _enum_value(member: enum.Enum) -> Any:
    return member.value


def _wire_name(field: attrs.Attribute[Any]) -> str:
    return str(field.metadata.get(WIRE_NAME, field.name))


def _structure_factory(
    converter: cattrs.Converter, compiled: bool
) -> Callable[[type[Any]], Callable[[Any, type[Any]], Any]]:
    def factory(cls: type[Any]) -> Callable[[Any, type[Any]], Any]:
        fields = attrs.fields(cls)
        overrides: dict[str, Any] = {}
        extra_name: str | None = None
        for f in fields:
            if f.metadata.get(EXTRA):
                extra_name = f.name
                overrides[f.name] = override(omit=True)
            elif WIRE_NAME in f.metadata:
                overrides[f.name] = override(rename=_wire_name(f))
        base = make_dict_structure_fn(
            cls, converter, _cattrs_detailed_validation=converter.detailed_validation, **overrides
        )
        detailed = base
        if extra_name is not None:
            known = frozenset(_wire_name(f) for f in fields if not f.metadata.get(EXTRA))
            target = extra_name

            def structure_keeping_extras(data: Any, tp: type[Any]) -> Any:
                obj = base(data, tp)
                extras = {k: v for k, v in data.items() if k not in known}
                if extras:
                    # Frozen models: set the collector directly, it is ours to fill.
                    object.__setattr__(obj, target, extras)
                return obj

            detailed = structure_keeping_extras
        if not compiled:
            return detailed
        # The hot path: inline type checks, and ``detailed`` (above) only for errors.
        return compile_structure_fn(
            cls,
            converter,
            detailed,
            wire_names={f.name: _wire_name(f) for f in fields if WIRE_NAME in f.metadata},
            extra_name=extra_name,
        )

    return factory


def _unstructure_factory(
    converter: cattrs.Converter,
) -> Callable[[type[Any]], Callable[[Any], Any]]:
    def factory(cls: type[Any]) -> Callable[[Any], Any]:
        fields = attrs.fields(cls)
        overrides: dict[str, Any] = {}
        extra_name: str | None = None
        for f in fields:
            if f.metadata.get(EXTRA):
                extra_name = f.name
                overrides[f.name] = override(omit=True)
                continue
            kwargs: dict[str, Any] = {}
            if WIRE_NAME in f.metadata:
                kwargs["rename"] = _wire_name(f)
            if f.default is UNSET:
                kwargs["omit_if_default"] = True
            if kwargs:
                overrides[f.name] = override(**kwargs)
        base = make_dict_unstructure_fn(cls, converter, **overrides)
        if extra_name is None:
            return base
        source = extra_name

        def unstructure_with_extras(obj: Any) -> Any:
            out = base(obj)
            extras: Mapping[str, Any] = getattr(obj, source)
            for k, v in extras.items():
                out.setdefault(k, v)
            return out

        return unstructure_with_extras

    return factory


def _is_unset_arg(arg: Any) -> bool:
    return arg is UnsetType or (get_origin(arg) is Literal and get_args(arg) == (UNSET,))


def _strip_unset(tp: Any) -> Any:
    args: tuple[Any, ...] = tuple(a for a in get_args(tp) if not _is_unset_arg(a))
    if len(args) == 1:
        return args[0]
    return Union[args]  # noqa: UP007 - a Union built at run time


def _structure_str(value: Any, _: Any) -> str:
    # A number where the spec says string (ids, codes) keeps its digits; anything else is a
    # mismatch to report, not something to stringify into "['a']".
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise ValueError(f"expected a string, got {type(value).__name__}")


def _is_string_literal(tp: Any) -> bool:
    return get_origin(tp) is Literal and all(isinstance(a, str) for a in get_args(tp))


def _structure_open_literal(tp: Any) -> Callable[[Any, Any], Any]:
    # Single-value enums in the spec (``status: "active"``) become Literal types; a value the
    # server adds later is kept as the string it sent, like open enums, instead of failing.
    def structure(value: Any, _: Any) -> Any:
        if isinstance(value, str):
            return value
        raise ValueError(f"expected one of {get_args(tp)!r}, got {value!r}")

    return structure


def make_converter(*, compiled_hooks: bool = True) -> cattrs.Converter:
    """A new converter with cloudflarefs' rules (see the module docstring).

    ``compiled_hooks=False`` structures attrs models with cattrs' detailed-validation hooks
    only (the reference the compiled hooks are tested against; same results, slower).
    """
    converter = _make_json_converter(detailed_validation=True)
    converter.register_structure_hook(_dt.datetime, lambda v, _: parse_datetime(v))
    converter.register_unstructure_hook(_dt.datetime, _format_datetime)
    converter.register_structure_hook(
        _dt.date, lambda v, _: v if isinstance(v, _dt.date) else _dt.date.fromisoformat(v)
    )
    converter.register_unstructure_hook(_dt.date, lambda d: d.isoformat())
    converter.register_structure_hook(Any, lambda v, _: v)
    converter.register_structure_hook(str, _structure_str)
    # Enums subclassing str/int must still be built by their class (open enums keep new values).
    for enum_base in (enum.Enum, enum.StrEnum, enum.IntEnum, OpenStrEnum, OpenIntEnum):
        converter.register_structure_hook(enum_base, lambda v, cls: cls(v))
    # Unions (``Status | None``) skip the per-type enum hook, so unstructure enums by predicate.
    # Send enum values, not members (str/int subclasses would otherwise pass through as-is).
    for base in (enum.Enum, OpenStrEnum, OpenIntEnum):
        converter.register_unstructure_hook(base, _enum_value)
    converter.register_unstructure_hook_func(
        lambda t: get_origin(t) in (Union, types.UnionType),
        lambda v: converter.unstructure(v, type(v)),
    )

    def is_unset_union(tp: Any) -> bool:
        args = get_args(tp)
        return len(args) > 1 and any(_is_unset_arg(a) for a in args)

    def structure_unset_union(tp: Any) -> Callable[[Any, Any], Any]:
        inner = _strip_unset(tp)
        return lambda v, _: converter.structure(v, inner)

    converter.register_structure_hook_factory(is_unset_union, structure_unset_union)
    converter.register_structure_hook_factory(_is_string_literal, _structure_open_literal)
    converter.register_unstructure_hook(UnsetType, lambda _: None)
    converter.register_structure_hook_factory(
        attrs.has, _structure_factory(converter, compiled_hooks)
    )
    converter.register_unstructure_hook_factory(attrs.has, _unstructure_factory(converter))
    return converter


default_converter: cattrs.Converter = make_converter()
"""The shared converter instance; packages may use it directly or make their own."""


def structure(
    data: Any,
    cls: type[T],
    *,
    converter: cattrs.Converter | None = None,
    body: bytes | None = None,
    method: str | None = None,
    path: str | None = None,
) -> T:
    """Structure ``data`` into ``cls``, turning any failure into :class:`ResponseDecodeError`.

    The error's ``details`` name the path to each failing field (cattrs' ``transform_error``).
    """
    conv = converter or default_converter
    try:
        return conv.structure(data, cls)
    except (cattrs.BaseValidationError, ValueError, TypeError, KeyError, AttributeError) as exc:
        details = (
            cattrs.transform_error(exc, path="$")
            if isinstance(exc, cattrs.BaseValidationError)
            else [f"{type(exc).__name__}: {exc} @ $"]
        )
        name = getattr(cls, "__name__", str(cls))
        raise ResponseDecodeError(
            f"response did not match {name}", body=body, details=details, method=method, path=path
        ) from exc


class Structurer(Generic[T]):
    """Structures data into one type: ``s(data)`` for one item, ``s.many(items)`` for a page.

    The hook is looked up once, on first use (not at import); failures raise what
    :func:`structure` raises (:class:`ResponseDecodeError` with field paths).
    """

    __slots__ = ("_cls", "_converter", "_hook")

    def __init__(self, cls: Any, converter: cattrs.Converter) -> None:
        self._cls = cls
        self._converter = converter
        self._hook: Callable[[Any, Any], T] | None = None

    def _get_hook(self) -> Callable[[Any, Any], T]:
        if self._hook is None:
            self._hook = self._converter.get_structure_hook(self._cls)
        return self._hook

    def __call__(self, data: Any) -> T:
        """One item."""
        try:
            return self._get_hook()(data, self._cls)
        except Exception:
            return structure(data, self._cls, converter=self._converter)

    def iterate(self, items: Iterable[Any]) -> Iterator[T]:
        """Every item, structured as it is handed out (pagers' item iteration uses this)."""
        hook, cls = self._get_hook(), self._cls
        for x in items:
            try:
                obj = hook(x, cls)
            except Exception:
                obj = self(x)
            yield obj

    def many(self, items: Iterable[Any]) -> list[T]:
        """Every item of a page, in one comprehension (pagers call this once per page)."""
        hook, cls = self._get_hook(), self._cls
        try:
            return [hook(x, cls) for x in items]
        except Exception:
            return [self(x) for x in items]


def structurer(cls: Any, *, converter: cattrs.Converter | None = None) -> Structurer[Any]:
    """A :class:`Structurer` of ``cls`` (pagers convert their items with it)."""
    return Structurer(cls, converter or default_converter)


def unstructure(obj: Any, *, converter: cattrs.Converter | None = None) -> Any:
    """Unstructure a model to JSON-ready data (``UNSET`` fields omitted, extras restored)."""
    return (converter or default_converter).unstructure(obj)
