"""Compiled structure hooks for attrs models: a fast path, and cattrs' detailed hook for errors.

cattrs' detailed-validation hooks wrap every field in ``try``/``except`` and call a hook per
field even when the JSON value already has the right type. Listing 200,000 keys spent most
of its time there. The hook compiled here checks the common cases inline (``str``, ``int``,
``float``, ``bool``, ``Any``, their ``| None`` forms) and calls the converter's hook for
everything else, so the result is the same object cattrs would build. When anything goes
wrong (a missing key, a wrong type), it runs the detailed hook on the same data instead, which
either raises cattrs' detailed error (paths to each failing field) or returns its result.

Compiling needs neither cattrs nor a converter: the per-field hooks and the detailed hook are
looked up on their first call (``hook_for``, ``detailed``), so a model whose fields are all
checked inline is structured without ever importing cattrs (a fast cold start).
"""

from __future__ import annotations

import datetime
import enum
import types
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, Union, get_args, get_origin

import attrs

__all__ = ["compile_structure_fn"]

StructureFn = Callable[[Any, Any], Any]
HookFor = Callable[[Any], StructureFn]
"""``hook_for(tp)``: the converter's structure hook for ``tp`` (may build the converter)."""

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


def _str_dict_values(tp: Any) -> Any:
    """``Any`` or ``str`` for ``dict[str, Any]`` / ``dict[str, str]``, else ``None``."""
    if get_origin(tp) is dict and get_args(tp) in ((str, Any), (str, str)):
        return get_args(tp)[1]
    return None


class _FirstCall:
    """A stand-in for ``ns[name]`` that looks the real hook up when first called, then puts
    it in ``ns`` (the compiled function reads that global on every call: no later cost)."""

    def __init__(self, ns: dict[str, Any], name: str, get: Callable[[], StructureFn]) -> None:
        self._ns, self._name, self._get = ns, name, get

    def __call__(self, v: Any, t: Any) -> Any:
        hook = self._ns[self._name] = self._get()
        return hook(v, t)


def _model_list(tp: Any) -> Any:
    """``X`` for ``list[X]`` where ``X`` is an attrs class, else ``None``."""
    if get_origin(tp) is list:
        args = get_args(tp)
        if len(args) == 1 and attrs.has(args[0]) and not _has_typevar(args[0]):
            return args[0]
    return None


