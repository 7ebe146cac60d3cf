"""``cloudflarefs deploy``: plan (validate everything, read the account), then execute.

:func:`plan_deploy` only reads: local files first (every bad-input error comes out before any
request), then the account's existing resources and the script's current settings. It returns a
:class:`Plan` listing the resources to create and whether the script must be uploaded.
:func:`execute` makes exactly those changes. A second run with nothing changed finds the same
content hash in the script's tags and does nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, cast
from urllib.parse import quote

import attrs

from cloudflarefs.cli.account import Account
from cloudflarefs.cli.bundle import Bundle, build_bundle
from cloudflarefs.cli.durable_objects import migrations_to_upload
from cloudflarefs.cli.errors import CliError, ConfigError
from cloudflarefs.cli.project import BindingSpec, Project, load_project
from cloudflarefs.cli.tool_config import IndexSettings, ToolConfig
from cloudflarefs.core import (
    ApiRequest,
    CloudflareError,
    InvalidInputError,
    NotFoundError,
    parse_envelope,
)
from cloudflarefs.hyperdrive.management import Origin
from cloudflarefs.workers.management import (
    AIBinding,
    AnalyticsEngineBinding,
    BindingLike,
    D1Binding,
    DurableObjectBinding,
    HyperdriveBinding,
    JSONBinding,
    KVNamespaceBinding,
    PlainTextBinding,
    QueueBinding,
    R2BucketBinding,
    ServiceBinding,
    VectorizeBinding,
    VersionMetadataBinding,
)

HASH_TAG_PREFIX = "cfdeploy-"
"""Script tag holding the deployed content hash (what makes a second run a no-op)."""


WHAT = {
    "kv": "KV namespace",
    "d1": "D1 database",
    "r2": "R2 bucket",
    "queue": "queue",
    "hyperdrive": "Hyperdrive config",
    "vectorize": "Vectorize index",
}


@attrs.frozen
class Create:
    """A resource to create before the upload; ``details`` holds what creating it needs."""

    spec: BindingSpec
    name: str
    details: dict[str, Any] = attrs.field(factory=dict[str, Any], repr=False)

    def describe(self) -> str:
        """One line for the plan (never the connection string)."""
        line = f"create {WHAT[self.spec.kind]} {self.name!r} for {self.spec.field} ({self.spec.binding})"
        index: IndexSettings | None = self.details.get("index")
        if index is not None:
            shape = (
                f"preset {index.preset}"
                if index.preset
                else f"{index.dimensions} dimensions, {index.metric}"
            )
            line += f": {shape}"
        if "env" in self.details:
            line += f": origin from ${self.details['env']}"
        return line


@attrs.define
class Plan:
    """What :func:`execute` will do."""

    project: Project
    bundle: Bundle
    ids: dict[str, str]
    """binding name → existing resource id (KV namespace id, D1 uuid)."""
    creates: list[Create]
    consumers: list[str]
    """Queues this script must be attached to as consumer."""
    current_tag: str | None
    notes: list[str] = attrs.Factory(list[str])
    migrations: dict[str, Any] | None = None
    """The upload's Durable Object ``migrations`` field (``None``: nothing to migrate)."""

    def bindings(self) -> list[BindingLike]:
        """The upload's bindings (every resource resolved)."""
        return [_binding(spec, self.ids) for spec in self.project.bindings]

    def metadata(self) -> dict[str, Any]:
        """What, with the modules, identifies the deployment (hashed)."""
        if self.creates:  # ids unknown until created: the hash is computed after creation
            return {"pending": True}
        wire: list[Any] = [
            dict(b) if isinstance(b, Mapping) else b.to_wire()  # pyright: ignore[reportUnknownMemberType, reportAttributeAccessIssue]
            for b in self.bindings()
        ]
        metadata: dict[str, Any] = {
            "main_module": self.bundle.main_module,
            "compatibility_date": self.project.compatibility_date,
            "compatibility_flags": list(self.project.compatibility_flags),
            "bindings": wire if not self.creates else "pending",
        }
        if self.project.migrations:  # the target tag, not the steps sent (those shrink to none)
            metadata["migration_tag"] = self.project.migrations[-1].tag
        return metadata

    @property
    def tag(self) -> str:
        """The hash tag of this deployment."""
        return HASH_TAG_PREFIX + self.bundle.digest(self.metadata())[:40]

    @property
    def unchanged(self) -> bool:
        """Nothing to create and the deployed content hash is this one."""
        return (
            not self.creates
            and not self.consumers
            and self.migrations is None
            and self.current_tag == self.tag
        )

    def describe(self) -> list[str]:
        """The plan, one line per change."""
        name = self.project.name
        lines = [*(f"note: {n}" for n in self.notes), *(c.describe() for c in self.creates)]
        if self.unchanged:
            return [*lines, f"worker {name!r} is up to date ({self.tag}): nothing to do"]
        lines.append(
            f"upload worker {name!r}: {len(self.bundle.modules)} modules, "
            f"{len(self.project.bindings)} bindings, compatibility_date "
            f"{self.project.compatibility_date}, flags {list(self.project.compatibility_flags)}"
        )
        if self.migrations is not None:
            lines.append(f"  with Durable Object migrations {describe_migrations(self.migrations)}")
        lines.extend(f"attach worker {name!r} as consumer of queue {q!r}" for q in self.consumers)
        return lines


