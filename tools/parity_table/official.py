"""The official SDK's side of the parity table: every method of our services' resource trees.

Runs where ``cloudflare`` is installed (``tools/parity official`` installs it into a throwaway
environment with ``uv run --with``; it is never a dependency of ours). It walks
``Cloudflare().<service>`` through its ``cached_property`` sub-resources, and reads each method's
HTTP verb and path template from its source with the readers of ``tools/sdk_additions/derive.py``
(facts only, never the SDK's code). The result is committed as ``official-sdk.json``, so
the table can be rebuilt and drift-checked without the SDK; ``official --check`` compares the
committed file with the installed SDK.
"""

from __future__ import annotations

import functools
import inspect
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "sdk_additions"))

import derive  # noqa: E402  (tools/sdk_additions/derive.py: the shared verb/path readers)

# Our 14 services by the SDK's attribute name; Analytics Engine has no resource tree in the SDK
# (only a binding type), so it has no official rows.
SERVICES = (
    "ai",
    "d1",
    "durable_objects",
    "hyperdrive",
    "kv",
    "pages",
    "queues",
    "r2",
    "secrets_store",
    "vectorize",
    "workers",
    "workers_for_platforms",
    "workflows",
)
SERVICES_WITHOUT_SDK_TREE = ("analytics_engine",)


def endpoint(func: Any) -> tuple[str, str]:
    """``(VERB, path template)`` of one SDK resource method."""
    call = derive._call_of(inspect.getsource(func))  # pyright: ignore[reportPrivateUsage]
    verb = derive.VERBS.get(call.func.attr, "get")  # type: ignore[union-attr]
    if call.func.attr == "_get_api_list":  # type: ignore[union-attr]
        method = derive._kw(call, "method")  # pyright: ignore[reportPrivateUsage]
        if method is not None:
            verb = str(method.value)  # type: ignore[attr-defined]
    return verb.upper(), derive._path_template(call.args[0])  # pyright: ignore[reportPrivateUsage]


def _own_members(cls: type) -> dict[str, Any]:
    """Members defined by the SDK's resource classes (not the shared base classes)."""
    members: dict[str, Any] = {}
    for klass in reversed(cls.__mro__):
        if klass.__module__.startswith("cloudflare.resources"):
            members.update(vars(klass))
    return members


def walk(node: Any, dotted: str) -> list[dict[str, str]]:
    """Every method under ``node`` (a resource), depth first, sorted by name."""
    rows: list[dict[str, str]] = []
    for name, member in sorted(_own_members(type(node)).items()):
        if name.startswith("_") or name.startswith("with_"):
            continue
        if isinstance(member, functools.cached_property):
            rows += walk(getattr(node, name), f"{dotted}.{name}")
        elif inspect.isfunction(member):
            verb, path = endpoint(member)
            rows.append({"method": f"{dotted}.{name}", "verb": verb, "path": path})
    return rows


def extract() -> dict[str, Any]:
    """``{"sdk": "cloudflare <version>", "services": {service: [rows]}}`` from the installed SDK."""
    import cloudflare

    client = cloudflare.Cloudflare(api_token="parity-only", base_url="http://127.0.0.1:9")
    services = {name: walk(getattr(client, name), name) for name in SERVICES}
    return {
        "sdk": f"cloudflare {cloudflare.__version__}",
        "services": services,
        "no_tree": list(SERVICES_WITHOUT_SDK_TREE),
    }


def dump(data: dict[str, Any]) -> str:
    """The committed form (stable, one row per line group)."""
    return json.dumps(data, indent=1, sort_keys=True) + "\n"
