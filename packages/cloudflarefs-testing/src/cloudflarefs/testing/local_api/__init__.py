"""A local stand-in for Cloudflare's v4 REST API, sharing state with the served Worker.

:class:`LocalApi` owns a :class:`~cloudflarefs.testing.harness.Harness` (or uses yours) and
serves ``http://127.0.0.1:<port>/client/v4`` for one account, :data:`LOCAL_ACCOUNT_ID`. KV,
D1, R2, Queues, Workers scripts and Hyperdrive configs written through it are the ones the
Worker's bindings see. See ``docs/runtime/local-api.md``.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from types import TracebackType
from typing import Self

from cloudflarefs.testing.harness import Harness
from cloudflarefs.testing.local_api._account import LOCAL_ACCOUNT_ID, LocalAccount, ServedWorker
from cloudflarefs.testing.local_api.server import API_PREFIX, LocalApiServer
from cloudflarefs.testing.wrangler import WorkerConfig

__all__ = ["API_PREFIX", "LOCAL_ACCOUNT_ID", "LocalApi", "LocalApiServer", "ServedWorker"]


class LocalApi:
    """The local API and the Miniflare it drives.

    Args:
        harness: a started harness to share, else one is started (and closed by :meth:`close`).
        port: where the API listens (0: a free port).
        worker_port: where Miniflare serves the Worker (``None`` or 0: a free port).
        scripts_dir: where uploaded Worker modules are written (default: a temporary directory).
    """

    def __init__(
        self,
        *,
        harness: Harness | None = None,
        port: int = 0,
        worker_port: int | None = None,
        scripts_dir: Path | None = None,
    ) -> None:
        self._owns_harness = harness is None
        self._owns_scripts_dir = scripts_dir is None
        self.harness = harness or Harness()
        self.harness.start()
        self.account = LocalAccount(self.harness, worker_port=worker_port, scripts_dir=scripts_dir)
        try:
            self.server = LocalApiServer(self.account, port=port).start()
        except OSError:  # the port is taken: leave nothing running behind
            self._release()
            raise

    @property
    def base_url(self) -> str:
        """The management clients' ``base_url``: ``http://127.0.0.1:<port>/client/v4``."""
        return self.server.base_url

    @property
    def account_id(self) -> str:
        """The one account served."""
        return self.account.account_id

    @property
    def worker_url(self) -> str:
        """Where Miniflare serves the Worker (configuring it first if needed)."""
        self.account.sync()
        assert self.account.worker_url is not None
        return self.account.worker_url

    def serve_config(self, config: WorkerConfig) -> list[str]:
        """Serve a Worker read from its wrangler config, registering the resources it binds."""
        return self.account.serve_config(config)

    def reload(self, config: WorkerConfig) -> list[str]:
        """Re-import the project's Worker after a code edit (re-serving it if an upload replaced it)."""
        served = self.account.served
        if served is None or served.name != config.name or served.root != config.root:
            return self.serve_config(config)
        return self.harness.load_worker(served.root, served.module)

    def close(self) -> None:
        """Stop the API (and the harness and scripts directory, when this object made them)."""
        self.server.close()
        self._release()

    def _release(self) -> None:
        if self._owns_harness:
            self.harness.close()
        if self._owns_scripts_dir:
            shutil.rmtree(self.account.scripts_dir, ignore_errors=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
