"""One check of every generated operation of every management package, against the spec.

For each operation the generator derived from a spec slice (method, path template, parameters,
body), the committed ``_generated/operations.py`` must hold a builder that, called with distinct
values, produces the spec's method and the path template with each path parameter in its place,
each string query and header parameter under its wire name, and the body where its kind says;
a parser for it; and the same method in the sync and the async generated client. Models
structuring the spec's examples is checked by ``test_examples.py``.
"""

from __future__ import annotations

import datetime
import enum
import importlib
import inspect
import re
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs
import pytest
from cloudflarefs_codegen.generate import load_service_doc
from cloudflarefs_codegen.model import Operation, build_operations
from cloudflarefs_codegen.report import Report
from cloudflarefs_codegen.services import SERVICES, Service

from cloudflarefs.core import wire
from cloudflarefs.core.errors import InvalidInputError
from cloudflarefs.core.wire import ApiRequest


def _operations(service: Service) -> list[Operation]:
    doc, overlay, _ = load_service_doc(service)
    ops, _ = build_operations(doc, service.name, overlay, Report())
    return ops


CASES = [(service, op) for service in SERVICES for op in _operations(service)]


def _module(service: Service, name: str) -> types.ModuleType:
    return importlib.import_module(f"{service.module}._generated.{name}")


