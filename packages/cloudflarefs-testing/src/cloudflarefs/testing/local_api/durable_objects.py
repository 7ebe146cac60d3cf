"""Durable Objects: a script's migrations, its namespaces, and their bindings in the served Worker.

As in production, migrations belong to the script (not to a version): an upload's
``migrations`` (single-step or ``steps``) is applied once, checked against the script's current
tag (``old_tag``), and creates, renames or deletes namespaces. Each namespace is one Miniflare
Durable Object storage, keyed by the namespace id: a renamed class keeps its objects, a deleted
one loses them. A ``durable_object_namespace`` binding must name a class a migration created.
"""

from __future__ import annotations

import uuid
from typing import Any

from cloudflarefs.testing.bindings import DurableObject
from cloudflarefs.testing.local_api._account import LocalAccount
from cloudflarefs.testing.local_api._wire import (
    ApiError,
    Request,
    Response,
    Router,
    as_list,
    as_object,
    envelope,
    validation_error,
)

NAMESPACES = "/accounts/{account_id}/workers/durable_objects/namespaces"
BAD_UPLOAD = 10021
TAG_PRECONDITION_FAILED = 10079
CLASS_NOT_A_DURABLE_OBJECT = 10061
_STEP_LISTS = ("new_classes", "new_sqlite_classes", "deleted_classes")

__all__ = [
    "MigrationState",
    "apply_migrations",
    "check_bindings",
    "commit",
    "harness_objects",
    "register",
]

MigrationState = dict[str, Any]
"""``{"tag": str | None, "classes": {class_name: namespace_id}}`` of one script."""


def _names(step: dict[str, Any], key: str) -> list[str]:
    names = as_list(step.get(key), f"migrations: {key}")
    if not all(isinstance(n, str) and n for n in names):
        raise validation_error(f"migrations: {key} must be a list of class names", BAD_UPLOAD)
    return [str(n) for n in names]


def _steps(migrations: dict[str, Any]) -> list[dict[str, Any]]:
    if "steps" in migrations:
        return [as_object(s, "migrations step") for s in as_list(migrations["steps"], "steps")]
    return [{k: v for k, v in migrations.items() if k not in ("old_tag", "new_tag")}]


def apply_migrations(
    account: LocalAccount, script: str, state: MigrationState, metadata: dict[str, Any]
) -> tuple[MigrationState, list[dict[str, Any]]]:
    """The script's state after the upload's ``migrations``, and the namespaces it creates.

    Pure with respect to ``state`` and the account (the caller commits both), so a refused
    upload changes nothing.

    Raises:
        ApiError: a malformed field (10021), ``old_tag`` not the current tag (10079), a step
            that creates an existing class or renames/deletes a missing one (10021).
    """
    raw = metadata.get("migrations")
    classes: dict[str, str] = dict(state.get("classes", {}))
    if raw is None:
        return {"tag": state.get("tag"), "classes": classes}, []
    migrations = as_object(raw, "migrations")
    current, old = state.get("tag"), migrations.get("old_tag")
    if (old or None) != current:
        raise ApiError(
            400,
            TAG_PRECONDITION_FAILED,
            f"Migration tag precondition failed; current tag is {current!r}, got {old!r}",
        )
    created: list[dict[str, Any]] = []
    for step in _steps(migrations):
        for key in ("new_classes", "new_sqlite_classes"):
            for name in _names(step, key):
                if name in classes:
                    raise validation_error(f"class {name!r} already has a namespace", BAD_UPLOAD)
                classes[name] = uuid.uuid4().hex
                created.append(
                    {
                        "id": classes[name],
                        "name": f"{script}_{name}",
                        "script": script,
                        "class": name,
                        "use_sqlite": key == "new_sqlite_classes",
                    }
                )
        for pair in as_list(step.get("renamed_classes"), "renamed_classes"):
            rename = as_object(pair, "renamed_classes item")
            old_name, new_name = str(rename.get("from")), str(rename.get("to"))
            if old_name not in classes or new_name in classes:
                raise validation_error(
                    f"cannot rename class {old_name!r} to {new_name!r}", BAD_UPLOAD
                )
            classes[new_name] = classes.pop(old_name)
        if step.get("transferred_classes"):
            raise validation_error("transferred_classes are not served locally", BAD_UPLOAD)
        for name in _names(step, "deleted_classes"):
            if classes.pop(name, None) is None:
                raise validation_error(f"class {name!r} has no namespace to delete", BAD_UPLOAD)
    tag = migrations.get("new_tag")
    return {"tag": str(tag) if tag else current, "classes": classes}, created


def commit(
    account: LocalAccount,
    script: str,
    before: MigrationState,
    after: MigrationState,
    created: list[dict[str, Any]],
) -> None:
    """Make the account's namespaces those of ``after``: created ones added, renamed ones
    renamed, deleted ones dropped."""
    for ns in created:
        account.durable_objects[ns["id"]] = ns
    live = {ns_id: name for name, ns_id in after["classes"].items()}
    for ns_id in set(before.get("classes", {}).values()) - set(live):
        if account.durable_objects.get(ns_id, {}).get("script") == script:
            del account.durable_objects[ns_id]
    for ns_id, name in live.items():
        ns = account.durable_objects.get(ns_id)
        if ns is not None:
            ns.update({"class": name, "name": f"{script}_{name}"})


def check_bindings(script: str, state: MigrationState, bindings: list[dict[str, Any]]) -> None:
    """Each ``durable_object_namespace`` binding names a class of ``script`` with a namespace.

    Raises:
        ApiError: 10061 for a class no migration created, 10021 for another script's class
            (one Worker is served at a time).
    """
    for b in bindings:
        if b.get("type") != "durable_object_namespace":
            continue
        other = b.get("script_name")
        if other and other != script:
            raise validation_error(
                f"binding {b.get('name')}: a Durable Object of another Worker ({other}) is not "
                "served locally (one Worker is served at a time)",
                BAD_UPLOAD,
            )
        name = str(b.get("class_name") or "")
        if name not in state.get("classes", {}):
            raise validation_error(
                f"Cannot create binding for class {name!r} because it is not currently "
                "configured to implement Durable Objects. Ensure a migration creates it.",
                CLASS_NOT_A_DURABLE_OBJECT,
            )


def harness_objects(
    account: LocalAccount, state: MigrationState, bindings: list[dict[str, Any]]
) -> dict[str, DurableObject]:
    """The harness' Durable Object bindings: Python classes of the served module, each stored
    under its namespace id."""
    out: dict[str, DurableObject] = {}
    for b in bindings:
        if b.get("type") != "durable_object_namespace":
            continue
        ns_id = state["classes"][str(b["class_name"])]
        ns = account.durable_objects.get(ns_id, {})
        out[str(b["name"])] = DurableObject(
            class_name=str(b["class_name"]),
            sqlite=bool(ns.get("use_sqlite", True)),
            python=True,
            storage_id=ns_id,
        )
    return out


def register(router: Router, account: LocalAccount) -> None:
    """Add the Durable Objects namespace list."""

    def list_namespaces(request: Request) -> Response:
        with account.lock:
            items = sorted(account.durable_objects.values(), key=lambda ns: str(ns["name"]))
        return envelope([dict(ns) for ns in items])

    router.add("GET", NAMESPACES, list_namespaces, spec="durable_objects")
