"""Binding specifications for the harness: which KV, R2, D1, queues... a test Worker gets.

A :class:`Bindings` value is turned into JSON for the Node process, which maps it onto Miniflare
options (``harness/options.mjs``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, cast

import attrs
import cattrs

JsonValue = Any


@attrs.frozen
class QueueConsumer:
    """Consumer settings of a queue delivered to the Python Worker's ``queue`` handler."""

    max_batch_size: int | None = None
    max_batch_timeout: float | None = None
    max_retries: int | None = None
    dead_letter_queue: str | None = None
    retry_delay: int | None = None


@attrs.frozen
class DurableObject:
    """A Durable Object namespace.

    With ``python=True`` the class is a Python class of that name exported by the loaded
    Worker module (it runs in Pyodide behind a JS facade in workerd); otherwise it is a JS
    class in ``Bindings.durable_object_script``. ``sqlite`` selects SQLite-backed storage.
    """

    class_name: str
    sqlite: bool = True
    python: bool = False
    storage_id: str | None = None
    """Names the objects' storage (the local API gives each namespace its own); default: the
    class name, so every load of the same class sees the same objects."""


@attrs.frozen
class RateLimit:
    """A rate-limit binding: ``limit`` requests per ``period`` seconds (10 or 60)."""

    limit: int
    period: int = 60


@attrs.frozen
class ApiResources:
    """Resources the local Cloudflare API reaches through its hidden ``cfh-api`` worker.

    ``kv`` and ``d1`` are storage ids, ``r2`` bucket names, ``queues`` queue names the API can
    send to, ``pull_queues`` queues whose messages wait for HTTP pull consumers.
    """

    kv: tuple[str, ...] = ()
    d1: tuple[str, ...] = ()
    r2: tuple[str, ...] = ()
    queues: tuple[str, ...] = ()
    pull_queues: tuple[str, ...] = ()


@attrs.frozen
class StoreSecret:
    """A Secrets Store binding to ``secret_name`` in ``store_id``.

    ``value``, when given, is created in Miniflare's local store at configure time (each
    configure gets a fresh, empty store); without it ``get()`` fails as for a missing secret.
    The value is never part of ``repr``.
    """

    store_id: str
    secret_name: str
    value: str | None = attrs.field(default=None, repr=False)


@attrs.frozen
class Workflow:
    """A Workflow binding whose class is a Python ``WorkflowEntrypoint`` of the loaded Worker.

    ``name`` is the Workflow's name (``workflow_name`` in its events); ``class_name`` names the
    class in the Worker's main module. Miniflare runs a JS facade of that class, so every step
    goes through Miniflare's real Workflows engine (retries, sleeps, events, durable results).
    """

    name: str
    class_name: str


@attrs.frozen
class TestDouble:
    """A TEST DOUBLE in the Worker's ``env`` for a binding without a local simulator.

    ``kind`` is ``"ai"`` (Workers AI: text-embedding models only, hashed bags of words, not model
    output), ``"vectorize"`` (the index named ``name``, created with the local API's
    ``doubles`` command or the Vectorize management endpoints) or ``"analytics_engine"`` (the
    dataset ``name``, which keeps every data point for the local SQL API). They run in the
    harness's Node process (``harness/doubles.mjs``) and keep their state across a ``configure``
    that keeps storage (``fresh=False``, as the local API's reloads); a fresh one resets them.
    A service binding of the same name (``Bindings.services``) takes the double's place.

    For ``"vectorize"``, ``dimensions`` and ``metric`` (when given) create the index at
    ``configure`` if the double has none of that name; an existing index is kept as it is.
    """

    __test__ = False  # not a pytest test class, despite the name

    kind: Literal["ai", "vectorize", "analytics_engine"]
    name: str | None = None
    dimensions: int | None = None
    metric: str | None = None


def _tuple(value: Any) -> tuple[str, ...]:
    return tuple(value)


