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
import threading
import types
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    Generic,
    Literal,
    TypeVar,
    Union,
    get_args,
    get_origin,
    overload,
)

import attrs

from cloudflarefs.core._fast_structure import compile_structure_fn
from cloudflarefs.core.enums import OpenIntEnum, OpenStrEnum
from cloudflarefs.core.errors import ResponseDecodeError
from cloudflarefs.core.unset import UNSET, UnsetType

if TYPE_CHECKING:
    # cattrs is imported when a converter is first built, not with this module (cold start).
    import cattrs

__all__ = [
    "EXTRA",
    "WIRE_NAME",
    "LazyConverter",
    "Structurer",
    "default_converter",
    "extra_field",
    "lazy_structurer",
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
    try:
        # The common case in one C call: since 3.11 fromisoformat takes ``Z`` and truncates
        # digits past the sixth, as the normalisation below does.
        return _dt.datetime.fromisoformat(value)
    except ValueError:
        return _parse_normalized(value)


def _parse_normalized(value: str) -> _dt.datetime:
    """What :func:`parse_datetime` does for text ``fromisoformat`` refuses as it is."""
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    # Digits past the sixth (Cloudflare sometimes sends 9) are cut here too, so the result
    # does not depend on what this Python's fromisoformat does with them.
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


def _detailed_structure_fn(
    converter: cattrs.Converter, cls: type[Any]
) -> Callable[[Any, type[Any]], Any]:
    """cattrs' detailed-validation hook for attrs ``cls``, keeping unknown keys in ``extra``."""
    from cattrs.gen import make_dict_structure_fn, override

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
    if extra_name is None:
        return base
    known = frozenset(_wire_name(f) for f in fields if not f.metadata.get(EXTRA))
    target = extra_name

    def structure_keeping_extras(data: Any, tp: type[Any]) -> Any:
        obj = base(data, tp)
        extras = {k: v for k, v in data.items() if k not in known}
        if extras:
            # Frozen models: set the collector directly, it is ours to fill.
            object.__setattr__(obj, target, extras)
        return obj

    return structure_keeping_extras


def _compiled_structure_fn(
    cls: type[Any],
    get_converter: Callable[[], cattrs.Converter],
    model_hook: Callable[[Any], Callable[[Any, Any], Any]] | None = None,
) -> Callable[[Any, type[Any]], Any] | None:
    """The compiled hook of attrs ``cls`` (``None`` for generic classes); the converter is
    asked for (and so built) only when a value needs one of its hooks or fails the checks."""
    fields = attrs.fields(cls)

    def hook_for(tp: Any) -> Callable[[Any, Any], Any]:
        conv = get_converter()
        return conv.structure if tp is None else conv.get_structure_hook(tp)

    return compile_structure_fn(
        cls,
        hook_for,
        lambda: _detailed_structure_fn(get_converter(), cls),
        model_hook=model_hook,
        wire_names={f.name: _wire_name(f) for f in fields if WIRE_NAME in f.metadata},
        extra_name=next((f.name for f in fields if f.metadata.get(EXTRA)), None),
    )


def _structure_factory(
    converter: cattrs.Converter, compiled: bool
) -> Callable[[type[Any]], Callable[[Any, type[Any]], Any]]:
    def factory(cls: type[Any]) -> Callable[[Any, type[Any]], Any]:
        if compiled:
            # The hot path: inline type checks, the detailed hook only for errors.
            fast = _compiled_structure_fn(cls, lambda: converter)
            if fast is not None:
                return fast
        return _detailed_structure_fn(converter, cls)

    return factory


def _unstructure_factory(
    converter: cattrs.Converter,
) -> Callable[[type[Any]], Callable[[Any], Any]]:
    from cattrs.gen import make_dict_unstructure_fn, override

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
    from cattrs.preconf.json import make_converter as _make_json_converter

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


class LazyConverter:
    """A :func:`make_converter` converter built on first use, for generated model modules.

    Importing a package must not build a cattrs converter (nor import cattrs): most calls
    structure models whose fields core's compiled hooks check inline. :meth:`structure_hook`
    gives those hooks without the converter; everything else (:meth:`get`, ``structure``,
    ``unstructure``, other types' hooks, the detailed errors) builds it once, then runs
    ``configure(converter)``: a package's own hooks for other types (tagged unions), never
    for its attrs models, which always get core's compiled hooks.
    """

    __slots__ = ("_configure", "_converter", "_hooks", "_lock")

    def __init__(self, configure: Callable[[cattrs.Converter], None] | None = None) -> None:
        self._configure = configure
        self._converter: cattrs.Converter | None = None
        self._hooks: dict[Any, Callable[[Any, Any], Any]] = {}
        self._lock = threading.Lock()

    def get(self) -> cattrs.Converter:
        """The converter, built (and configured) on the first call."""
        converter = self._converter
        if converter is None:
            with self._lock:
                converter = self._converter
                if converter is None:
                    converter = make_converter()
                    if self._configure is not None:
                        self._configure(converter)
                    self._converter = converter
        return converter

    def structure_hook(self, cls: Any) -> Callable[[Any, Any], Any]:
        """The structure hook of ``cls``: core's compiled hook for an attrs model (no cattrs
        needed until a value calls for it), else the converter's."""
        hook = self._hooks.get(cls)
        if hook is None:
            fast = None
            if self._converter is None and attrs.has(cls):
                # What the built converter's factory would compile, without building it.
                fast = _compiled_structure_fn(cls, self.get, self.structure_hook)
            hook = self._hooks[cls] = fast or self.get().get_structure_hook(cls)
        return hook

    def structure(self, data: Any, cl: Any) -> Any:
        """``cattrs.Converter.structure`` of the built converter."""
        return self.get().structure(data, cl)

    def unstructure(self, obj: Any, unstructure_as: Any = None) -> Any:
        """``cattrs.Converter.unstructure`` of the built converter."""
        return self.get().unstructure(obj, unstructure_as=unstructure_as)


AnyConverter = Union["cattrs.Converter", LazyConverter]
"""What ``converter=`` accepts: a cattrs converter or a :class:`LazyConverter`."""


def _resolve(converter: AnyConverter | None) -> cattrs.Converter:
    if converter is None:
        return _default()
    return converter.get() if isinstance(converter, LazyConverter) else converter


_DEFAULT = LazyConverter()


def _default() -> cattrs.Converter:
    return _DEFAULT.get()


if TYPE_CHECKING:
    default_converter: cattrs.Converter
    """The shared converter instance; packages may use it directly or make their own."""


def __getattr__(name: str) -> Any:
    # ``default_converter`` is built on first access (PEP 562), not at import.
    if name == "default_converter":
        return _default()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def structure(
    data: Any,
    cls: type[T],
    *,
    converter: AnyConverter | None = None,
    body: bytes | None = None,
    method: str | None = None,
    path: str | None = None,
) -> T:
    """Structure ``data`` into ``cls``, turning any failure into :class:`ResponseDecodeError`.

    The error's ``details`` name the path to each failing field (cattrs' ``transform_error``).
    """
    conv = _resolve(converter)
    try:
        return conv.structure(data, cls)
    except Exception as exc:
        import cattrs

        if not isinstance(
            exc, cattrs.BaseValidationError | ValueError | TypeError | KeyError | AttributeError
        ):
            raise
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

    __slots__ = ("_cls", "_converter", "_get_cls", "_hook")

    def __init__(
        self, cls: Any, converter: AnyConverter, *, get_cls: Callable[[], Any] | None = None
    ) -> None:
        self._cls = cls
        self._get_cls = get_cls
        self._converter = converter
        self._hook: Callable[[Any, Any], T] | None = None

    def _get_hook(self) -> Callable[[Any, Any], T]:
        if self._hook is None:
            if self._get_cls is not None:
                self._cls = self._get_cls()
            conv = self._converter
            if isinstance(conv, LazyConverter):
                self._hook = conv.structure_hook(self._cls)
            else:
                self._hook = conv.get_structure_hook(self._cls)
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


def structurer(cls: Any, *, converter: AnyConverter | None = None) -> Structurer[Any]:
    """A :class:`Structurer` of ``cls`` (pagers convert their items with it)."""
    return Structurer(cls, _DEFAULT if converter is None else converter)


@overload
def lazy_structurer(
    get_cls: Callable[[], type[T]], *, converter: AnyConverter | None = None
) -> Structurer[T]: ...


@overload
def lazy_structurer(
    get_cls: Callable[[], Any], *, converter: AnyConverter | None = None
) -> Structurer[Any]: ...


def lazy_structurer(
    get_cls: Callable[[], Any], *, converter: AnyConverter | None = None
) -> Structurer[Any]:
    """A :class:`Structurer` of the class ``get_cls()`` returns, called on first use: generated
    modules name their models this way, so importing them builds no model class."""
    return Structurer(None, _DEFAULT if converter is None else converter, get_cls=get_cls)


def unstructure(obj: Any, *, converter: AnyConverter | None = None) -> Any:
    """Unstructure a model to JSON-ready data (``UNSET`` fields omitted, extras restored)."""
    return _resolve(converter).unstructure(obj)
