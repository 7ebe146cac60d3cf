"""Derive overlay ``[[addition]]`` entries from the installed official ``cloudflare`` SDK.

The vendored spec stops at 2024-08; the official SDK is generated from Cloudflare's current spec,
so its resource methods and types carry the facts of newer operations. This tool reads those facts
(never the SDK's code): the HTTP verb and path template of a method, its query, header and body
parameters (with wire aliases), its result type and paging style. It prints TOML for
``specs/overlays/<svc>.toml``: one ``[[addition]]`` per method and a suggested ``[[operation]]``.
The output is reviewed and committed like any overlay entry; the SDK never becomes a dependency.

    tools/sdk-additions r2.buckets.cors.get r2.buckets.cors.update > /tmp/cors.toml
    tools/sdk-additions --missing r2        # every r2 method whose (verb, path) our spec slice lacks

Run it through ``tools/sdk-additions`` (it installs ``cloudflare==5.9.0`` into a throwaway
environment with ``uv run --with``).
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import enum
import inspect
import itertools
import json
import re
import sys
import textwrap
import types
import typing
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

SDK_VERSION_HINT = "cloudflare 5.9.0"
ROOT = Path(__file__).resolve().parents[2]
SPECS = ROOT / "tools" / "cloudflarefs-codegen" / "specs"
VERBS = {"_get": "get", "_post": "post", "_put": "put", "_patch": "patch", "_delete": "delete"}
# Paging classes of the SDK -> our overlay pagination style (see openapi-notes section 2).
PAGE_STYLES = {
    "SinglePage": "single",
    "V4PagePagination": "page",
    "V4PagePaginationArray": "page",
    "CursorPagination": "cursor",
    "CursorLimitPagination": "cursor",
    "CursorPaginationAfter": "cursor",
}
ENVELOPE_MESSAGES = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {"code": {"type": "integer"}, "message": {"type": "string"}},
        "required": ["code", "message"],
    },
}


class DeriveError(RuntimeError):
    """A method whose facts this tool cannot read; write its entry by hand."""


# -- locating a method ----------------------------------------------------------------------------


def sdk_method(dotted: str) -> Any:
    """The bound method ``client.<dotted>`` of an offline ``cloudflare.Cloudflare`` client."""
    import cloudflare

    client = cloudflare.Cloudflare(api_token="derive-only", base_url="http://127.0.0.1:9")
    node: Any = client
    for part in dotted.split("."):
        node = getattr(node, part)
    if not callable(node):
        raise DeriveError(f"{dotted} is not a method")
    return node


def _call_of(func_src: str) -> ast.Call:
    tree = ast.parse(textwrap.dedent(func_src))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "self"
            and node.func.attr in (*VERBS, "_get_api_list")
        ):
            return node
    raise DeriveError("no self._get/_post/... call in the method")


def _kw(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def _path_template(expr: ast.expr) -> str:
    if isinstance(expr, ast.Call) and expr.args and isinstance(expr.args[0], ast.Constant):
        return str(expr.args[0].value)
    if isinstance(expr, ast.Constant):
        return str(expr.value)
    if isinstance(expr, ast.JoinedStr):
        out = ""
        for part in expr.values:
            if isinstance(part, ast.Constant):
                out += str(part.value)
            elif isinstance(part, ast.FormattedValue) and isinstance(part.value, ast.Name):
                out += "{" + part.value.id + "}"
            else:
                raise DeriveError("unreadable f-string path")
        return out
    raise DeriveError(f"unreadable path expression {ast.dump(expr)[:80]}")


def _transform_keys(expr: ast.expr | None) -> tuple[list[str], str | None]:
    """``maybe_transform({"a": a, ...}, mod.Params)`` -> (python keys, params class expression)."""
    if not isinstance(expr, ast.Call) or not expr.args:
        return [], None
    first = expr.args[0]
    params = ast.unparse(expr.args[1]) if len(expr.args) > 1 else None
    if isinstance(first, ast.Dict):
        return [k.value for k in first.keys if isinstance(k, ast.Constant)], params
    return [], params


def _headers(func_src: str) -> dict[str, str]:
    """Header wire name -> python argument, from ``strip_not_given({...})`` dicts."""
    out: dict[str, str] = {}
    for match in re.finditer(
        r'"([A-Za-z0-9-]+)":\s*str\((\w+)\)|"([A-Za-z0-9-]+)":\s*(\w+)\s+if', func_src
    ):
        wire = match.group(1) or match.group(3)
        arg = match.group(2) or match.group(4)
        if wire.lower().startswith(("cf-", "x-", "content-", "accept")) or "-" in wire:
            out[wire] = arg
    return out


# -- types -> JSON schema ---------------------------------------------------------------------------


def _is_typeddict(tp: Any) -> bool:
    return (
        isinstance(tp, type) and hasattr(tp, "__required_keys__") and hasattr(tp, "__annotations__")
    )


def _is_model(tp: Any) -> bool:
    try:
        from pydantic import BaseModel
    except ImportError:  # pragma: no cover - the SDK depends on pydantic
        return False
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _attribute_docs(cls: type) -> dict[str, str]:
    """Field docstrings (the SDK writes the spec's descriptions as attribute docstrings)."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    except (OSError, TypeError, SyntaxError):
        return {}
    body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
    docs: dict[str, str] = {}
    for stmt, nxt in itertools.pairwise(body):
        if (
            isinstance(stmt, ast.AnnAssign)
            and isinstance(stmt.target, ast.Name)
            and isinstance(nxt, ast.Expr)
            and isinstance(nxt.value, ast.Constant)
            and isinstance(nxt.value.value, str)
        ):
            docs[stmt.target.id] = " ".join(nxt.value.value.split())
    return docs


class SchemaBuilder:
    """Python type annotations of the SDK -> inline OpenAPI 3.0 schemas (wire names, no $refs)."""

    def __init__(self) -> None:
        self._stack: list[Any] = []
        self.notes: list[str] = []

    def of(self, tp: Any) -> dict[str, Any]:
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)
        if origin is typing.Annotated:
            return self.of(args[0])
        if origin in (typing.Required, typing.NotRequired):
            return self.of(args[0])
        if tp is type(None):
            return {"nullable": True}
        if tp in (str,):
            return {"type": "string"}
        if tp is bool:
            return {"type": "boolean"}
        if tp is int:
            return {"type": "integer"}
        if tp is float:
            return {"type": "number"}
        if tp is dt.datetime:
            return {"type": "string", "format": "date-time"}
        if tp is dt.date:
            return {"type": "string", "format": "date"}
        if tp in (object, Any) or tp is typing.Any:
            return {}
        if tp is bytes:
            return {"type": "string", "format": "binary"}
        if origin is typing.Literal:
            kinds = {type(a) for a in args}
            kind = (
                {str: "string", int: "integer", bool: "boolean"}.get(kinds.pop(), "string")
                if len(kinds) == 1
                else "string"
            )
            return {"type": kind, "enum": list(args)}
        if origin in (typing.Union, types.UnionType):
            # the SDK's "argument not given" markers are not wire types
            args = tuple(a for a in args if getattr(a, "__name__", "") not in ("Omit", "NotGiven"))
            if len(args) == 1:
                return self.of(args[0])
            present = [a for a in args if a is not type(None)]
            schemas = [self.of(a) for a in present]
            out = dict(schemas[0]) if len(schemas) == 1 else {"anyOf": schemas}
            if len(present) < len(args):
                out["nullable"] = True
            return out
        if origin in (list, Sequence, Iterable, list, set, frozenset, tuple) or (
            isinstance(origin, type)
            and issubclass(origin, Iterable)
            and not issubclass(origin, Mapping)
        ):
            item = args[0] if args else Any
            return {"type": "array", "items": self.of(item)}
        if origin in (dict, Mapping, dict) or (
            isinstance(origin, type) and issubclass(origin, Mapping)
        ):
            value = args[1] if len(args) > 1 else Any
            return {"type": "object", "additionalProperties": self.of(value) or True}
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            return {"type": "string", "enum": [m.value for m in tp]}
        if _is_typeddict(tp):
            return self._typeddict(tp)
        if _is_model(tp):
            return self._model(tp)
        value = getattr(tp, "__value__", None)  # a TypeAliasType
        if value is not None:
            return self.of(value)
        name = getattr(tp, "__name__", repr(tp))
        if name in ("FileTypes", "FileContent", "PathLike") or "File" in name or "IO" in name:
            return {"type": "string", "format": "binary"}
        if isinstance(tp, type) and not vars(tp).get("__annotations__"):
            # the SDK declares some unions only for type checkers (a bare class at run time)
            self.notes.append(f"{name} is opaque at run time: typed as any value")
            return {}
        raise DeriveError(f"no schema for type {tp!r}")

    def _guard(self, tp: Any) -> bool:
        return tp in self._stack

    def _typeddict(self, tp: Any, only: Sequence[str] | None = None) -> dict[str, Any]:
        if self._guard(tp):
            return {"type": "object"}
        self._stack.append(tp)
        try:
            hints = typing.get_type_hints(tp, include_extras=True)
            docs = _attribute_docs(tp)
            props: dict[str, Any] = {}
            required: list[str] = []
            for py, hint in hints.items():
                if only is not None and py not in only:
                    continue
                wire = _alias(hint) or py
                schema = self.of(hint)
                if docs.get(py):
                    schema = {**schema, "description": docs[py]}
                props[wire] = schema
                if py in tp.__required_keys__:
                    required.append(wire)
            out: dict[str, Any] = {"type": "object", "properties": props}
            if required:
                out["required"] = required
            return out
        finally:
            self._stack.pop()

    def typeddict_fields(self, tp: Any, only: Sequence[str]) -> dict[str, Any]:
        """The object schema of the TypedDict ``tp`` limited to the python names ``only``."""
        return self._typeddict(tp, only)

    def _model(self, tp: Any) -> dict[str, Any]:
        if self._guard(tp):
            return {"type": "object"}
        self._stack.append(tp)
        try:
            docs: dict[str, str] = {}
            for klass in reversed(tp.__mro__):
                if _is_model(klass):
                    docs.update(_attribute_docs(klass))
            props: dict[str, Any] = {}
            required: list[str] = []
            for py, info in tp.model_fields.items():
                wire = info.alias or py
                annotation = info.annotation
                if not info.is_required() and info.default is None:
                    # Optional[X] = None is how the SDK spells "may be absent", not "may be null"
                    inner = [a for a in typing.get_args(annotation) if a is not type(None)]
                    if (
                        typing.get_origin(annotation) in (typing.Union, types.UnionType)
                        and len(inner) == 1
                    ):
                        annotation = inner[0]
                schema = self.of(annotation)
                if docs.get(py):
                    schema = {**schema, "description": docs[py]}
                props[wire] = schema
                if info.is_required():
                    required.append(wire)
            out: dict[str, Any] = {"type": "object", "properties": props}
            if required:
                out["required"] = required
            return out
        finally:
            self._stack.pop()


