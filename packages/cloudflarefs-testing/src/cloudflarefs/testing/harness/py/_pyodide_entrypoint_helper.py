"""Stand-in for workerd's ``_pyodide_entrypoint_helper`` module (harness only).

The workers SDK imports this to reach ``cloudflare:workers`` and to patch ``ctx.waitUntil``.
The harness' ExecutionContext already accepts Python awaitables, so patching is a no-op.
"""

import importlib
from collections.abc import Generator
from typing import Any

_js: Any = importlib.import_module("js")

cloudflareWorkersModule: Any = _js.__cfhWorkersModule
cloudflareSocketsModule: Any = None


async def doAnImport(module_name: str) -> Any:
    """Refuse JS imports: the harness has no workerd module registry."""
    raise ImportError(f"{module_name!r} cannot be imported in the offline harness")


def patch_env_helper(kwds: Any) -> Generator[None]:
    """Accept ``workers.patch_env`` without effect (there is one global env offline)."""
    yield


def patchWaitUntil(ctx: Any) -> None:
    """Nothing to patch: the harness ctx copies PyProxies itself."""
