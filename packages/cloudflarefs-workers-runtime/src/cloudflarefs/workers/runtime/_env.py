"""Declarative ``Env``: name each binding once, wrap the JS ``env`` in one call."""

from __future__ import annotations

import inspect
import sys
import types
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, TypeVar, Union, dataclass_transform, get_args, get_origin

import attrs

from cloudflarefs.core import ConfigurationError, structure
from cloudflarefs.core.js import JS_NULL, from_js
from cloudflarefs.workers.runtime._secret import Secret

E = TypeVar("E", bound="Env")

_NAME = "cloudflarefs.workers.binding_name"
_WRAP = "cloudflarefs.workers.binding_wrap"
_SCOPE = "__cloudflarefs_scope__"

Converter = Callable[[Any, str], Any]


def binding(
    name: str | None = None,
    *,
    wrap: Callable[[Any], Any] | None = None,
    default: Any = attrs.NOTHING,
) -> Any:
    """Customise one ``Env`` field.

    Args:
        name: the binding's name in ``env`` when it differs from the attribute name.
        wrap: a callable that builds the field's value from the raw JS binding (overrides the
            rule picked from the annotation).
        default: the value when the binding is absent (else an absent binding is an error,
            unless the annotation allows ``None``).
    """
    metadata: dict[str, Any] = {}
    if name is not None:
        if not name:
            raise ConfigurationError("binding name must not be empty")
        metadata[_NAME] = name
    if wrap is not None:
        metadata[_WRAP] = wrap
    return attrs.field(default=default, metadata=metadata)


@attrs.frozen
class _Slot:
    attr: str
    js_name: str
    convert: Converter
    optional: bool
    has_default: bool


def _type_error(js_name: str, want: str, value: Any) -> ConfigurationError:
    return ConfigurationError(f"binding {js_name!r} should be {want}, got {type(value).__name__}")


def _scalar(tp: type[Any]) -> Converter:
    def convert(raw: Any, js_name: str) -> Any:
        value = from_js(raw, objects="all")
        ok = isinstance(value, tp) and not (tp is not bool and isinstance(value, bool))
        if tp is float and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        if not ok:
            raise _type_error(js_name, tp.__name__, value)
        return value

    return convert


def _json(tp: type[Any]) -> Converter:
    def convert(raw: Any, js_name: str) -> Any:
        value = from_js(raw, objects="all")
        if not isinstance(value, tp):
            raise _type_error(js_name, f"a JSON {tp.__name__}", value)
        return value

    return convert


def _secret(inner: Any) -> Converter:
    check = _converter_for(inner) if inner is not Any else None

    def convert(raw: Any, js_name: str) -> Any:
        return Secret(check(raw, js_name) if check else from_js(raw))

    return convert


def _attrs_model(tp: type[Any]) -> Converter:
    def convert(raw: Any, js_name: str) -> Any:
        return structure(from_js(raw, objects="all"), tp)

    return convert


def _wrapper(factory: Callable[[Any], Any]) -> Converter:
    def convert(raw: Any, js_name: str) -> Any:
        return factory(raw)

    return convert


def _raw(raw: Any, js_name: str) -> Any:
    return raw


def _converter_for(tp: Any) -> Converter:
    origin = get_origin(tp) or tp
    if tp is Any or tp is object:
        return _raw
    if origin is Secret:
        args = get_args(tp)
        return _secret(args[0] if args else Any)
    if origin in (str, int, float, bool):
        return _scalar(origin)
    if origin in (dict, list):
        return _json(origin)
    if isinstance(origin, type):
        from_js_method = getattr(origin, "from_js", None)
        if callable(from_js_method):
            return _wrapper(from_js_method)
        if attrs.has(origin):
            return _attrs_model(origin)
        return _wrapper(origin)
    raise ConfigurationError(f"cannot wrap a binding annotated {tp!r}; use binding(wrap=...)")


def _split_optional(tp: Any) -> tuple[Any, bool]:
    if get_origin(tp) in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        optional = len(args) < len(get_args(tp))
        if len(args) != 1:
            raise ConfigurationError(
                f"ambiguous binding annotation {tp!r}; use binding(wrap=...) to choose"
            )
        return args[0], optional
    return tp, False


def _annotations(cls: type[Any]) -> dict[str, Any]:
    # String annotations (``from __future__ import annotations``) are evaluated in the scope
    # that defined the class (captured by ``Env.__init_subclass__``), so classes declared inside
    # functions resolve too; evaluated ones (3.14's lazy annotations) are used as they are.
    hints: dict[str, Any] = {}
    for klass in reversed(cls.__mro__):
        scope: tuple[dict[str, Any], dict[str, Any]] | None = klass.__dict__.get(_SCOPE)
        globalns, localns = scope or (None, None)
        hints.update(
            inspect.get_annotations(klass, eval_str=True, globals=globalns, locals=localns)
        )
    return hints