def _alias(hint: Any) -> str | None:
    if typing.get_origin(hint) in (typing.Required, typing.NotRequired):
        return _alias(typing.get_args(hint)[0])
    if typing.get_origin(hint) is typing.Annotated:
        for meta in hint.__metadata__:
            alias = getattr(meta, "alias", None)
            if isinstance(alias, str):
                return alias
    return None


# -- one method -> one operation ---------------------------------------------------------------------


def _resolve(expr: str | None, module: types.ModuleType) -> Any:
    if not expr:
        return None
    return _eval_type(ast.parse(expr, mode="eval").body, module)


def _result_type(call: ast.Call, module: types.ModuleType) -> tuple[str, Any, str | None]:
    """(kind, python type, paging class): kind is envelope, list, raw, binary or none."""
    page = _kw(call, "page")
    if page is not None:
        if not isinstance(page, ast.Subscript):
            raise DeriveError("unreadable page= argument")
        page_cls = ast.unparse(page.value).removeprefix("Sync").removeprefix("Async")
        model = _kw(call, "model")
        item_expr = model.args[1] if isinstance(model, ast.Call) and len(model.args) > 1 else model
        if item_expr is None:
            item_expr = page.slice
        return "list", _eval_type(item_expr, module), page_cls
    cast_to = _kw(call, "cast_to")
    options = _kw(call, "options")
    unwrapped = options is not None and "_unwrapper" in ast.unparse(options)
    if cast_to is None:
        return "none", None, None
    text = ast.unparse(cast_to)
    if "BinaryAPIResponse" in text:
        return "binary", None, None
    if text == "NoneType":
        return "none", None, None
    if isinstance(cast_to, ast.Call) and cast_to.args and len(cast_to.args) > 1:
        inner = cast_to.args[1]
        if isinstance(inner, ast.Subscript) and ast.unparse(inner.value) == "ResultWrapper":
            return "envelope", _eval_type(inner.slice, module), None
        cast_to = inner
    if isinstance(cast_to, ast.Subscript) and ast.unparse(cast_to.value) == "ResultWrapper":
        return "envelope", _eval_type(cast_to.slice, module), None
    return ("envelope" if unwrapped else "raw"), _eval_type(cast_to, module), None


