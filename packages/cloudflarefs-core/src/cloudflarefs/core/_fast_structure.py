"""Compiled structure hooks for attrs models: a fast path, and cattrs' detailed hook for errors.

cattrs' detailed-validation hooks wrap every field in ``try``/``except`` and call a hook per
field even when the JSON value already has the right type. Listing 200,000 keys spent most
of its time there. The hook compiled here checks the common cases inline (``str``, ``int``,
``float``, ``bool``, ``Any``, their ``| None`` forms) and calls the converter's hook for
everything else, so the result is the same object cattrs would build. When anything goes
wrong (a missing key, a wrong type), it runs the detailed hook on the same data instead, which
either raises cattrs' detailed error (paths to each failing field) or returns its result.
"""

from __future__ import annotations

import enum
import types
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, Union, get_args, get_origin

import attrs
import cattrs

__all__ = ["compile_structure_fn"]

StructureFn = Callable[[Any, Any], Any]

_FACTORY: type[Any] = type(attrs.Factory(dict[str, Any]))  # attrs.Factory is typed as a function
_EXACT = (str, int, float, bool)
"""Types whose hook returns an instance of exactly that class unchanged."""


def _nullable(tp: Any) -> tuple[Any, bool]:
    """``(X, True)`` for ``X | None``, else ``(tp, False)``."""
    if get_origin(tp) in (Union, types.UnionType):
        args = get_args(tp)
        if len(args) == 2 and type(None) in args:
            return (args[0] if args[1] is type(None) else args[1]), True
    return tp, False


def _has_typevar(tp: Any) -> bool:
    return isinstance(tp, TypeVar) or any(_has_typevar(a) for a in get_args(tp))


def _mentions_attrs(tp: Any) -> bool:
    return attrs.has(tp) or any(_mentions_attrs(a) for a in get_args(tp))


def _is_str_dict(tp: Any) -> bool:
    return get_origin(tp) is dict and get_args(tp) == (str, Any)


def _field_code(i: int, tp: Any, ns: dict[str, Any], converter: cattrs.Converter) -> list[str]:
    """Lines turning local ``v`` into the structured value of a field of type ``tp``."""
    if tp is Any:
        return []
    ns[f"t{i}"] = tp
    # Models are looked up on use (they may refer back to this one); other hooks now.
    ns[f"h{i}"] = converter.structure if _mentions_attrs(tp) else converter.get_structure_hook(tp)
    call = f"v = h{i}(v, t{i})"
    inner, nullable = _nullable(tp)
    guard = "v is not None and " if nullable else ""
    if inner is float:
        # JSON numbers without a fraction arrive as int; float(v) is what cattrs' hook does.
        return [
            f"if {guard}v.__class__ is not float:",
            "    v = float(v) if v.__class__ is int else " + call[4:],
        ]
    if inner in _EXACT:
        ns[f"c{i}"] = inner
        return [f"if {guard}v.__class__ is not c{i}:", f"    {call}"]
    if isinstance(inner, type) and issubclass(inner, enum.Enum):
        # Enums are built by their class (open enums keep unknown values): make_converter's
        # hook is ``cls(v)``, called here without the dispatch.
        ns[f"c{i}"] = inner
        return [f"if {guard}v.__class__ is not c{i}:", f"    v = c{i}(v)"]
    if _is_str_dict(inner):
        # cattrs copies the dict, keeping str keys (and values) as they are; join() raises on
        # any other key, and the detailed hook then decides.
        return [
            f"if {guard}v.__class__ is dict:",
            "    ''.join(v)",
            "    v = dict(v)",
            *(["elif v is not None:", f"    {call}"] if nullable else ["else:", f"    {call}"]),
        ]
    if nullable:
        return ["if v is not None:", f"    {call}"]
    return [call]