def describe_migrations(migrations: Mapping[str, Any]) -> str:
    """``v1 -> v2 (1 step)`` (or ``-> v1 (...)`` for a Worker without a migration tag yet)."""
    steps: list[Any] = list(migrations.get("steps") or [])
    old = migrations.get("old_tag")
    start = f"{old} " if old else ""
    return f"{start}-> {migrations['new_tag']} ({len(steps)} step{'s' if len(steps) != 1 else ''})"


def _binding(spec: BindingSpec, ids: dict[str, str]) -> BindingLike:
    b = spec.binding
    match spec.kind:
        case "plain_text":
            return PlainTextBinding(name=b, text=spec.target)
        case "json":
            return JSONBinding(name=b, json=spec.target)
        case "kv":
            return KVNamespaceBinding(name=b, namespace_id=ids[b])
        case "d1":
            return D1Binding(name=b, id=ids[b])
        case "r2":
            return R2BucketBinding(name=b, bucket_name=spec.target)
        case "queue":
            return QueueBinding(name=b, queue_name=spec.target)
        case "hyperdrive":
            return HyperdriveBinding(name=b, id=ids.get(b, str(spec.resource_id)))
        case "vectorize":
            return VectorizeBinding(name=b, index_name=spec.target)
        case "ai":
            return AIBinding(name=b)
        case "version_metadata":
            return VersionMetadataBinding(name=b)
        case "service":
            return ServiceBinding(name=b, service=spec.target)
        case "analytics_engine":
            return AnalyticsEngineBinding(name=b, dataset=spec.target or b)
        case "ratelimit":
            return {"type": "ratelimit", "name": b, **spec.extra}
        case "durable_object":
            return DurableObjectBinding(
                name=b, class_name=spec.target, script_name=spec.extra.get("script_name")
            )
        case _:  # pragma: no cover - project.py only makes the kinds above
            raise CliError(f"{spec.field}: unknown binding kind {spec.kind!r}")


def _read(what: str, call: Callable[[], Any]) -> Any:
    try:
        return call()
    except CloudflareError as err:
        raise CliError(f"cannot read the account's {what}: {err}") from None


def plan_deploy(path: str, account: Account) -> Plan:
    """Validate the project at ``path`` and compare it with the account (read-only).

    Raises:
        ConfigError: bad input (before any request), or a binding naming a resource that
            cannot be created from the config (a missing Hyperdrive config without
            ``origin_env``, a missing Vectorize index without dimensions and metric).
        CliError: the account cannot be read.
    """
    project = load_project(path)
    bundle = build_bundle(project)
    kinds = {b.kind for b in project.bindings}
    ids: dict[str, str] = {}
    creates: list[Create] = []
    notes: list[str] = []
    if "kv" in kinds:
        namespaces = _read("KV namespaces", lambda: account.kv.namespaces.list().to_list())
        by_id = {n.id: n for n in namespaces}
        by_title = {n.title: n for n in namespaces}
        for spec in (b for b in project.bindings if b.kind == "kv"):
            title = f"{project.name}-{spec.binding}"
            if spec.resource_id in by_id:
                ids[spec.binding] = str(spec.resource_id)
            elif title in by_title:
                ids[spec.binding] = by_title[title].id
            else:
                creates.append(Create(spec, title))
            if spec.resource_id and spec.resource_id not in by_id:
                notes.append(
                    f"{spec.field}.id {spec.resource_id} is not in the account: using namespace {title!r}"
                )
    if "d1" in kinds:
        databases = _read("D1 databases", lambda: account.d1.databases.list().to_list())
        uuids = {str(d.uuid) for d in databases}
        by_name = {d.name: str(d.uuid) for d in databases}
        for spec in (b for b in project.bindings if b.kind == "d1"):
            if spec.resource_id in uuids:
                ids[spec.binding] = str(spec.resource_id)
            elif spec.target in by_name:
                ids[spec.binding] = by_name[spec.target]
            else:
                creates.append(Create(spec, str(spec.target)))
            if spec.resource_id and spec.resource_id not in uuids:
                notes.append(
                    f"{spec.field}.database_id {spec.resource_id} is not in the account: using database {spec.target!r}"
                )
    if "r2" in kinds:
        buckets = {b.name for b in _read("R2 buckets", lambda: account.r2.buckets.list().to_list())}
        creates.extend(
            Create(s, str(s.target))
            for s in project.bindings
            if s.kind == "r2" and s.target not in buckets
        )
    queue_ids: dict[str, str] = {}
    if "queue" in kinds or project.queue_consumers:
        queue_ids = {
            str(q.queue_name): str(q.queue_id)
            for q in _read("queues", lambda: account.queues.queues.list().to_list())
        }
        wanted = [s for s in project.bindings if s.kind == "queue"]
        for name in project.queue_consumers:
            if name not in {str(s.target) for s in wanted}:
                wanted.append(BindingSpec("queue", "", name, field="queues.consumers"))
        for s in wanted:
            if s.target not in queue_ids and s.target not in {c.name for c in creates}:
                creates.append(Create(s, str(s.target)))
    consumers = [
        q
        for q in project.queue_consumers
        if not _is_consumer(account, queue_ids.get(q), project.name)
    ]
    if "hyperdrive" in kinds:
        _plan_hyperdrive(project, account, ids, creates, notes)
    if "vectorize" in kinds:
        _plan_vectorize(project, account, creates)
    current: str | None = None
    try:
        current = _current_tag(account, project.name)
    except NotFoundError:
        current = None
    except CloudflareError as err:
        raise CliError(f"cannot read worker {project.name!r}: {err}") from None
    migrations = None
    if project.migrations:
        deployed = _read("Workers scripts", lambda: _migration_tag(account, project.name))
        migrations, note = migrations_to_upload(project.migrations, deployed)
        if note:
            notes.append(note)
    return Plan(project, bundle, ids, creates, consumers, current, notes, migrations)


