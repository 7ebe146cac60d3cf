"""The one local account: its resource registry, and the Miniflare state behind it.

The registry (which namespaces, databases, buckets, queues, scripts and Hyperdrive configs
exist) lives here in Python; the data lives in Miniflare, reached through the harness. Creating
a resource only marks the Miniflare options stale: they are re-applied (``setOptions``, a second or
two, storage kept) before the next operation that needs the resource bound.
"""

from __future__ import annotations

import base64
import tempfile
import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import attrs

from cloudflarefs.testing.bindings import ApiResources, Bindings, QueueConsumer, TestDouble
from cloudflarefs.testing.errors import HarnessCommandError
from cloudflarefs.testing.harness import Harness
from cloudflarefs.testing.local_api._wire import ApiError
from cloudflarefs.testing.wrangler import WorkerConfig

__all__ = ["LOCAL_ACCOUNT_ID", "LocalAccount", "ServedWorker", "now_iso"]

LOCAL_ACCOUNT_ID = "10ca1000000000000000000000000001"
"""The account id the local API serves (any other account id is refused with 403)."""


def now_iso() -> str:
    """The current time as Cloudflare writes it (RFC 3339, UTC)."""
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def _scripts_dir(value: Path | None) -> Path:
    return Path(tempfile.mkdtemp(prefix="cloudflarefs-local-api-")) if value is None else value


@attrs.define
class ServedWorker:
    """The Python Worker Miniflare serves: its modules' directory, main module and bindings."""

    name: str
    root: Path
    module: str
    bindings: Bindings


@attrs.define
class LocalAccount:
    """Resources of the local account and the harness that holds their data.

    Every registry is a plain dict guarded by ``lock``; service modules add and read entries.
    """

    harness: Harness
    worker_port: int | None = None
    scripts_dir: Path = attrs.field(default=None, converter=_scripts_dir)
    account_id: str = LOCAL_ACCOUNT_ID
    lock: threading.RLock = attrs.field(factory=threading.RLock)
    kv: dict[str, dict[str, Any]] = attrs.field(factory=dict[str, dict[str, Any]])
    d1: dict[str, dict[str, Any]] = attrs.field(factory=dict[str, dict[str, Any]])
    r2: dict[str, dict[str, Any]] = attrs.field(factory=dict[str, dict[str, Any]])
    queues: dict[str, dict[str, Any]] = attrs.field(factory=dict[str, dict[str, Any]])
    hyperdrive: dict[str, dict[str, Any]] = attrs.field(factory=dict[str, dict[str, Any]])
    vectorize: dict[str, dict[str, Any]] = attrs.field(factory=dict[str, dict[str, Any]])
    """Vectorize indexes by name; their vectors live in the harness's test double."""
    scripts: dict[str, dict[str, Any]] = attrs.field(factory=dict[str, dict[str, Any]])
    durable_objects: dict[str, dict[str, Any]] = attrs.field(factory=dict[str, dict[str, Any]])
    """Durable Object namespaces by id (made by the scripts' migrations)."""
    files: dict[str, bytes] = attrs.field(factory=dict[str, bytes])
    """Stand-ins for presigned URLs: D1 exports to download and imports uploaded, by name."""
    served: ServedWorker | None = None
    worker_url: str | None = None
    _stale: bool = True

    # ---- Miniflare ----------------------------------------------------------------------
    def mark_stale(self) -> None:
        """The bound resources changed: re-apply Miniflare options before the next data call."""
        self._stale = True

    def bindings(self) -> Bindings:
        """The served Worker's bindings plus every resource the API must reach."""
        base = self.served.bindings if self.served else Bindings()
        script = self.served.name if self.served else None
        consumers = {
            q["queue_name"]: QueueConsumer(
                max_batch_size=c["settings"].get("batch_size"),
                max_batch_timeout=c["settings"].get("max_wait_time_ms", 5000) / 1000,
                max_retries=c["settings"].get("max_retries"),
                dead_letter_queue=c.get("dead_letter_queue"),
            )
            for q in self.queues.values()
            for c in q["consumers"]
            if c["type"] == "worker" and c.get("script") == script
        }
        pull = [
            q["queue_name"]
            for q in self.queues.values()
            if any(c["type"] == "http_pull" for c in q["consumers"])
        ]
        resources = ApiResources(
            kv=tuple(self.kv),
            d1=tuple(self.d1),
            r2=tuple(self.r2),
            queues=tuple(q["queue_name"] for q in self.queues.values()),
            pull_queues=tuple(pull),
        )
        return attrs.evolve(base, queue_consumers=consumers, api_resources=resources)

    def sync(self) -> None:
        """Apply the options now if they are stale (holding the lock)."""
        with self.lock:
            if not self._stale and self.worker_url is not None:
                return
            self.worker_url = self.harness.configure(
                self.bindings(), fresh=False, port=self.worker_port
            )
            self._stale = False

    def node(self, cmd: str, **payload: Any) -> Any:
        """Run a ``local_api.mjs`` command after syncing; Miniflare's refusals become 400s."""
        self.sync()
        try:
            return self.harness.command(cmd, **payload)
        except HarnessCommandError as err:
            raise ApiError(400, 10001, _first_line(err.js_message)) from None

    def doubles(self, op: str, **payload: Any) -> Any:
        """Run a ``doubles`` command (the TEST DOUBLES' state, ``harness/doubles.mjs``).

        It needs no Miniflare options, so nothing is re-applied first; a refusal is a 400.
        """
        try:
            return self.harness.command("doubles", op=op, **payload)
        except HarnessCommandError as err:
            raise ApiError(400, 10001, _first_line(err.js_message)) from None

    def serve_config(self, config: WorkerConfig) -> list[str]:
        """Serve a Worker from its wrangler config; the resources it binds join the registry.

        Its Analytics Engine datasets become recording TEST DOUBLES, so the local SQL API sees
        what the Worker writes (a service binding of the same name still takes precedence).
        """
        b = config.bindings
        recorded = {
            binding: TestDouble("analytics_engine", dataset)
            for binding, dataset in b.analytics_engine_datasets.items()
            if binding not in b.services
        }
        b = attrs.evolve(
            b,
            analytics_engine_datasets={},
            test_doubles={**recorded, **b.test_doubles},
        )
        with self.lock:
            for binding in b.kv:
                ns_id = b.resource_ids.get(binding, binding)
                self.kv.setdefault(
                    ns_id, {"id": ns_id, "title": binding, "supports_url_encoding": True}
                )
            for binding in b.d1:
                db_id = b.resource_ids.get(binding, binding)
                self.d1.setdefault(db_id, new_database(db_id, binding))
            for binding in b.r2:
                name = b.resource_ids.get(binding, binding)
                self.r2.setdefault(name, new_bucket(name))
            for binding, double in b.test_doubles.items():
                # An index the config's settings create (at configure) is listed by the API too.
                name, dims = double.name, double.dimensions
                if double.kind != "vectorize" or name is None or dims is None:
                    continue
                if binding not in b.services and name not in self.vectorize:
                    self.vectorize[name] = new_index(name, dims, str(double.metric))
            for queue_name in {*b.queue_producers.values(), *b.queue_consumers}:
                self.ensure_queue(queue_name)
            for queue_name, consumer in b.queue_consumers.items():
                q = self.ensure_queue(queue_name)
                if not any(c.get("script") == config.name for c in q["consumers"]):
                    q["consumers"].append(worker_consumer(queue_name, config.name, consumer))
            self.scripts.setdefault(config.name, {"id": config.name, "created_on": now_iso()})
            return self.serve(ServedWorker(config.name, config.root, config.module, b))

    def ensure_queue(self, queue_name: str) -> dict[str, Any]:
        """The queue named ``queue_name``, created when it does not exist."""
        with self.lock:
            for q in self.queues.values():
                if q["queue_name"] == queue_name:
                    return q
            q = new_queue(queue_name)
            self.queues[q["queue_id"]] = q
            self.mark_stale()
            return q

    def serve(self, worker: ServedWorker) -> list[str]:
        """Make ``worker`` the served Worker (reconfigure, then import its main module)."""
        with self.lock:
            self.served = worker
            self.mark_stale()
            self.sync()
            return self.harness.load_worker(worker.root, worker.module)