def _minimal(tp: Any, namespace: Mapping[str, Any], depth: int = 0) -> Any:
    """A small valid value of the (resolved) type ``tp``: required model fields only."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is typing.Literal:
        return args[0]
    if origin in (types.UnionType, typing.Union):
        return _minimal(next(a for a in args if a is not type(None)), namespace, depth)
    if origin in (list, Sequence) or tp in (list, Sequence):
        return []
    if origin in (dict, Mapping) or tp in (dict, Mapping):
        return {}
    if tp is str or tp is Any:
        return "x"
    if tp is bool:
        return True
    if tp in (int, float):
        return 1
    if tp is bytes:
        return b"x"
    if tp is datetime.datetime:
        return datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return next(iter(tp))
    if attrs.has(tp):
        assert depth < 8, f"{tp} nests too deeply for a minimal value"
        hints = typing.get_type_hints(tp, globalns=dict(namespace))
        kwargs = {
            f.name: _minimal(hints[f.name], namespace, depth + 1)
            for f in attrs.fields(tp)
            if f.default is attrs.NOTHING and f.init
        }
        return tp(**kwargs)
    raise AssertionError(f"no minimal value for {tp!r}")


def _names(service: Service, module: Any = None) -> dict[str, Any]:
    """``module``'s globals plus every model and ``MultipartPart``: the generated modules import
    them for type checkers only, and they are built on first access, so they are looked up here."""
    models = _module(service, "models")
    names = {n: getattr(models, n) for n in models.__all__}
    names["MultipartPart"] = wire.MultipartPart
    return {**vars(models), **names, **(vars(module) if module is not None else {})}


def _body_values(service: Service, op: Operation) -> dict[str, Any]:
    """A value for every body argument of ``build_<op>`` (required or not): the body, the
    raw content or the multipart parts."""
    ops = _module(service, "operations")
    builder = getattr(ops, f"build_{op.func}")
    hints = typing.get_type_hints(builder, globalns=_names(service, ops))
    namespace = _names(service)
    values: dict[str, Any] = {}
    for param in inspect.signature(builder).parameters.values():
        if param.name in {p.py for p in op.params}:
            continue
        hint = hints[param.name]
        if bytes in (hint, *typing.get_args(hint)):
            values[param.name] = b"payload"
        else:
            values[param.name] = _minimal(hint, namespace)
    return values


def _call_builder(service: Service, op: Operation) -> tuple[ApiRequest, dict[str, str]]:
    """Call ``build_<op>`` with a distinct token per string parameter and a value for each
    body argument; returns the request and the tokens."""
    ops = _module(service, "operations")
    builder: Callable[..., ApiRequest] = getattr(ops, f"build_{op.func}")
    kwargs, tokens = _builder_kwargs(service, op)
    return builder(**kwargs), tokens


def _builder_kwargs(service: Service, op: Operation) -> tuple[dict[str, Any], dict[str, str]]:
    """Arguments for ``build_<op>``: a token per string parameter, a minimal value for every
    other required parameter (such as a required enum query parameter) and body argument."""
    ops = _module(service, "operations")
    builder: Callable[..., ApiRequest] = getattr(ops, f"build_{op.func}")
    hints = typing.get_type_hints(builder, globalns=_names(service, ops))
    namespace = _names(service)
    kwargs: dict[str, Any] = _body_values(service, op)
    tokens: dict[str, str] = {}
    for param in op.params:
        hint = hints[param.py]
        if str in (hint, *typing.get_args(hint)):
            tokens[param.py] = kwargs[param.py] = f"t{len(tokens)}-{param.py}"
        elif param.required:
            kwargs[param.py] = _minimal(hint, namespace)
    return kwargs, tokens


def test_every_service_has_operations() -> None:
    counts = {service.name: len(_operations(service)) for service in SERVICES}
    assert all(counts.values()), counts
    assert len(CASES) > 150


@pytest.mark.parametrize(("service", "op"), CASES, ids=[f"{s.name}:{op.func}" for s, op in CASES])
def test_builder_places_method_path_parameters_and_body(service: Service, op: Operation) -> None:
    request, tokens = _call_builder(service, op)
    assert request.method == op.method.upper()
    expected_path = op.path
    for param in op.params:
        if param.location == "path":
            expected_path = expected_path.replace("{" + param.wire + "}", tokens[param.py])
    assert "{" not in expected_path, f"unplaced path parameter in {expected_path}"
    assert request.path == expected_path
    for param in op.params:
        if param.py not in tokens:
            continue
        if param.location == "query":
            assert request.params[param.wire] == tokens[param.py]
        elif param.location == "header":
            assert request.headers[param.wire] == tokens[param.py]
    bodies = (request.json, request.content, request.multipart)
    if op.body is None:
        assert bodies == (None, None, None)
    elif op.body.kind == "multipart":
        if op.body.parts:
            assert request.multipart, "no multipart parts"
        else:  # only caller-named parts (extra_parts), e.g. Workers asset uploads by hash
            assert request.multipart == []
        assert {part.name for part in request.multipart} <= {p.wire for p in op.body.parts}
    elif op.body.kind == "content":
        assert request.content == b"payload"
        assert request.headers.get("Content-Type") == op.body.media_type
    else:
        assert request.json is not None and bodies[1:] == (None, None)


@pytest.mark.parametrize(
    ("service", "op"),
    [case for case in CASES if any(p.location == "path" for p in case[1].params)],
    ids=lambda case: getattr(case, "func", getattr(case, "name", "")),
)
def test_builder_refuses_an_empty_path_parameter(service: Service, op: Operation) -> None:
    ops = _module(service, "operations")
    builder: Callable[..., ApiRequest] = getattr(ops, f"build_{op.func}")
    valid, _ = _builder_kwargs(service, op)
    path_params = [p.py for p in op.params if p.location == "path"]
    for name in path_params:
        kwargs = {**valid, name: ""}
        with pytest.raises(InvalidInputError):
            builder(**kwargs)


@pytest.mark.parametrize("service", SERVICES, ids=lambda s: s.name)
def test_every_operation_has_a_parser_and_nothing_else_is_generated(service: Service) -> None:
    ops = _module(service, "operations")
    funcs = {op.func for op in _operations(service)}
    defined = {
        name
        for name, fn in inspect.getmembers(ops, inspect.isfunction)
        if fn.__module__ == ops.__name__ and not name.startswith("_")
    }
    builders = {n.removeprefix("build_") for n in defined if n.startswith("build_")}
    assert {b.removesuffix("_stream") for b in builders} == funcs
    assert {f"parse_{f}" for f in funcs} <= defined


def _client_methods(module: types.ModuleType) -> dict[str, dict[str, inspect.Signature]]:
    """``{resource class name without Async: {method: signature}}`` of a generated client."""
    out: dict[str, dict[str, inspect.Signature]] = {}
    for name, cls in inspect.getmembers(module, inspect.isclass):
        if cls.__module__ != module.__name__ or "Generated" in name:
            continue
        methods = {
            m: inspect.signature(fn)
            for m, fn in inspect.getmembers(cls, inspect.isfunction)
            if not m.startswith("_")
        }
        out[re.sub(r"^Async", "", name)] = methods
    return out


@pytest.mark.parametrize("service", SERVICES, ids=lambda s: s.name)
def test_async_generated_client_has_the_sync_methods_and_parameters(service: Service) -> None:
    sync = _client_methods(_module(service, "client"))
    aio = _client_methods(_module(service, "aio"))
    assert sync and sync.keys() == aio.keys()
    for resource, methods in sync.items():
        assert methods.keys() == aio[resource].keys(), resource
        for name, signature in methods.items():
            assert list(signature.parameters) == list(aio[resource][name].parameters), name