def _plan_hyperdrive(
    project: Project, account: Account, ids: dict[str, str], creates: list[Create], notes: list[str]
) -> None:
    # A config is the binding's `id` if it exists, else the one named `<worker>-<BINDING>` (or
    # [tool.cloudflarefs.hyperdrive.B] name), created from the origin_env connection string.
    tools = project.tools or ToolConfig(project.root / "pyproject.toml")
    configs = _read("Hyperdrive configs", lambda: list(account.hyperdrive.configs.list()))
    by_id = {str(c.id): c for c in configs}
    by_name = {str(c.name): str(c.id) for c in configs}
    for spec in (b for b in project.bindings if b.kind == "hyperdrive"):
        settings = tools.hyperdrive.get(spec.binding)
        name = (settings.name if settings else None) or f"{project.name}-{spec.binding}"
        if spec.resource_id in by_id:
            ids[spec.binding] = str(spec.resource_id)
            continue
        if settings is None:
            raise ConfigError(
                project.config_path,
                f"{spec.field}.id",
                f"no Hyperdrive config {spec.resource_id} in the account (create it first, or "
                f"name the environment variable holding its connection string in "
                f"[tool.cloudflarefs.hyperdrive.{spec.binding}] origin_env of pyproject.toml)",
            )
        if name in by_name:
            ids[spec.binding] = by_name[name]
        else:
            field = f"tool.cloudflarefs.hyperdrive.{spec.binding}"
            url = settings.connection_string(tools.path, field)
            try:
                origin = Origin.from_url(url)
            except InvalidInputError as err:  # its message never holds the URL or password
                raise ConfigError(
                    tools.path, f"{field}.origin_env", f"{settings.origin_env}: {err}"
                ) from None
            creates.append(Create(spec, name, {"origin": origin, "env": settings.origin_env}))
        if spec.resource_id:
            notes.append(
                f"{spec.field}.id {spec.resource_id} is not in the account: using Hyperdrive config {name!r}"
            )


def _plan_vectorize(project: Project, account: Account, creates: list[Create]) -> None:
    tools = project.tools or ToolConfig(project.root / "pyproject.toml")
    existing = {
        str(i.name)
        for i in _read("Vectorize indexes", lambda: list(account.vectorize.indexes.list()))
    }
    for spec in (b for b in project.bindings if b.kind == "vectorize"):
        index = str(spec.target)
        if index in existing or index in {c.name for c in creates if c.spec.kind == "vectorize"}:
            continue
        settings = tools.vectorize.get(index)
        if settings is None:
            raise ConfigError(
                project.config_path,
                f"{spec.field}.index_name",
                f"no Vectorize index {index!r} in the account; to have deploy create it, set "
                f"dimensions and metric (or preset) in [tool.cloudflarefs.vectorize.{index}] "
                "of pyproject.toml",
            )
        creates.append(Create(spec, index, {"index": settings}))