def _eval_type(expr: ast.expr, module: types.ModuleType) -> Any:
    namespace = {**vars(typing), **vars(module)}
    try:
        return eval(compile(ast.Expression(expr), "<sdk>", "eval"), namespace)
    except Exception as exc:
        raise DeriveError(f"cannot evaluate type {ast.unparse(expr)!r}: {exc}") from exc


ENVELOPE_SCHEMA = "sdk_api-response-common"


def envelope_schema() -> dict[str, Any]:
    """The v4 envelope's common part, added once per overlay as ``[[schema]]``."""
    return {
        "type": "object",
        "required": ["success", "errors", "messages"],
        "properties": {
            "success": {"type": "boolean"},
            "errors": ENVELOPE_MESSAGES,
            "messages": ENVELOPE_MESSAGES,
        },
    }


def _envelope(result: dict[str, Any] | None, *, paged: bool) -> dict[str, Any]:
    props: dict[str, Any] = {}
    if result is not None:
        props["result"] = result
    if paged:
        props["result_info"] = {
            "type": "object",
            "properties": {
                "page": {"type": "number"},
                "per_page": {"type": "number"},
                "count": {"type": "number"},
                "total_count": {"type": "number"},
                "total_pages": {"type": "number"},
                "cursor": {"type": "string"},
            },
        }
    common = {"$ref": f"#/components/schemas/{ENVELOPE_SCHEMA}"}
    return {"allOf": [common, {"type": "object", "properties": props}]} if props else common