def _field_code(
    i: int, tp: Any, ns: dict[str, Any], hook_for: HookFor, model_hook: HookFor
) -> list[str]:
    """Lines turning local ``v`` into the structured value of a field of type ``tp``."""
    if tp is Any:
        return []
    inner, nullable = _nullable(tp)
    # Every line below calls ``h{i}`` only for a value that is not None, so the hook is the
    # inner type's: cattrs' hook for ``X | None`` is a dispatch to X's for such values.
    ns[f"t{i}"] = inner
    # Looked up on first use: most values pass the inline checks below and never need one.
    # Models go through ``structure`` each time (they may refer back to this one).
    if _mentions_attrs(inner):
        ns[f"h{i}"] = _FirstCall(ns, f"h{i}", lambda: hook_for(None))
    else:
        ns[f"h{i}"] = _FirstCall(ns, f"h{i}", lambda: hook_for(inner))
    call = f"v = h{i}(v, t{i})"
    guard = "v is not None and " if nullable else ""
    # After an inline check of the expected JSON type: any other value goes to the hook.
    otherwise = ["elif v is not None:", f"    {call}"] if nullable else ["else:", f"    {call}"]
    if inner is float:
        # JSON numbers without a fraction arrive as int; float(v) is what cattrs' hook does.
        return [
            f"if {guard}v.__class__ is not float:",
            "    v = float(v) if v.__class__ is int else " + call[4:],
        ]
    if inner is datetime.datetime:
        # The converter's datetime hook is ``parse_datetime``, whose first step is this one C
        # call (it gives the same value whenever it accepts the text); text it refuses raises
        # here, and the detailed hook then parses it the long way.
        ns["fromiso"] = datetime.datetime.fromisoformat
        return [
            f"if {guard}v.__class__ is str:",
            "    v = fromiso(v)",
            *otherwise,
        ]
    if inner in _EXACT:
        ns[f"c{i}"] = inner
        return [f"if {guard}v.__class__ is not c{i}:", f"    {call}"]
    if isinstance(inner, type) and issubclass(inner, enum.Enum):
        # Enums are built by their class (open enums keep unknown values): make_converter's
        # hook is ``cls(v)``, called here without the dispatch.
        # The value-to-member map first: ``cls(v)`` goes through EnumMeta.__call__ (about
        # 1 µs); a member is what the call would return, and unknown values still go to it.
        ns[f"c{i}"] = inner
        ns[f"m{i}"] = inner._value2member_map_
        return [f"if {guard}v.__class__ is not c{i}:", f"    v = m{i}.get(v) or c{i}(v)"]
    if isinstance(inner, type) and attrs.has(inner) and not _has_typevar(inner):
        # A nested model: its own (compiled) hook, looked up on first use.
        ns[f"e{i}"] = _FirstCall(ns, f"e{i}", lambda: model_hook(inner))
        ns[f"te{i}"] = inner
        return [
            f"if {guard}v.__class__ is dict:",
            f"    v = e{i}(v, te{i})",
            *otherwise,
        ]
    element = _model_list(inner)
    if element is not None:
        # A list of models: each item through the model's own (compiled) hook, looked up once.
        ns[f"e{i}"] = _FirstCall(ns, f"e{i}", lambda: model_hook(element))
        ns[f"te{i}"] = element
        return [
            f"if {guard}v.__class__ is list:",
            f"    v = [e{i}(x, te{i}) for x in v]",
            *otherwise,
        ]
    values = _str_dict_values(inner)
    if values is not None:
        # cattrs copies the dict, keeping str keys (and, for ``dict[str, str]``, str values) as
        # they are; join() raises on any other key or value (a number value, which the hook
        # turns into its digits), and the detailed hook then decides.
        check_values = [] if values is Any else ["    ''.join(v.values())"]
        return [
            f"if {guard}v.__class__ is dict:",
            "    ''.join(v)",
            *check_values,
            "    v = dict(v)",
            *otherwise,
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
    hook_for: HookFor,
    detailed: Callable[[], StructureFn],
    *,
    model_hook: HookFor | None = None,
    wire_names: Mapping[str, str],
    extra_name: str | None,
) -> StructureFn | None:
    """A structure hook for attrs ``cls`` that falls back to the detailed hook on any failure.

    ``hook_for(tp)`` gives the converter's hook for a field type (``hook_for(None)``: the
    converter's ``structure``), ``detailed()`` the detailed-validation hook of ``cls``; both
    are called only when first needed; ``model_hook(X)`` gives the hook of model ``X`` for
    lists of models (default: ``hook_for(X)``). ``wire_names`` maps attribute names to JSON keys;
    ``extra_name`` is the field that keeps unknown keys (or ``None``). ``None`` for generic
    classes (use the detailed hook).
    """
    fields = attrs.fields(attrs.resolve_types(cls))
    if any(_has_typevar(f.type) for f in fields):
        return None
    direct = _direct_settable(cls, fields)
    ns: dict[str, Any] = {"cl": cls, "setattr": object.__setattr__}
    ns["detailed"] = _FirstCall(ns, "detailed", detailed)
    body: list[str] = ["obj = new(cl)" if direct else "res = {}"]
    ns["new"] = object.__new__
    known: list[str] = []
    required_count = 0
    optional = False
    for i, f in enumerate(fields):
        if f.name == extra_name or not f.init:
            continue
        key = wire_names.get(f.name, f.name)
        known.append(key)
        convert = _field_code(i, f.type, ns, hook_for, model_hook or hook_for)
        required = f.default is attrs.NOTHING
        if direct:
            # Slots are set through their descriptors: frozen classes refuse setattr.
            ns[f"s{i}"] = getattr(cls, f.name).__set__
            store = f"s{i}(obj, v)"
        else:
            store = f"res[{f.alias!r}] = v"
        if required:
            required_count += 1
            body += [f"v = o[{key!r}]", *convert, store]
            continue
        optional = True
        # ``n`` counts the known keys present: ``len(o) == n`` means no unknown key (cheaper
        # than ``o.keys() <= known`` for every item).
        body += [f"if {key!r} in o:", f"    v = o[{key!r}]", "    n += 1"]
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
    if optional:
        body.insert(0, f"n = {required_count}")
    present = "n" if optional else str(required_count)
    # Only distinct wire keys can be counted (two fields on one key would count it twice).
    no_unknown_key = (
        f"len(o) == {present}" if len(set(known)) == len(known) else "o.keys() <= known"
    )
    if not direct:
        body.append("obj = cl(**res)")
    if extra_name is not None:
        ns["known"] = frozenset(known)
        extras = "{k: x for k, x in o.items() if k not in known}"
        if direct:
            extra_default: Any = attrs.fields_dict(cls)[extra_name].default
            ns["sx"] = getattr(cls, extra_name).__set__
            factory: Any = extra_default.factory
            factory = get_origin(factory) or factory
            ns["dx"] = factory
            empty = "{}" if factory is dict else "dx()"  # a literal: no call per item
            body.append(f"sx(obj, {empty} if {no_unknown_key} else {extras})")
        else:
            body += [
                f"if not ({no_unknown_key}):",
                f"    setattr(obj, {extra_name!r}, {extras})",
            ]
    body.append("return obj")
    name = f"structure_{cls.__name__}"
    # Names fixed at compile time become closure cells (faster to load than globals); the
    # hooks looked up on first call stay in ``ns``, where they replace themselves.
    cells = sorted(k for k, v in ns.items() if not isinstance(v, _FirstCall))
    source = (
        f"def _make({', '.join(cells)}):\n"
        f"    def {name}(o, _):\n        try:\n"
        + "".join(f"            {line}\n" for line in body)
        + "        except Exception:\n            return detailed(o, _)\n"
        + f"    return {name}\n"
    )
    # Our own generated code, compiled the way attrs and cattrs compile theirs.
    exec(compile(source, f"<cloudflarefs structure {cls.__qualname__}>", "exec"), ns)
    fn: StructureFn = ns.pop("_make")(*(ns[k] for k in cells))
    fn.__doc__ = source  # readable when debugging: the hook shows its own code
    return fn
