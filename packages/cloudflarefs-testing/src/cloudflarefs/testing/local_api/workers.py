"""Workers scripts: upload (reloads the served Worker), settings, secrets, versions, deployments.

One Worker is served at a time: the most recent upload or deployment of any script. Uploaded
modules are written to ``scripts_dir/<script>/<version>/`` and imported from there in Pyodide.
Only Python Workers run (the main module must be ``text/x-python``).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from pathlib import Path, PurePosixPath
from typing import Any

import attrs

from cloudflarefs.testing.bindings import Bindings, RateLimit, TestDouble
from cloudflarefs.testing.local_api import durable_objects
from cloudflarefs.testing.local_api._account import (
    LocalAccount,
    ServedWorker,
    new_bucket,
    new_database,
    now_iso,
)
from cloudflarefs.testing.local_api._wire import (
    ApiError,
    Request,
    Response,
    Router,
    as_list,
    as_object,
    envelope,
    not_found,
    validation_error,
)
from cloudflarefs.testing.local_api.hyperdrive import connection_string

SCRIPTS = "/accounts/{account_id}/workers/scripts"
SCRIPT_NOT_FOUND = 10007
VERSION_NOT_FOUND = 10221
BAD_UPLOAD = 10021
PYTHON_TYPES = ("text/x-python", "text/x-python-requirement")
UNSERVED_BINDINGS = {"browser", "mtls_certificate"}


def register(router: Router, account: LocalAccount) -> None:
    """Add the Workers routes, served from ``account``."""

    def script(request: Request) -> dict[str, Any]:
        found = account.scripts.get(request.params["script_name"])
        if found is None or "versions" not in found:
            raise not_found(SCRIPT_NOT_FOUND, "workers.api.error.script_not_found")
        return found

    def version(record: dict[str, Any], version_id: str) -> dict[str, Any]:
        for v in record["versions"]:
            if v["id"] == version_id:
                return v
        raise not_found(VERSION_NOT_FOUND, f"version {version_id} not found")

    def serve_version(record: dict[str, Any], v: dict[str, Any]) -> None:
        with account.lock:  # the bindings may add resources to the registry
            bindings = _bindings(account, v["metadata"], record["secrets"])
            bindings = attrs.evolve(
                bindings,
                durable_objects=durable_objects.harness_objects(
                    account, record.get("durable_objects", {}), _binding_list(v["metadata"])
                ),
            )
            account.serve(ServedWorker(record["id"], Path(v["dir"]), v["module"], bindings))

    def deploy(record: dict[str, Any], v: dict[str, Any], source: str) -> dict[str, Any]:
        deployment = {
            "id": str(uuid.uuid4()),
            "created_on": now_iso(),
            "source": source,
            "strategy": "percentage",
            "versions": [{"version_id": v["id"], "percentage": 100}],
        }
        serve_version(record, v)
        record["deployments"].insert(0, deployment)
        record["active"] = v["id"]
        return deployment

    def new_version(name: str, metadata: dict[str, Any], parts: dict[str, Any]) -> dict[str, Any]:
        main = metadata.get("main_module")
        if not main:
            raise validation_error(
                "metadata.main_module is required (service-worker uploads cannot run locally)",
                BAD_UPLOAD,
            )
        modules = {n: p for n, p in parts.items() if n != "metadata"}
        if main not in modules:
            raise validation_error(
                f"main module {main!r} is not among the uploaded parts", BAD_UPLOAD
            )
        if modules[main].content_type not in PYTHON_TYPES and not str(main).endswith(".py"):
            raise validation_error(
                "the local API serves Python Workers only: the main module must be text/x-python",
                BAD_UPLOAD,
            )
        with account.lock:
            before = (account.scripts.get(name) or {}).get("durable_objects", {})
            # Migrations belong to the script: applied once here, never stored with a version.
            after, created = durable_objects.apply_migrations(account, name, before, metadata)
            durable_objects.check_bindings(name, after, _binding_list(metadata))
            metadata = {k: v for k, v in metadata.items() if k != "migrations"}
            record = account.scripts.setdefault(name, {"id": name, "created_on": now_iso()})
            record.setdefault("versions", [])
            record.setdefault("deployments", [])
            record.setdefault("secrets", {})
            number = len(record["versions"]) + 1
            version_id = str(uuid.uuid4())
            folder = account.scripts_dir / name / version_id
            for module_name, part in modules.items():
                rel = PurePosixPath(module_name)
                if rel.is_absolute() or ".." in rel.parts:
                    raise validation_error(
                        f"module name must be relative: {module_name!r}", BAD_UPLOAD
                    )
                target = folder / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(part.data)
            main_path = PurePosixPath(str(main))
            durable_objects.commit(account, name, before, after, created)
            record["durable_objects"] = after
            # Secrets given as bindings become the script's secrets (kept across uploads).
            for b in _binding_list(metadata):
                if b.get("type") == "secret_text":
                    record["secrets"][b["name"]] = str(b.get("text", ""))
            etag = hashlib.sha256(modules[main].data).hexdigest()
            v: dict[str, Any] = {
                "id": version_id,
                "number": number,
                "created_on": now_iso(),
                "metadata": {k: v for k, v in metadata.items() if k != "bindings"}
                | {
                    "bindings": [
                        b for b in _binding_list(metadata) if b.get("type") != "secret_text"
                    ]
                },
                "dir": str(folder / main_path.parent),
                "module": main_path.stem,
                "main": str(main),
                "etag": etag,
            }
            record["versions"].append(v)
            record["modified_on"] = now_iso()
            return v

    def upload(request: Request) -> Response:
        name = request.params["script_name"]
        parts = request.form()
        metadata = _metadata(parts)
        v = new_version(name, metadata, parts)
        record = account.scripts[name]
        deploy(record, v, "api")
        return envelope(_script_summary(record, v))

    def upload_content(request: Request) -> Response:
        # Code only: the modules change, bindings and compatibility settings stay.
        record = script(request)
        parts = request.form()
        given = _metadata(parts)
        current = _active(record)
        metadata = {**current["metadata"], "main_module": given.get("main_module")}
        metadata["bindings"] = current["metadata"].get("bindings", [])
        v = new_version(record["id"], metadata, parts)
        deploy(record, v, "api")
        return envelope(_script_summary(record, v))

    def list_scripts(request: Request) -> Response:
        out = [
            _script_summary(r, _active(r)) for r in account.scripts.values() if r.get("versions")
        ]
        return envelope(out)

    def get_content(request: Request) -> Response:
        record = script(request)
        v = _active(record)
        data = (Path(v["dir"]) / PurePosixPath(v["main"]).name).read_bytes()
        return Response(200, data, "text/x-python")

    def delete_script(request: Request) -> Response:
        record = script(request)
        with account.lock:
            account.scripts.pop(record["id"], None)
            state = record.get("durable_objects", {})
            durable_objects.commit(account, record["id"], state, {"classes": {}}, [])
        return envelope(None)

    def get_settings(request: Request) -> Response:
        record = script(request)
        return envelope(_settings(record, _active(record)))

    def patch_settings(request: Request) -> Response:
        record = script(request)
        parts = request.form()
        if "settings" not in parts:
            raise validation_error("multipart body lacks the settings part")
        try:
            changes = as_object(json.loads(parts["settings"].text), "settings")
        except ValueError:
            raise validation_error("the settings part must be JSON") from None
        current = _active(record)
        metadata = dict(current["metadata"])
        for key in ("compatibility_date", "compatibility_flags", "bindings"):
            if key in changes:
                metadata[key] = changes[key]
        for b in _binding_list(changes):
            if b.get("type") == "secret_text":
                record["secrets"][b["name"]] = str(b.get("text", ""))
        metadata["bindings"] = [
            b for b in _binding_list(metadata) if b.get("type") != "secret_text"
        ]
        durable_objects.check_bindings(
            record["id"], record.get("durable_objects", {}), metadata["bindings"]
        )
        # A settings change is a new version with the same modules, deployed at once.
        v = {
            **current,
            "id": str(uuid.uuid4()),
            "number": len(record["versions"]) + 1,
            "created_on": now_iso(),
            "metadata": metadata,
        }
        record["versions"].append(v)
        deploy(record, v, "api")
        return envelope(_settings(record, v))

    def put_secret(request: Request) -> Response:
        record = script(request)
        body = request.json_object()
        if not body.get("name") or body.get("type", "secret_text") != "secret_text":
            raise validation_error("a secret needs a name, text and type secret_text")
        record["secrets"][str(body["name"])] = str(body.get("text", ""))
        serve_version(record, _active(record))
        return envelope({"name": body["name"], "type": "secret_text"})

    def list_secrets(request: Request) -> Response:
        record = script(request)
        return envelope([{"name": n, "type": "secret_text"} for n in sorted(record["secrets"])])

    def delete_secret(request: Request) -> Response:
        record = script(request)
        if record["secrets"].pop(request.params["secret_name"], None) is None:
            raise not_found(10056, "secret not found")
        serve_version(record, _active(record))
        return envelope(None)

    def list_versions(request: Request) -> Response:
        record = script(request)
        items = [_version_view(v) for v in reversed(record["versions"])]
        return envelope(
            {"items": items},
            result_info={
                "page": 1,
                "per_page": len(items),
                "count": len(items),
                "total_count": len(items),
            },
        )

    def get_version(request: Request) -> Response:
        record = script(request)
        return envelope(_version_view(version(record, request.params["version_id"])))

    def upload_version(request: Request) -> Response:
        name = request.params["script_name"]
        parts = request.form()
        v = new_version(name, _metadata(parts), parts)
        return envelope(_version_view(v))

    def create_deployment(request: Request) -> Response:
        record = script(request)
        body = request.json_object()
        versions = [as_object(x, "version") for x in as_list(body.get("versions"), "versions")]
        full = [x for x in versions if float(x.get("percentage", 0)) == 100]
        if len(versions) != 1 or not full:
            raise ApiError(
                400,
                BAD_UPLOAD,
                "the local API serves one version at a time: deploy one version at 100%",
            )
        deployment = deploy(record, version(record, str(full[0]["version_id"])), "api")
        return envelope(deployment)

    def list_deployments(request: Request) -> Response:
        record = script(request)
        return envelope({"deployments": record["deployments"]})

    add = router.add
    add("GET", SCRIPTS, list_scripts, spec="workers")
    add("PUT", SCRIPTS + "/{script_name}", upload, spec="workers")
    add("GET", SCRIPTS + "/{script_name}", get_content, spec="workers")
    add("DELETE", SCRIPTS + "/{script_name}", delete_script, spec="workers")
    add("PUT", SCRIPTS + "/{script_name}/content", upload_content, spec="workers")
    add("GET", SCRIPTS + "/{script_name}/content/v2", get_content, spec="workers")
    add("GET", SCRIPTS + "/{script_name}/settings", get_settings, spec="workers")
    add("PATCH", SCRIPTS + "/{script_name}/settings", patch_settings, spec="workers")
    add("GET", SCRIPTS + "/{script_name}/versions", list_versions, spec="workers")
    add("POST", SCRIPTS + "/{script_name}/versions", upload_version, spec="workers")
    add("GET", SCRIPTS + "/{script_name}/versions/{version_id}", get_version, spec="workers")
    add("GET", SCRIPTS + "/{script_name}/deployments", list_deployments, spec="workers")
    add("POST", SCRIPTS + "/{script_name}/deployments", create_deployment, spec="workers")
    # Secrets are newer than the vendored slice: served, not validated against a spec.
    add("GET", SCRIPTS + "/{script_name}/secrets", list_secrets, spec=None)
    add("PUT", SCRIPTS + "/{script_name}/secrets", put_secret, spec=None)
    add("DELETE", SCRIPTS + "/{script_name}/secrets/{secret_name}", delete_secret, spec=None)


def _binding_list(metadata: dict[str, Any]) -> list[dict[str, Any]]:
    return [as_object(b, "binding") for b in as_list(metadata.get("bindings"), "bindings")]


def _metadata(parts: dict[str, Any]) -> dict[str, Any]:
    if "metadata" not in parts:
        raise validation_error("multipart body lacks the metadata part", BAD_UPLOAD)
    try:
        return as_object(json.loads(parts["metadata"].text), "the metadata part")
    except ValueError:
        raise validation_error("the metadata part must be JSON", BAD_UPLOAD) from None


def _active(record: dict[str, Any]) -> dict[str, Any]:
    active = record.get("active")
    for v in record["versions"]:
        if v["id"] == active:
            return v
    return record["versions"][-1]


def _script_summary(record: dict[str, Any], v: dict[str, Any]) -> dict[str, Any]:
    tag = record.get("durable_objects", {}).get("tag")
    return {
        **({"migration_tag": tag} if tag else {}),
        "id": record["id"],
        "etag": v["etag"],
        "created_on": record["created_on"],
        "modified_on": record.get("modified_on", record["created_on"]),
        "compatibility_date": v["metadata"].get("compatibility_date"),
        "compatibility_flags": v["metadata"].get("compatibility_flags", []),
        "handlers": ["fetch"],
        "usage_model": "standard",
    }


def _settings(record: dict[str, Any], v: dict[str, Any]) -> dict[str, Any]:
    secrets = [{"type": "secret_text", "name": n} for n in sorted(record["secrets"])]
    return {
        "bindings": [*v["metadata"].get("bindings", []), *secrets],
        "compatibility_date": v["metadata"].get("compatibility_date"),
        "compatibility_flags": v["metadata"].get("compatibility_flags", []),
        "usage_model": "standard",
        "logpush": False,
        "tags": list(v["metadata"].get("tags") or []),
    }


def _version_view(v: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": v["id"],
        "number": v["number"],
        "metadata": {
            "created_on": v["created_on"],
            "modified_on": v["created_on"],
            "source": "api",
        },
        "resources": {
            "bindings": v["metadata"].get("bindings", []),
            "script": {"etag": v["etag"]},
            "script_runtime": {
                "compatibility_date": v["metadata"].get("compatibility_date"),
                "compatibility_flags": v["metadata"].get("compatibility_flags", []),
            },
        },
    }


def _bindings(account: LocalAccount, metadata: dict[str, Any], secrets: dict[str, str]) -> Bindings:
    """Harness bindings from uploaded metadata; the resources they name join the registry."""
    kv: list[str] = []
    d1: list[str] = []
    r2: list[str] = []
    ids: dict[str, str] = {}
    producers: dict[str, str] = {}
    hyperdrive: dict[str, str] = {}
    plain: dict[str, Any] = {}
    version_metadata: str | None = None
    rate_limits: dict[str, RateLimit] = {}
    doubles: dict[str, TestDouble] = {}  # no local simulator: TEST DOUBLES (doubles.mjs)
    for b in _binding_list(metadata):
        kind, name = b.get("type"), str(b.get("name"))
        if kind == "plain_text":
            plain[name] = str(b.get("text", ""))
        elif kind == "json":
            plain[name] = b.get("json")
        elif kind == "kv_namespace":
            kv.append(name)
            ids[name] = str(b["namespace_id"])
            account.kv.setdefault(
                ids[name], {"id": ids[name], "title": name, "supports_url_encoding": True}
            )
        elif kind == "d1":
            d1.append(name)
            ids[name] = str(b["id"])
            if ids[name] not in account.d1:
                account.d1[ids[name]] = new_database(ids[name], name)
        elif kind == "r2_bucket":
            r2.append(name)
            ids[name] = str(b["bucket_name"])
            if ids[name] not in account.r2:
                account.r2[ids[name]] = new_bucket(ids[name])
        elif kind == "queue":
            producers[name] = str(b["queue_name"])
            account.ensure_queue(producers[name])
        elif kind == "hyperdrive":
            config = account.hyperdrive.get(str(b.get("id")))
            if config is None:
                raise validation_error(
                    f"binding {name}: no Hyperdrive config {b.get('id')!r}", BAD_UPLOAD
                )
            hyperdrive[name] = connection_string(config)
        elif kind == "ai":
            doubles[name] = TestDouble("ai")
        elif kind == "vectorize":
            index = str(b.get("index_name"))
            if index not in account.vectorize:
                raise validation_error(f"binding {name}: no Vectorize index {index!r}", BAD_UPLOAD)
            doubles[name] = TestDouble("vectorize", index)
        elif kind == "analytics_engine":
            doubles[name] = TestDouble("analytics_engine", str(b.get("dataset") or name))
        elif kind == "version_metadata":
            version_metadata = name
        elif kind == "ratelimit":
            simple = as_object(b.get("simple"), f"binding {name}: simple")
            rate_limits[name] = RateLimit(
                limit=int(simple.get("limit", 0)), period=int(simple.get("period", 60))
            )
        elif kind in UNSERVED_BINDINGS or kind == "durable_object_namespace":
            # No local simulator; Durable Objects are added by the caller (script-level state).
            continue
        elif kind != "secret_text":
            raise validation_error(
                f"binding {name}: type {kind!r} is not served locally", BAD_UPLOAD
            )
    flags = [
        str(f)
        for f in as_list(metadata.get("compatibility_flags"), "compatibility_flags")
        if f != "python_workers"
    ]
    return attrs.evolve(
        Bindings(),
        kv=kv,
        d1=d1,
        r2=r2,
        resource_ids=ids,
        queue_producers=producers,
        hyperdrive=hyperdrive,
        vars=plain,
        secrets=dict(secrets),
        version_metadata=version_metadata,
        rate_limits=rate_limits,
        test_doubles=doubles,
        compatibility_date=str(metadata.get("compatibility_date") or "2025-06-01"),
        compatibility_flags=flags,
    )
