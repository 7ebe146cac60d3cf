"""Workers AI, Vectorize and Analytics Engine through the local API: TEST DOUBLES, labelled.

None of the three has a local simulator that keeps data (Miniflare: AI and Vectorize "need to be
run remotely"; its dataset keeps nothing). The local API binds the harness's doubles
(``harness/doubles.mjs``) for uploaded ``ai``, ``vectorize`` and ``analytics_engine`` bindings,
and serves the Vectorize index endpoints and the Analytics Engine SQL API over the same state.
These tests prove the plumbing (what the Worker writes, the management API reads, and the other
way round), not embedding quality or ClickHouse semantics.
"""

from __future__ import annotations

import textwrap
from typing import Any

import httpx
import pytest

from cloudflarefs.analytics_engine.management import AnalyticsEngineClient
from cloudflarefs.core import BadRequestError, CloudflareError, ConflictError, NotFoundError
from cloudflarefs.testing.local_api import LocalApi
from cloudflarefs.vectorize.management import VectorizeClient
from cloudflarefs.vectorize.management.aio import VectorizeClient as AsyncVectorizeClient
from cloudflarefs.workers.management import (
    AIBinding,
    AnalyticsEngineBinding,
    VectorizeBinding,
    WorkerModule,
    WorkersClient,
)

ENTRY = textwrap.dedent(
    """
    import json
    from urllib.parse import parse_qs, urlparse

    from workers import Response, WorkerEntrypoint

    from cloudflarefs.ai.runtime import Ai
    from cloudflarefs.analytics_engine.runtime import AnalyticsEngineDataset
    from cloudflarefs.vectorize.runtime import Vector, VectorizeIndex

    MODEL = "@cf/baai/bge-small-en-v1.5"


    class Default(WorkerEntrypoint):
        async def fetch(self, request):
            url = urlparse(request.url)
            q = {k: v[0] for k, v in parse_qs(url.query).items()}
            ai, index = Ai(self.env.AI), VectorizeIndex(self.env.INDEX)
            AnalyticsEngineDataset(self.env.HITS).write_data_point(
                indexes=[url.path], blobs=[request.method, q.get("text", "")], doubles=[1.5]
            )
            if url.path == "/add":
                emb = await ai.embeddings(MODEL, q["text"])
                done = await index.upsert([Vector(id=q["id"], values=emb.data[0], metadata={"tag": q["tag"]})])
                return Response(json.dumps({"dims": emb.shape[1], "mutation": done.mutation_id}))
            if url.path == "/search":
                emb = await ai.embeddings(MODEL, q["text"])
                found = await index.query(emb.data[0], top_k=2, filter={"tag": q["tag"]} if "tag" in q else None)
                return Response(json.dumps([m.id for m in found.matches]))
            if url.path == "/other-model":
                try:
                    await ai.text_generation("@cf/meta/llama-3.1-8b-instruct", prompt="hi")
                except Exception as exc:
                    return Response(str(exc), status=502)
            return Response("not found", status=404)
    """
)


def _upload(workers: WorkersClient, name: str, index: str) -> None:
    workers.scripts.upload(
        name,
        [WorkerModule("entry.py", ENTRY)],
        compatibility_date="2025-06-01",
        compatibility_flags=["python_workers"],
        bindings=[
            AIBinding(name="AI"),
            VectorizeBinding(name="INDEX", index_name=index),
            AnalyticsEngineBinding(name="HITS", dataset=f"hits_{name.replace('-', '_')}"),
        ],
    )


def test_worker_and_management_api_share_the_vectorize_double(
    local_api: LocalApi, client_kwargs: dict[str, Any], unique: str
) -> None:
    index = f"docs-{unique}"
    with VectorizeClient(**client_kwargs) as vz, WorkersClient(**client_kwargs) as workers:
        made = vz.indexes.create(index, dimensions=384, metric="cosine", description="test double")
        assert made.config is not None
        assert index in [i.name for i in vz.indexes.list()]
        _upload(workers, f"vz-{unique}", index)
        with httpx.Client(base_url=local_api.worker_url, timeout=60) as worker:
            for doc_id, text, tag in (
                ("kv", "key value store for sessions", "storage"),
                ("r2", "object storage for large files", "storage"),
                ("q", "queues for background jobs", "messaging"),
            ):
                added = worker.get("/add", params={"id": doc_id, "text": text, "tag": tag})
                assert added.status_code == 200, added.text
                assert added.json()["dims"] == 384
            assert worker.get("/search", params={"text": "large files"}).json()[0] == "r2"
            tagged = worker.get("/search", params={"text": "jobs", "tag": "storage"}).json()
            assert set(tagged) == {"kv", "r2"}  # the filter leaves out the better match "q"
            other = worker.get("/other-model")
            assert other.status_code == 502 and "test double" in other.text

        info = vz.indexes.info(index)
        assert info.vector_count == 3
        # What the Worker upserted, the REST query finds; what REST deletes, the Worker misses.
        got = vz.indexes.get_by_ids(index, ["kv", "nope"])
        assert [v.id for v in got] == ["kv"]
        vz.indexes.delete_by_ids(index, ["r2"])
        with httpx.Client(base_url=local_api.worker_url, timeout=60) as worker:
            assert "r2" not in worker.get("/search", params={"text": "large files"}).json()
        workers.scripts.delete(f"vz-{unique}")
        vz.indexes.delete(index)
        with pytest.raises(NotFoundError) as missing:
            vz.indexes.get(index)
        assert 3000 in missing.value.codes


