"""R2 buckets and objects, and Hyperdrive configs, through the local API."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from cloudflarefs.core import ConflictError, NotFoundError
from cloudflarefs.hyperdrive.management import HyperdriveClient, Origin
from cloudflarefs.hyperdrive.management.aio import HyperdriveClient as AsyncHyperdriveClient
from cloudflarefs.r2.management import R2Client
from cloudflarefs.r2.management.aio import R2Client as AsyncR2Client
from cloudflarefs.testing.local_api import LocalApi

AUTH = {"authorization": "Bearer local-token"}


def _objects(api: LocalApi, bucket: str) -> str:
    return f"{api.base_url}/accounts/{api.account_id}/r2/buckets/{bucket}/objects"


def test_r2_scenario_sync(local_api: LocalApi, client_kwargs: dict[str, Any], unique: str) -> None:
    with R2Client(**client_kwargs) as r2:
        names = [f"b{i}-{unique}" for i in range(3)]
        for name in names:
            r2.buckets.create(name)
        assert r2.buckets.get(names[0]).name == names[0]
        # per_page=2 forces cursor pages over the three buckets.
        listed = [b.name for b in r2.buckets.list(name_contains=unique, per_page=2).to_list()]
        assert listed == names
        with pytest.raises(ConflictError):
            r2.buckets.create(names[0])

        # Objects (not in the management client: the routes wrangler uses).
        put = httpx.put(
            f"{_objects(local_api, names[0])}/a/b.txt",
            content=b"hi",
            headers={**AUTH, "content-type": "text/plain"},
        )
        assert put.status_code == 200 and put.json()["result"]["size"] == 2
        got = httpx.get(f"{_objects(local_api, names[0])}/a/b.txt", headers=AUTH)
        assert (got.content, got.headers["content-type"]) == (b"hi", "text/plain")
        with pytest.raises(ConflictError):
            r2.buckets.delete(names[0])  # not empty
        listing = httpx.get(_objects(local_api, names[0]), headers=AUTH).json()["result"]
        assert [o["key"] for o in listing] == ["a/b.txt"]
        assert (
            httpx.delete(f"{_objects(local_api, names[0])}/a/b.txt", headers=AUTH).status_code
            == 200
        )
        for name in names:
            r2.buckets.delete(name)
        with pytest.raises(NotFoundError):
            r2.buckets.get(names[0])


async def test_r2_scenario_async(client_kwargs: dict[str, Any], unique: str) -> None:
    async with AsyncR2Client(**client_kwargs) as r2:
        created = await r2.buckets.create(f"async-{unique}")
        fetched = await r2.buckets.get(str(created.name))
        assert fetched.name == f"async-{unique}"
        await r2.buckets.delete(str(fetched.name))
        assert f"async-{unique}" not in [b.name for b in await r2.buckets.list().to_list()]


def test_r2_shared_with_the_worker(
    served: LocalApi, worker_http: httpx.Client, unique: str
) -> None:
    objects = _objects(served, "local-api-bucket")
    httpx.put(f"{objects}/api-{unique}", content=b"from the API", headers=AUTH).raise_for_status()
    assert worker_http.get(f"/r2/api-{unique}").text == "from the API"
    assert worker_http.put(f"/r2/worker-{unique}", content="from the Worker").status_code == 201
    assert httpx.get(f"{objects}/worker-{unique}", headers=AUTH).content == b"from the Worker"


def test_hyperdrive_scenario_sync(client_kwargs: dict[str, Any], unique: str) -> None:
    origin = Origin.from_url("postgresql://app:s3cret@127.0.0.1:5432/appdb")
    with HyperdriveClient(**client_kwargs) as hd:
        created = hd.configs.create(f"pg-{unique}", origin=origin)
        assert created.id is not None
        fetched = hd.configs.get(created.id)
        assert fetched.name == f"pg-{unique}"
        assert "s3cret" not in repr(fetched) and "password" not in str(fetched.origin)
        hd.configs.edit(created.id, name=f"pg2-{unique}")
        assert hd.configs.get(created.id).name == f"pg2-{unique}"
        assert created.id in [c.id for c in hd.configs.list().to_list()]
        hd.configs.delete(created.id)
        with pytest.raises(NotFoundError):
            hd.configs.get(created.id)


async def test_hyperdrive_scenario_async(client_kwargs: dict[str, Any], unique: str) -> None:
    origin = Origin.from_url("postgresql://app:pw@127.0.0.1:5433/other")
    async with AsyncHyperdriveClient(**client_kwargs) as hd:
        created = await hd.configs.create(f"apg-{unique}", origin=origin)
        assert created.id is not None
        replaced = await hd.configs.update(
            created.id,
            name=f"apg-{unique}",
            origin=Origin.from_url("postgresql://app:pw@127.0.0.1:6543/moved"),
        )
        assert replaced.origin is not None
        got = await hd.configs.get(created.id)
        assert got.origin is not None and getattr(got.origin, "database", None) == "moved"
        await hd.configs.delete(created.id)


def test_streamed_uploads_are_read_whole(
    local_api: LocalApi, client_kwargs: dict[str, Any], unique: str
) -> None:
    # An iterator body goes out with Transfer-Encoding: chunked.
    with R2Client(**client_kwargs) as r2:
        r2.buckets.create(f"stream-{unique}")
        url = f"{_objects(local_api, f'stream-{unique}')}/big"
        pieces = [bytes([i]) * 1000 for i in range(5)]
        httpx.put(url, content=iter(pieces), headers=AUTH).raise_for_status()
        assert httpx.get(url, headers=AUTH).content == b"".join(pieces)
        httpx.delete(url, headers=AUTH).raise_for_status()
        r2.buckets.delete(f"stream-{unique}")