def new_database(database_id: str, name: str) -> dict[str, Any]:
    """A D1 database record."""
    return {
        "uuid": database_id,
        "name": name,
        "version": "production",
        "created_at": now_iso(),
        "num_tables": 0,
        "file_size": 0,
    }


def new_index(name: str, dimensions: int, metric: str, description: str = "") -> dict[str, Any]:
    """A Vectorize index record (its vectors live in the harness's test double)."""
    stamp = now_iso()
    return {
        "name": name,
        "description": description,
        "config": {"dimensions": dimensions, "metric": metric},
        "created_on": stamp,
        "modified_on": stamp,
    }


def new_bucket(name: str, location: str | None = None) -> dict[str, Any]:
    """An R2 bucket record."""
    return {"name": name, "creation_date": now_iso(), "location": location or "WNAM"}


def new_queue(name: str) -> dict[str, Any]:
    """A queue record; ``consumers`` holds consumer records."""
    stamp = now_iso()
    return {
        "queue_id": uuid.uuid4().hex,
        "queue_name": name,
        "created_on": stamp,
        "modified_on": stamp,
        "consumers": [],
    }


def worker_consumer(queue_name: str, script: str, settings: Any) -> dict[str, Any]:
    """A Worker consumer record for a queue, from harness :class:`QueueConsumer` settings."""
    return {
        "consumer_id": uuid.uuid4().hex,
        "type": "worker",
        "script": script,
        "queue_name": queue_name,
        "created_on": now_iso(),
        "settings": {
            "batch_size": settings.max_batch_size or 10,
            "max_retries": settings.max_retries if settings.max_retries is not None else 3,
            "max_wait_time_ms": int((settings.max_batch_timeout or 5) * 1000),
        },
        "dead_letter_queue": settings.dead_letter_queue,
    }


def _first_line(message: str) -> str:
    return message.strip().splitlines()[0] if message.strip() else "request refused"


def b64(data: bytes) -> str:
    """Base64 text of ``data``."""
    return base64.b64encode(data).decode()


def unb64(text: str) -> bytes:
    """Bytes of base64 ``text``."""
    return base64.b64decode(text)