async def test_vectorize_index_endpoints_async_and_their_errors(
    client_kwargs: dict[str, Any], unique: str
) -> None:
    index = f"vec-{unique}"
    async with AsyncVectorizeClient(**client_kwargs) as vz:
        await vz.indexes.create(index, preset="@cf/baai/bge-small-en-v1.5")
        got = await vz.indexes.get(index)
        assert got.config is not None and got.config.dimensions == 384  # pyright: ignore[reportAttributeAccessIssue]
        with pytest.raises(ConflictError) as duplicate:
            await vz.indexes.create(index, dimensions=3, metric="cosine")
        assert 3002 in duplicate.value.codes
        await vz.indexes.upsert(index, [{"id": "a", "values": [0.1] * 384}])
        with pytest.raises(CloudflareError) as wrong:
            await vz.indexes.upsert(index, [{"id": "b", "values": [0.1, 0.2, 0.3]}])
        assert "3 dimensions" in str(wrong.value)
        found = await vz.indexes.query(index, [0.1] * 384, top_k=1)
        assert [m.id for m in found.matches or []] == ["a"]
        await vz.indexes.delete(index)


def test_bad_vectorize_requests_are_refused(
    local_api: LocalApi, client_kwargs: dict[str, Any], unique: str
) -> None:
    url = f"{local_api.base_url}/accounts/{local_api.account_id}/vectorize/v2/indexes"
    auth = {"authorization": "Bearer local-token"}
    bad = httpx.post(
        url,
        json={"name": f"x-{unique}", "config": {"dimensions": 3, "metric": "manhattan"}},
        headers=auth,
    )
    assert bad.status_code == 400 and bad.json()["success"] is False
    with WorkersClient(**client_kwargs) as workers, pytest.raises(BadRequestError) as refused:
        _upload(workers, f"nix-{unique}", f"absent-{unique}")
    assert f"no Vectorize index 'absent-{unique}'" in str(refused.value)


def test_analytics_engine_points_are_recorded_and_queried_over_sql(
    local_api: LocalApi, client_kwargs: dict[str, Any], unique: str
) -> None:
    index = f"ae-{unique}"
    name = f"ae-{unique}"
    dataset = f"hits_{name.replace('-', '_')}"
    with VectorizeClient(**client_kwargs) as vz, WorkersClient(**client_kwargs) as workers:
        vz.indexes.create(index, dimensions=384, metric="cosine")
        _upload(workers, name, index)
    with httpx.Client(base_url=local_api.worker_url, timeout=60) as worker:
        for path in ("/a", "/a", "/b"):
            assert worker.get(path).status_code == 404  # the point is written before routing
    with AnalyticsEngineClient(**client_kwargs) as ae:
        result = ae.sql.query(
            f"SELECT index1 AS path, SUM(_sample_interval) AS hits, SUM(double1) AS weight "
            f"FROM {dataset} WHERE timestamp > NOW() - INTERVAL '1' DAY "
            "GROUP BY path ORDER BY hits DESC LIMIT 1"
        )
        assert result.data == [{"path": "/a", "hits": "2", "weight": 3.0}]
        assert [(c.name, c.type) for c in result.meta] == [
            ("path", "String"),
            ("hits", "UInt64"),
            ("weight", "Float64"),
        ]
        assert result.rows_before_limit_at_least == 2
        assert ae.sql.query(f"SELECT count() AS n FROM {dataset} WHERE blob1 = 'POST'").data == [
            {"n": "0"}
        ]
        with pytest.raises(CloudflareError) as failed:
            ae.sql.query(f"SELECT nosuchcolumn FROM {dataset}")
        assert "nosuchcolumn" in str(failed.value)
