"""The session's contract environment: lazy Prism servers and clients pointed at them.

Public clients are found the way the unified ``Cloudflare`` client finds them, through the
``cloudflarefs.management`` / ``cloudflarefs.management.aio`` entry points, so a service's
contract tests need no wiring here. Until a service ships its public client, the clients
fall back to the generated resource-grouped client over ``cloudflarefs.core.http``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from contract_support.prism import PrismServer, ensure_prism, write_spec
from contract_support.prism_compat import for_prism
from contract_support.recording import (
    AsyncRecordingTransport,
    ContractRecorder,
    Flavour,
    RecordingTransport,
)
from contract_support.specs import SPECS_DIR, OperationIndex, load_service_spec

__all__ = [
    "ACCOUNT_ID",
    "DUMMY_TOKEN",
    "ContractEnvironment",
    "public_client_class",
    "services_with_public_clients",
]

DUMMY_TOKEN = "contract-dummy-token"  # Prism only checks that a bearer token is present
ACCOUNT_ID = "023e105f4ecef8ad9ca31a8372d0c353"  # the spec's own example account id

_GROUPS: dict[Flavour, str] = {
    "sync": "cloudflarefs.management",
    "async": "cloudflarefs.management.aio",
}


def public_client_class(service: str, flavour: Flavour) -> type[Any] | None:
    """The service's public client class from its entry point, or None if it does not load yet."""
    for ep in entry_points(group=_GROUPS[flavour], name=service):
        try:
            loaded = ep.load()
        except (ImportError, AttributeError):
            return None
        return loaded if isinstance(loaded, type) else None
    return None


def services_with_public_clients() -> set[str]:
    """Services whose management package ships a loadable public client (sync or async)."""
    names = {ep.name for group in _GROUPS.values() for ep in entry_points(group=group)}
    return {n for n in names if public_client_class(n, "sync") or public_client_class(n, "async")}


def _generated_client(service: str, flavour: Flavour, http_kwargs: dict[str, Any]) -> Any:
    # Fallback before the public client exists: the generated root over core.http.
    from cloudflarefs_codegen.services import BY_NAME

    stem = BY_NAME[service].class_stem
    http_mod = importlib.import_module("cloudflarefs.core.http")
    if flavour == "sync":
        module = importlib.import_module(f"cloudflarefs.{service}.management._generated.client")
        return _Closing(getattr(module, f"Generated{stem}"), http_mod.HttpClient(**http_kwargs))
    module = importlib.import_module(f"cloudflarefs.{service}.management._generated.aio")
    return _Closing(
        getattr(module, f"AsyncGenerated{stem}"), http_mod.AsyncHttpClient(**http_kwargs)
    )


class _Closing:
    """Wraps a generated root client so it works as a (async) context manager like public ones."""

    def __init__(self, root: Callable[[Any], Any], http: Any) -> None:
        self._http = http
        self._root = root(http)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._root, name)

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._http.close()

    async def __aenter__(self) -> Any:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self._http.close()


class ContractEnvironment:
    """Starts one Prism per service on first use and builds recording clients for it."""

    def __init__(
        self,
        work_dir: Path,
        recorder: ContractRecorder | None = None,
        specs_dir: Path = SPECS_DIR,
    ) -> None:
        self.work_dir = work_dir
        self.recorder = recorder if recorder is not None else ContractRecorder()
        self.specs_dir = specs_dir
        self._servers: dict[str, PrismServer] = {}
        self._cli: Path | None = None

    def register(self, service: str) -> OperationIndex:
        """Load a service's spec into the recorder (no server); idempotent."""
        if service not in self.recorder.indexes:
            doc = load_service_spec(service, self.specs_dir)
            self.recorder.indexes[service] = OperationIndex(doc)
        return self.recorder.indexes[service]

    def server(self, service: str) -> PrismServer:
        """The running Prism for ``service`` (started on first call)."""
        if service not in self._servers:
            self.register(service)
            if self._cli is None:
                self._cli = ensure_prism()
            spec = write_spec(
                for_prism(load_service_spec(service, self.specs_dir)),
                self.work_dir / f"{service}.json",
            )
            server = PrismServer(self._cli, spec, log_dir=self.work_dir)
            server.start()
            self._servers[service] = server
        return self._servers[service]

    def http_kwargs(self, service: str, flavour: Flavour, **overrides: Any) -> dict[str, Any]:
        """Keyword arguments for a client (or ``HttpClient``) aimed at the service's Prism."""
        transport = (
            RecordingTransport(self.recorder, service)
            if flavour == "sync"
            else AsyncRecordingTransport(self.recorder, service)
        )
        kwargs: dict[str, Any] = {
            "api_token": DUMMY_TOKEN,
            "account_id": ACCOUNT_ID,
            "base_url": self.server(service).base_url,
            "transport": transport,
        }
        kwargs.update(overrides)
        return kwargs

    def client(self, service: str, flavour: Flavour, **overrides: Any) -> Any:
        """The service's public client (or the generated fallback), recording into the recorder."""
        kwargs = self.http_kwargs(service, flavour, **overrides)
        cls = public_client_class(service, flavour)
        if cls is None:
            other: Flavour = "async" if flavour == "sync" else "sync"
            if public_client_class(service, other) is not None:
                group = _GROUPS[flavour]
                raise LookupError(
                    f"{service} has a public {other} client but no loadable {group!r} entry "
                    f"point named {service!r}: declare it and re-run `uv sync --all-packages`"
                )
            return _generated_client(service, flavour, kwargs)
        return cls(**kwargs)

    def stop(self) -> None:
        """Stop every Prism this environment started."""
        for server in self._servers.values():
            server.stop()
        self._servers.clear()
