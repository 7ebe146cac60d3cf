"""Vectorize (v2): indexes, and their vectors in the harness's TEST DOUBLE.

Vectorize has no local simulator. The index registry is kept here; the vectors live in the
Vectorize test double of ``harness/doubles.mjs`` (in memory, in the Node process), which is also
what a Worker's ``vectorize`` binding reaches, so vectors upserted by the Worker are found by the
REST query and the other way round. Mutations apply at once and scores are the double's.
"""

from __future__ import annotations

import json
import re
from typing import Any

from cloudflarefs.testing._vectorize_presets import PRESETS
from cloudflarefs.testing.local_api._account import LocalAccount, new_index
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

INDEXES = "/accounts/{account_id}/vectorize/v2/indexes"
INDEX_NOT_FOUND = 3000
INDEX_EXISTS = 3002
INDEX_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
MAX_DIMENSIONS = 1536
METRICS = ("cosine", "euclidean", "dot-product")


def index_config(body: dict[str, Any]) -> tuple[int, str]:
    """``(dimensions, metric)`` of a create-index body's ``config`` (400 when unusable)."""
    config = as_object(body.get("config"), "config")
    if "preset" in config:
        preset = PRESETS.get(str(config["preset"]))
        if preset is None:
            raise validation_error(f"config.preset {config['preset']!r} is not a known preset")
        return preset
    dimensions, metric = config.get("dimensions"), config.get("metric")
    if isinstance(dimensions, bool) or not isinstance(dimensions, int):
        raise validation_error("config.dimensions must be an integer")
    if not 1 <= dimensions <= MAX_DIMENSIONS:
        raise validation_error(f"config.dimensions must be 1 to {MAX_DIMENSIONS}")
    if metric not in METRICS:
        raise validation_error(f"config.metric must be one of {', '.join(METRICS)}")
    return dimensions, str(metric)


def create_index(
    account: LocalAccount, name: str, dimensions: int, metric: str, **extra: Any
) -> dict[str, Any]:
    """Register an index and create its store in the test double (409 when the name is taken)."""
    if not INDEX_NAME.fullmatch(name):
        raise validation_error(f"invalid index name {name!r}")
    with account.lock:
        if name in account.vectorize:
            raise ApiError(409, INDEX_EXISTS, f"vectorize.index.duplicate_name: {name} exists")
        account.doubles("vec_create", name=name, dimensions=dimensions, metric=metric)
        record = new_index(name, dimensions, metric, extra.get("description") or "")
        account.vectorize[name] = record
        return record


def _ndjson(request: Request) -> list[dict[str, Any]]:
    vectors: list[dict[str, Any]] = []
    for n, line in enumerate(request.body.decode(errors="replace").splitlines(), 1):
        if not line.strip():
            continue
        try:
            vectors.append(as_object(json.loads(line), f"line {n}"))
        except ValueError:
            raise validation_error(f"line {n} of the ndjson body is not JSON") from None
    if not vectors:
        raise validation_error("the ndjson body holds no vectors")
    return vectors


def register(router: Router, account: LocalAccount) -> None:
    """Add the Vectorize v2 routes, served from ``account``."""

    def index(request: Request) -> dict[str, Any]:
        found = account.vectorize.get(request.params["index_name"])
        if found is None:
            raise not_found(INDEX_NOT_FOUND, "vectorize.index.not_found")
        return found

    def list_indexes(request: Request) -> Response:
        return envelope(list(account.vectorize.values()))

    def create(request: Request) -> Response:
        body = request.json_object()
        dimensions, metric = index_config(body)
        record = create_index(
            account, str(body.get("name")), dimensions, metric, description=body.get("description")
        )
        return envelope(record)

    def get(request: Request) -> Response:
        return envelope(index(request))

    def delete(request: Request) -> Response:
        record = index(request)
        with account.lock:
            account.doubles("vec_delete", name=record["name"])
            account.vectorize.pop(record["name"], None)
        return envelope(None)

    def info(request: Request) -> Response:
        return envelope(account.doubles("vec_info", name=index(request)["name"]))

    def mutation(op: str) -> Any:
        def handler(request: Request) -> Response:
            name = index(request)["name"]
            done = account.doubles(op, name=name, vectors=_ndjson(request))
            return envelope({"mutationId": done["mutationId"]})

        return handler

    def query(request: Request) -> Response:
        name = index(request)["name"]
        body = request.json_object()
        options = {
            "topK": body.get("topK", 5),
            "returnValues": bool(body.get("returnValues", False)),
            "returnMetadata": body.get("returnMetadata", "none"),
            "namespace": body.get("namespace"),
            "filter": body.get("filter"),
        }
        vector = as_list(body.get("vector"), "vector")
        return envelope(account.doubles("vec_query", name=name, vector=vector, options=options))

    def ids(request: Request) -> list[str]:
        return [str(i) for i in as_list(request.json_object().get("ids"), "ids")]

    def get_by_ids(request: Request) -> Response:
        return envelope(account.doubles("vec_get", name=index(request)["name"], ids=ids(request)))

    def delete_by_ids(request: Request) -> Response:
        name = index(request)["name"]
        done = account.doubles("vec_delete_ids", name=name, ids=ids(request))
        return envelope({"mutationId": done["mutationId"]})

    add = router.add
    add("GET", INDEXES, list_indexes, spec="vectorize")
    add("POST", INDEXES, create, spec="vectorize")
    add("GET", INDEXES + "/{index_name}", get, spec="vectorize")
    add("DELETE", INDEXES + "/{index_name}", delete, spec="vectorize")
    add("GET", INDEXES + "/{index_name}/info", info, spec="vectorize")
    add("POST", INDEXES + "/{index_name}/insert", mutation("vec_insert"), spec="vectorize")
    add("POST", INDEXES + "/{index_name}/upsert", mutation("vec_upsert"), spec="vectorize")
    add("POST", INDEXES + "/{index_name}/query", query, spec="vectorize")
    add("POST", INDEXES + "/{index_name}/get_by_ids", get_by_ids, spec="vectorize")
    add("POST", INDEXES + "/{index_name}/delete_by_ids", delete_by_ids, spec="vectorize")