def _current_tag(account: Account, script: str) -> str | None:
    # Only the tags are wanted: read them from the settings envelope directly, so a binding
    # shape the typed settings model does not know cannot stop a deploy.
    account_id = quote(account.http.resolve_account_id(None), safe="")
    path = f"/accounts/{account_id}/workers/scripts/{quote(script, safe='')}/settings"
    result: Any = parse_envelope(account.http.send(ApiRequest("GET", path))).result
    settings: dict[str, Any] = result if isinstance(result, dict) else {}  # pyright: ignore[reportUnknownVariableType]
    tags: Any = settings.get("tags")
    found = [str(t) for t in tags or [] if str(t).startswith(HASH_TAG_PREFIX)]  # pyright: ignore[reportUnknownVariableType, reportUnknownArgumentType]
    return found[0] if found else None


def _migration_tag(account: Account, script: str) -> str | None:
    # As wrangler does: the scripts list carries each script's Durable Object migration tag
    # (a field newer than the vendored spec slice, so it is read from the envelope).
    account_id = quote(account.http.resolve_account_id(None), safe="")
    path = f"/accounts/{account_id}/workers/scripts"
    result: Any = parse_envelope(account.http.send(ApiRequest("GET", path))).result
    scripts = cast(list[Any], result) if isinstance(result, list) else []
    for item in scripts:
        found = cast(dict[str, Any], item) if isinstance(item, dict) else {}
        if found.get("id") == script:
            tag: Any = found.get("migration_tag")
            return str(tag) if tag else None
    return None


def _is_consumer(account: Account, queue_id: str | None, script: str) -> bool:
    if queue_id is None:
        return False
    found = _read("queue consumers", lambda: account.queues.consumers.list(queue_id).to_list())
    # The 2024 spec names the Worker ``service``; today's API answers ``script_name`` (typed
    # since the SDK 5.9.0 overlay) and older answers ``script`` (kept in ``extra``).
    return any(script in (c.script_name, c.service, c.extra.get("script")) for c in found)


def execute(plan: Plan, account: Account, say: Callable[[str], None]) -> None:
    """Make the planned changes, reporting each as it is done."""
    for note in plan.notes:
        say(f"note: {note}")
    for create in plan.creates:
        spec = create.spec
        if spec.kind == "kv":
            ns = account.kv.namespaces.create(create.name)
            plan.ids[spec.binding] = ns.id
            say(f"created KV namespace {create.name!r}: set {spec.field}.id = {ns.id!r}")
        elif spec.kind == "d1":
            db = account.d1.databases.create(create.name)
            plan.ids[spec.binding] = str(db.uuid)
            say(
                f"created D1 database {create.name!r}: set {spec.field}.database_id = {str(db.uuid)!r}"
            )
        elif spec.kind == "r2":
            account.r2.buckets.create(create.name)
            say(f"created R2 bucket {create.name!r}")
        elif spec.kind == "queue":
            account.queues.queues.create(create.name)
            say(f"created queue {create.name!r}")
        elif spec.kind == "hyperdrive":
            made = account.hyperdrive.configs.create(create.name, origin=create.details["origin"])
            plan.ids[spec.binding] = str(made.id)
            say(
                f"created Hyperdrive config {create.name!r}: set {spec.field}.id = {str(made.id)!r}"
            )
        elif spec.kind == "vectorize":
            index: IndexSettings = create.details["index"]
            account.vectorize.indexes.create(
                create.name,
                dimensions=index.dimensions,
                metric=index.metric,
                preset=index.preset,
                description=index.description,
            )
            say(f"created Vectorize index {create.name!r} ({index.shape()})")
    plan.creates = []
    if plan.current_tag == plan.tag and plan.migrations is None:
        say(f"worker {plan.project.name!r} is up to date ({plan.tag})")
    else:
        extra: dict[str, Any] = {} if plan.migrations is None else {"migrations": plan.migrations}
        account.workers.scripts.upload(
            plan.project.name,
            list(plan.bundle.modules),
            compatibility_date=plan.project.compatibility_date,
            compatibility_flags=list(plan.project.compatibility_flags),
            bindings=plan.bindings(),
            tags=[plan.tag],
            extra_metadata=extra,
        )
        migrated = (
            f", Durable Object migrations {describe_migrations(plan.migrations)}"
            if plan.migrations is not None
            else ""
        )
        say(
            f"uploaded worker {plan.project.name!r} ({len(plan.bundle.modules)} modules, "
            f"{len(plan.project.bindings)} bindings{migrated}) as {plan.tag}"
        )
        plan.current_tag = plan.tag
        plan.migrations = None
    if plan.consumers:
        known = {str(q.queue_name): str(q.queue_id) for q in account.queues.queues.list().to_list()}
        for name in plan.consumers:
            account.queues.consumers.create(known[name], script_name=plan.project.name)
            say(f"attached worker {plan.project.name!r} as consumer of queue {name!r}")
        plan.consumers = []