def _dict(value: Any) -> dict[str, Any]:
    return dict(value)


@attrs.frozen
class Bindings:
    """Everything bound to the Worker's ``env``; all fields are optional.

    Names are binding names (``env.NAME``). ``services`` maps a binding to the name of a JS worker
    given in ``workers`` (name → ES module source). ``analytics_engine_datasets`` maps a binding
    to its dataset; Miniflare's local dataset accepts data points and keeps nothing, so to
    observe them bind a recording JS worker under the same name in ``services``, which then
    takes the dataset's place. ``resource_ids`` maps a KV, D1 or R2 binding to its storage id
    (namespace id, database id, bucket name); without it the binding name is the id.
    ``api_resources`` is what the local Cloudflare API binds (see ``local_api``).
    ``test_doubles`` puts a :class:`TestDouble` in ``env`` under a binding name.
    """

    kv: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    r2: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    d1: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    queue_producers: dict[str, str] = attrs.field(factory=dict[str, str], converter=_dict)
    queue_consumers: dict[str, QueueConsumer] = attrs.field(
        factory=dict[str, QueueConsumer], converter=_dict
    )
    durable_objects: dict[str, DurableObject] = attrs.field(
        factory=dict[str, DurableObject], converter=_dict
    )
    durable_object_script: str | None = None
    services: dict[str, str] = attrs.field(factory=dict[str, str], converter=_dict)
    workers: dict[str, str] = attrs.field(factory=dict[str, str], converter=_dict)
    vars: dict[str, JsonValue] = attrs.field(factory=dict[str, JsonValue], converter=_dict)
    secrets: dict[str, str] = attrs.field(factory=dict[str, str], converter=_dict)
    rate_limits: dict[str, RateLimit] = attrs.field(factory=dict[str, RateLimit], converter=_dict)
    secrets_store_secrets: dict[str, StoreSecret] = attrs.field(
        factory=dict[str, StoreSecret], converter=_dict
    )
    workflows: dict[str, Workflow] = attrs.field(factory=dict[str, Workflow], converter=_dict)
    version_metadata: str | None = None
    hyperdrive: dict[str, str] = attrs.field(factory=dict[str, str], converter=_dict)
    analytics_engine_datasets: dict[str, str] = attrs.field(factory=dict[str, str], converter=_dict)
    compatibility_date: str = "2025-06-01"
    compatibility_flags: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    resource_ids: dict[str, str] = attrs.field(factory=dict[str, str], converter=_dict)
    api_resources: ApiResources | None = None
    test_doubles: dict[str, TestDouble] = attrs.field(
        factory=dict[str, TestDouble], converter=_dict
    )

    def merge(self, other: Bindings) -> Bindings:
        """Combine two specs; ``other`` wins on conflicts."""
        mine: dict[str, Any] = _converter.unstructure(self)
        theirs: dict[str, Any] = _converter.unstructure(other)
        defaults: dict[str, Any] = _converter.unstructure(Bindings())
        merged: dict[str, Any] = {}
        for key, value in mine.items():
            new: Any = theirs[key]
            if isinstance(value, dict) and isinstance(new, dict):
                merged[key] = {**cast(dict[str, Any], value), **new}
            elif isinstance(value, list):
                merged[key] = list(dict.fromkeys([*cast(list[Any], value), *new]))
            else:
                merged[key] = new if new != defaults[key] else value
        return _converter.structure(merged, Bindings)

    def to_json(self) -> dict[str, Any]:
        """The JSON shape ``harness/options.mjs`` reads."""
        data: dict[str, Any] = _converter.unstructure(self)
        return data


_converter = cattrs.Converter()


def as_bindings(value: Bindings | Mapping[str, Any] | None) -> Bindings:
    """Accept a :class:`Bindings` or a plain mapping with the same field names."""
    if value is None:
        return Bindings()
    if isinstance(value, Bindings):
        return value
    return _converter.structure(dict(value), Bindings)