def _plan(cls: type[Env]) -> list[_Slot]:
    fields = attrs.fields(cls)
    hints = _annotations(cls)
    slots: list[_Slot] = []
    for field in fields:
        js_name: str = field.metadata.get(_NAME, field.name)
        tp, optional = _split_optional(hints.get(field.name) or Any)
        wrap = field.metadata.get(_WRAP)
        convert = _wrapper(wrap) if wrap is not None else _converter_for(tp)
        has_default = field.default is not attrs.NOTHING
        slots.append(_Slot(field.name, js_name, convert, optional, has_default))
    return slots


def unwrap_sdk_env(env: Any) -> Any:
    """The JS env inside workers-runtime-sdk's ``_EnvWrapper`` (``WorkerEntrypoint.env``).

    The SDK wraps bindings by ``constructor.name`` into untyped converting proxies; our wrappers
    need the JS objects themselves so the codec alone decides conversions.
    """
    if type(env).__name__ == "_EnvWrapper":
        return getattr(env, "_env", env)
    return env


def _read(js_env: Any, name: str) -> Any:
    if isinstance(js_env, Mapping):
        mapping: Mapping[str, Any] = js_env  # pyright: ignore[reportUnknownVariableType]
        value: Any = mapping.get(name)
    else:
        value = getattr(js_env, name, None)
    # JS null (pyodide's ``jsnull``, type ``JsNull``) means absent, like undefined.
    if value is JS_NULL or type(value).__name__ == "JsNull":
        return None
    return value


@dataclass_transform(kw_only_default=True, frozen_default=True, field_specifiers=(binding,))
class Env:
    """Base class for a typed view of the Worker's ``env``.

    Declare one annotated attribute per binding, then wrap the JS env once::

        class MyEnv(Env):
            KV: KVNamespace                  # any class taking the JS binding: KVNamespace(env.KV)
            DB: D1Database
            GREETING: str                    # a text var
            LIMITS: dict[str, int]           # a JSON var
            API_KEY: Secret[str]             # a secret; repr shows '**********'
            VER: VersionMetadata             # classes with a ``from_js`` classmethod use it
            CACHE: KVNamespace | None = None  # optional binding
            auth: Fetcher = binding("AUTH_SERVICE")  # attribute name differs from binding

        env = MyEnv.from_js(self.env)

    Rules by annotation: ``str``/``int``/``float``/``bool`` and ``dict``/``list`` are vars
    (type-checked); ``Secret[...]`` hides the value; a class with ``from_js`` uses it; an attrs
    class is structured from a JSON var; any other class is called with the raw binding;
    ``Any`` keeps the raw JS object. Subclasses are frozen attrs classes.
    """

    __cloudflarefs_plan__: ClassVar[list[_Slot] | None] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        caller = sys._getframe(1)  # pyright: ignore[reportPrivateUsage]  # runs the class statement
        setattr(cls, _SCOPE, (caller.f_globals, dict(caller.f_locals)))
        # slots=False: attrs then patches this class in place instead of building a new one.
        attrs.define(cls, frozen=True, kw_only=True, slots=False)
        cls.__cloudflarefs_plan__ = None

    @classmethod
    def from_js(cls: type[E], js_env: Any) -> E:
        """Wrap every declared binding of ``js_env`` (the JS env, or a mapping in tests).

        Raises :class:`~cloudflarefs.core.ConfigurationError` naming every missing binding, or a
        var whose type does not match its annotation.
        """
        js_env = unwrap_sdk_env(js_env)
        plan = cls.__dict__.get("__cloudflarefs_plan__")
        if plan is None:
            plan = _plan(cls)
            cls.__cloudflarefs_plan__ = plan
        values: dict[str, Any] = {}
        missing: list[str] = []
        for slot in plan:
            raw = _read(js_env, slot.js_name)
            if raw is None:
                if slot.has_default:
                    continue
                if slot.optional:
                    values[slot.attr] = None
                else:
                    missing.append(slot.js_name)
                continue
            values[slot.attr] = slot.convert(raw, slot.js_name)
        if missing:
            raise ConfigurationError(
                f"{cls.__name__}: env has no binding {', '.join(map(repr, missing))} "
                "(declare it in your wrangler config, or make the field optional)"
            )
        return cls(**values)