def _direct_settable(cls: type[Any], fields: tuple[attrs.Attribute[Any], ...]) -> bool:
    """Whether building ``cls`` by setting its slots gives what ``cls(**kwargs)`` gives.

    True for slotted classes whose fields are all in ``__init__`` with plain defaults or
    argument-less factories, and no validators, converters, or pre/post-init hooks.
    """
    if "__slots__" not in cls.__dict__ or hasattr(cls, "__attrs_pre_init__"):
        return False
    # Any slot that is not a field (``cache_hash``'s cache) is one __init__ would fill.
    names = {f.name for f in fields}
    if any(s not in names and s != "__weakref__" for s in cls.__dict__["__slots__"]):
        return False
    if hasattr(cls, "__attrs_post_init__"):
        return False
    for f in fields:
        has_converter = getattr(f, "converter", None) is not None
        if not f.init or f.validator is not None or has_converter:
            return False
        default: Any = f.default
        if isinstance(default, _FACTORY) and default.takes_self:
            return False
        if not isinstance(getattr(cls, f.name, None), types.MemberDescriptorType):
            return False
    return True


def compile_structure_fn(
    cls: type[Any],
    converter: cattrs.Converter,
    detailed: StructureFn,
    *,
    wire_names: Mapping[str, str],
    extra_name: str | None,
) -> StructureFn:
    """A structure hook for attrs ``cls`` that falls back to ``detailed`` on any failure.

    ``wire_names`` maps attribute names to JSON keys; ``extra_name`` is the field that keeps
    unknown keys (or ``None``). Generic classes get ``detailed`` itself.
    """
    fields = attrs.fields(attrs.resolve_types(cls))
    if any(_has_typevar(f.type) for f in fields):
        return detailed
    direct = _direct_settable(cls, fields)
    ns: dict[str, Any] = {"cl": cls, "detailed": detailed, "setattr": object.__setattr__}
    body: list[str] = ["obj = new(cl)" if direct else "res = {}"]
    ns["new"] = object.__new__
    known: list[str] = []
    for i, f in enumerate(fields):
        if f.name == extra_name or not f.init:
            continue
        key = wire_names.get(f.name, f.name)
        known.append(key)
        convert = _field_code(i, f.type, ns, converter)
        required = f.default is attrs.NOTHING
        if direct:
            # Slots are set through their descriptors: frozen classes refuse setattr.
            ns[f"s{i}"] = getattr(cls, f.name).__set__
            store = f"s{i}(obj, v)"
        else:
            store = f"res[{f.alias!r}] = v"
        if required:
            body += [f"v = o[{key!r}]", *convert, store]
            continue
        body += [f"if {key!r} in o:", f"    v = o[{key!r}]"]
        body += ["    " + line for line in convert]
        if direct:
            default: Any = f.default
            if isinstance(default, _FACTORY):
                ns[f"d{i}"] = default.factory
                fallback = f"d{i}()"
            else:
                ns[f"d{i}"] = default
                fallback = f"d{i}"
            body += ["else:", f"    v = {fallback}"]
        body.append(store if direct else "    " + store)
    if not direct:
        body.append("obj = cl(**res)")
    if extra_name is not None:
        ns["known"] = frozenset(known)
        extras = "{k: x for k, x in o.items() if k not in known}"
        if direct:
            extra_default: Any = attrs.fields_dict(cls)[extra_name].default
            ns["sx"] = getattr(cls, extra_name).__set__
            factory: Any = extra_default.factory
            ns["dx"] = get_origin(factory) or factory  # dict[str, Any]() is slower than dict()
            body.append(f"sx(obj, dx() if o.keys() <= known else {extras})")
        else:
            body += [
                "if not o.keys() <= known:",
                f"    setattr(obj, {extra_name!r}, {extras})",
            ]
    body.append("return obj")
    name = f"structure_{cls.__name__}"
    source = (
        f"def {name}(o, _):\n    try:\n"
        + "".join(f"        {line}\n" for line in body)
        + "    except Exception:\n        return detailed(o, _)\n"
    )
    # Our own generated code, compiled the way attrs and cattrs compile theirs.
    exec(compile(source, f"<cloudflarefs structure {cls.__qualname__}>", "exec"), ns)
    fn: StructureFn = ns[name]
    fn.__doc__ = source  # readable when debugging: the hook shows its own code
    return fn