def derive(dotted: str) -> dict[str, Any]:
    """``{"method", "path", "operation", "pagination", "notes"}`` for the SDK method ``dotted``."""
    bound = sdk_method(dotted)
    func = bound.__func__
    module = sys.modules[func.__module__]
    src = inspect.getsource(func)
    call = _call_of(src)
    verb = VERBS.get(call.func.attr, "get")  # type: ignore[union-attr]
    if call.func.attr == "_get_api_list":  # type: ignore[union-attr]
        method_kw = _kw(call, "method")
        if isinstance(method_kw, ast.Constant):
            verb = str(method_kw.value)
    path = _path_template(call.args[0])
    hints = typing.get_type_hints(func, include_extras=True)
    builder = SchemaBuilder()
    notes: list[str] = []
    params: list[dict[str, Any]] = []
    for name in re.findall(r"\{(\w+)\}", path):
        params.append(
            {
                "in": "path",
                "name": name,
                "required": True,
                "schema": builder.of(hints.get(name, str)),
            }
        )
    options = _kw(call, "options")
    query_expr = _kw(options, "query") if isinstance(options, ast.Call) else None
    query_keys, query_params = _transform_keys(query_expr)
    query_cls = _resolve(query_params, module)
    for key in query_keys:
        hint = (
            typing.get_type_hints(query_cls, include_extras=True).get(key, hints.get(key, str))
            if query_cls
            else hints.get(key, str)
        )
        required = bool(query_cls and key in query_cls.__required_keys__)
        params.append(
            {
                "in": "query",
                "name": _alias(hint) or key,
                "required": required,
                "schema": builder.of(hint),
            }
        )
    for wire, arg in _headers(src).items():
        params.append(
            {
                "in": "header",
                "name": wire,
                "required": False,
                "schema": builder.of(hints.get(arg, str)),
            }
        )
    operation: dict[str, Any] = {
        "operationId": "sdk-" + dotted.replace(".", "-").replace("_", "-"),
        "summary": _summary(func),
        "parameters": params,
    }
    body_expr = _kw(call, "body")
    if body_expr is None and _kw(call, "content") is not None:
        operation["requestBody"] = {
            "required": True,
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            },
        }
        notes.append("raw content body: check the media type (Content-Type header?)")
    if body_expr is not None:
        body_keys, body_params = _transform_keys(body_expr)
        body_cls = _resolve(body_params, module)
        multipart = "multipart/form-data" in src or "extract_files" in src
        if body_cls is not None and body_keys and _is_typeddict(body_cls):
            schema = builder.typeddict_fields(body_cls, body_keys)
        elif body_cls is not None:
            schema = builder.of(body_cls)
        else:
            schema = {"type": "string", "format": "binary"}
            notes.append("raw body: check the media type")
        if multipart:
            notes.append("multipart body: check which parts are files")
        media = (
            "multipart/form-data"
            if multipart
            else ("application/json" if body_cls else "application/octet-stream")
        )
        operation["requestBody"] = {"required": True, "content": {media: {"schema": schema}}}
    kind, result_tp, page_cls = _result_type(call, module)
    pagination: dict[str, Any] | None = None
    if kind == "list":
        style = PAGE_STYLES.get(page_cls or "")
        if style is None:
            notes.append(f"unknown paging class {page_cls}: pagination left out")
        else:
            pagination = {"style": style}
        item = builder.of(result_tp) if result_tp is not None else {}
        content = {
            "application/json": {
                "schema": _envelope({"type": "array", "items": item}, paged=style != "single")
            }
        }
    elif kind == "envelope":
        result = builder.of(result_tp) if result_tp is not None else {}
        content = {
            "application/json": {"schema": _envelope(result or {"type": "object"}, paged=False)}
        }
    elif kind == "raw":
        content = {"application/json": {"schema": builder.of(result_tp)}}
        notes.append("result is not wrapped in the v4 envelope")
    elif kind == "binary":
        content = {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}
    else:
        content = {"application/json": {"schema": _envelope(None, paged=False)}}
    operation["responses"] = {
        "200": {"description": "Success", "content": content},
        "4XX": {
            "description": "Failure",
            "content": {"application/json": {"schema": _envelope(None, paged=False)}},
        },
    }
    notes += sorted(set(builder.notes))
    return {
        "method": verb.upper(),
        "path": path,
        "operation": operation,
        "pagination": pagination,
        "notes": notes,
    }


