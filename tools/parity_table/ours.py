"""Our side of the parity table: every public sync method of the unified client and its endpoints.

The endpoint of an operation is read from its pure builder in ``_generated/operations.py``
(``ApiRequest(method=..., path=build_path("<template>", ...))``); a public method reaches
builders directly (generated resource methods) or through the private generated methods it
wraps (``self._create(...)``, ``super().list(...)`` in the hand-written layer).
"""

from __future__ import annotations

import ast
import inspect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cloudflarefs.core.http import Cloudflare

_BUILD = re.compile(r"\bbuild_(\w+)\b")  # called, or passed to a helper
_SELF_CALL = re.compile(r"\bself\.(\w+)\(")
_SUPER_CALL = re.compile(r"\bsuper\(\)\.(\w+)\(")
_SKIP = {"with_raw_response", "close", "aclose"}


@dataclass(frozen=True)
class Operation:
    """One builder of a service: ``service``, ``builder`` suffix, HTTP verb and path template."""

    service: str
    builder: str
    verb: str
    path: str


def builders_of(operations_py: Path, service: str) -> dict[str, Operation]:
    """``{builder suffix: Operation}`` read from one ``_generated/operations.py``."""
    tree = ast.parse(operations_py.read_text(encoding="utf-8"))
    found: dict[str, Operation] = {}
    for node in tree.body:
        if not (isinstance(node, ast.FunctionDef) and node.name.startswith("build_")):
            continue
        for call in ast.walk(node):
            if isinstance(call, ast.Call) and getattr(call.func, "id", None) == "ApiRequest":
                kw = {k.arg: k.value for k in call.keywords}
                verb, path = kw.get("method"), kw.get("path")
                if isinstance(path, ast.Call) and path.args:
                    path = path.args[0]
                if isinstance(verb, ast.Constant) and isinstance(path, ast.Constant):
                    name = node.name.removeprefix("build_")
                    found[name] = Operation(service, name, str(verb.value), str(path.value))
    return found


def _reached(cls: type, name: str, seen: set[tuple[type, str]]) -> set[str]:
    """Builder suffixes reached by ``cls.<name>``, following self/super calls on ``cls``."""
    defining = next((k for k in cls.__mro__ if name in vars(k)), None)
    if defining is None or (defining, name) in seen:
        return set()
    seen.add((defining, name))
    member = vars(defining)[name]
    if not inspect.isfunction(member):
        return set()
    source = inspect.getsource(member)
    found = set(_BUILD.findall(source))
    for callee in _SELF_CALL.findall(source):
        found |= _reached(cls, callee, seen)
    later = cls.__mro__[cls.__mro__.index(defining) + 1 :]
    for callee in _SUPER_CALL.findall(source):
        owner = next((k for k in later if callee in vars(k)), None)
        if owner is not None:
            found |= _reached(owner, callee, seen)
    return found


def _resources(node: Any, dotted: str, depth: int = 0) -> Iterator[tuple[str, Any]]:
    """``(dotted path, resource)`` for every resource object under a service client."""
    attributes: dict[str, Any] = dict(getattr(node, "__dict__", {}))
    for name, value in sorted(attributes.items()):
        if name.startswith("_") or not type(value).__module__.startswith("cloudflarefs."):
            continue
        yield f"{dotted}.{name}", value
        if depth < 3:
            yield from _resources(value, f"{dotted}.{name}", depth + 1)


def public_methods(cf: Cloudflare, service: str) -> Iterator[tuple[str, set[str]]]:
    """``(client.<svc>.<resource>.<method>, builder suffixes)`` of one service."""
    root: Any = getattr(cf, service)
    top = f"client.{service}"
    # The service client itself may have methods too (Workers AI's ``client.ai.run``).
    for dotted, resource in [(top, root), *_resources(root, top)]:
        cls: type[object] = type(resource)  # pyright: ignore[reportUnknownVariableType]
        names = {
            n for k in cls.__mro__ for n in vars(k) if k.__module__.startswith("cloudflarefs.")
        }
        for name in sorted(names):
            if name.startswith("_") or name in _SKIP:
                continue
            builders = _reached(cls, name, set())
            if builders:
                yield f"{dotted}.{name}", builders


def collect(
    root: Path, handwritten: dict[tuple[str, str], Operation] | None = None
) -> tuple[dict[tuple[str, str], list[str]], list[Operation]]:
    """``({(VERB, path): [public methods]}, operations without any public method)``.

    Every management package installed in the workspace counts (``Cloudflare().services()``).
    ``handwritten`` maps ``(service, builder suffix)`` of hand-written request builders (such
    as Workers AI's ``build_run``, whose path is computed) to the endpoint they build.
    """
    handwritten = handwritten or {}
    index: dict[tuple[str, str], list[str]] = {}
    unreached: list[Operation] = []
    with Cloudflare(api_token="parity-only", account_id="0" * 32) as cf:
        for service in cf.services():
            generated = next(
                root.glob(f"packages/*/src/cloudflarefs/{service}/management/_generated")
            )
            ops = builders_of(generated / "operations.py", service)
            extra = {b: op for (svc, b), op in handwritten.items() if svc == service}
            used: set[str] = set()
            for method, builders in public_methods(cf, service):
                for builder in sorted(builders & (set(ops) | set(extra))):
                    op = ops.get(builder) or extra[builder]
                    index.setdefault((op.verb, op.path), []).append(method)
                    used.add(builder)
            unreached += [op for name, op in sorted(ops.items()) if name not in used]
    return index, unreached