def _summary(func: Any) -> str:
    doc = inspect.getdoc(func) or ""
    first = doc.split("\n\n", 1)[0]
    return " ".join(first.split()) or func.__name__


# -- TOML ---------------------------------------------------------------------------------------------


def _source_files(dotted: str) -> str:
    bound = sdk_method(dotted)
    module = bound.__func__.__module__.replace(".", "/")
    return f"{SDK_VERSION_HINT} {module.removeprefix('cloudflare/')}.py ({dotted}) and its types"


def to_toml(dotted: str, facts: dict[str, Any]) -> str:
    """One ``[[addition]]`` and a suggested ``[[operation]]`` for ``dotted``."""
    op_json = json.dumps(facts["operation"], indent=2, ensure_ascii=False)
    if "'''" in op_json:
        raise DeriveError("operation JSON contains ''' (write this entry by hand)")
    parts = dotted.split(".")
    resource = parts[-2] if len(parts) > 1 else parts[0]
    lines = [
        "[[addition]]",
        f'reason = "Not in the 2024-08-06 spec; SDK 5.9.0 method {dotted} (derived by tools/sdk-additions, reviewed)"',
        f'source = "{_source_files(dotted)}"',
        f'method = "{facts["method"]}"',
        f'path = "{facts["path"]}"',
        "operation_json = '''",
        op_json,
        "'''",
        "",
        "[[operation]]",
        f'reason = "SDK 5.9.0 name {dotted}"',
        f'method = "{facts["method"]}"',
        f'path = "{facts["path"]}"',
        f'resource = "{resource}"',
        f'name = "{parts[-1]}"',
    ]
    if facts["pagination"]:
        style = facts["pagination"]["style"]
        lines.append(f'pagination = {{ style = "{style}" }}')
    for note in facts["notes"]:
        lines.append(f"# REVIEW: {note}")
    return "\n".join(lines) + "\n"


def missing(service: str) -> list[str]:
    """SDK methods of ``service`` whose (verb, path) the service's committed slice + overlay lack."""
    import tomllib

    doc = json.loads((SPECS / f"{service}.json").read_text(encoding="utf-8"))
    have = {
        (m.upper(), p)
        for p, item in doc.get("paths", {}).items()
        for m in item
        if m in VERBS.values()
    }
    overlay = SPECS / "overlays" / f"{service}.toml"
    if overlay.exists():
        data = tomllib.loads(overlay.read_text(encoding="utf-8"))
        have |= {(a["method"].upper(), a["path"]) for a in data.get("addition", [])}
    listing = json.loads(
        Path(__file__).with_name("sdk-5.9.0-methods.json").read_text(encoding="utf-8")
    )
    out: list[str] = []
    for dotted in listing.get(service, []):
        try:
            facts = derive(dotted)
        except DeriveError:
            out.append(dotted)
            continue
        if (facts["method"], _normalize(facts["path"])) not in {
            (m, _normalize(p)) for m, p in have
        }:
            out.append(dotted)
    return out


def _normalize(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "{}", path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("methods", nargs="*", help="SDK method names, e.g. r2.buckets.cors.get")
    parser.add_argument(
        "--missing", metavar="SERVICE", help="derive every method the service lacks"
    )
    parser.add_argument("--json", action="store_true", help="print the derived facts as JSON")
    args = parser.parse_args(argv)
    methods = list(args.methods)
    if args.missing:
        methods += missing(args.missing)
    status = 0
    if not args.json:
        print(
            "# Add once per overlay (skip if present): the v4 envelope the additions refer to\n"
            "[[schema]]\n"
            'reason = "The v4 envelope (success, errors, messages) shared by the SDK-derived additions"\n'
            'source = "https://developers.cloudflare.com/fundamentals/api/how-to/make-api-calls/ (response envelope)"\n'
            f'name = "{ENVELOPE_SCHEMA}"\n'
            f"schema_json = '''\n{json.dumps(envelope_schema(), indent=2)}\n'''\n"
        )
    for dotted in methods:
        try:
            facts = derive(dotted)
        except DeriveError as exc:
            print(f"# {dotted}: cannot derive ({exc}); write it by hand\n", file=sys.stderr)
            status = 1
            continue
        print(json.dumps(facts, indent=2) if args.json else to_toml(dotted, facts))
    return status


if __name__ == "__main__":
    raise SystemExit(main())
