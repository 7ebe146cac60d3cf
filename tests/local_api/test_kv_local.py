"""Workers KV through the local API: scenarios whose later answers depend on earlier calls."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cloudflarefs.core import BadRequestError, NotFoundError
from cloudflarefs.kv.management import KVClient, KVPair
from cloudflarefs.kv.management.aio import KVClient as AsyncKVClient
from cloudflarefs.testing.local_api import LocalApi

WORKER_NS = "5eed0000000000000000000000000001"


def test_kv_scenario_sync(client_kwargs: dict[str, Any], unique: str) -> None:
    with KVClient(**client_kwargs) as kv:
        ns = kv.namespaces.create(f"sessions-{unique}")
        assert kv.namespaces.get(ns.id).title == f"sessions-{unique}"
        kv.namespaces.update(ns.id, title=f"renamed-{unique}")
        titles = [n.title for n in kv.namespaces.list(per_page=5).to_list()]
        assert f"renamed-{unique}" in titles and f"sessions-{unique}" not in titles

        kv.values.put(ns.id, "user/1", "Ada", metadata={"role": "admin"})
        kv.values.put_json(ns.id, "cfg", {"a": [1, 2]}, expiration_ttl=600)
        assert kv.values.get_text(ns.id, "user/1") == "Ada"
        assert kv.values.get_json(ns.id, "cfg") == {"a": [1, 2]}
        assert kv.metadata.get(ns.id, "user/1") == {"role": "admin"}
        # Bulk get reads several keys at once; an absent key maps to None.
        assert kv.namespaces.bulk_get(ns.id, ["user/1", "cfg", "absent"]) == {
            "user/1": "Ada",
            "cfg": '{"a":[1,2]}',
            "absent": None,
        }
        assert kv.namespaces.bulk_get(ns.id, ["cfg"], type="json") == {"cfg": {"a": [1, 2]}}
        with_meta = kv.namespaces.bulk_get_with_metadata(ns.id, ["user/1", "absent"])
        entry = with_meta["user/1"]
        assert entry is not None and (entry.value, entry.metadata) == ("Ada", {"role": "admin"})
        absent = with_meta["absent"]  # null, or an entry without a value (as here)
        assert absent is None or (absent.value, absent.metadata) == (None, None)

        written = kv.namespaces.bulk_write(
            ns.id, [KVPair(key=f"item:{i:03}", value=str(i)) for i in range(25)]
        )
        assert written.successful_key_count == 25
        # limit 10 forces cursor pages: every key comes back exactly once, in order.
        names = [k.name for k in kv.keys.list(ns.id, prefix="item:", limit=10).to_list()]
        assert names == [f"item:{i:03}" for i in range(25)]
        expiring = {k.name: k.expiration for k in kv.keys.list(ns.id).to_list()}
        assert expiring["cfg"] is not None and expiring["user/1"] is None

        kv.namespaces.bulk_delete(ns.id, [f"item:{i:03}" for i in range(20)])
        left = [k.name for k in kv.keys.list(ns.id, prefix="item:").to_list()]
        assert left == [f"item:{i:03}" for i in range(20, 25)]
        kv.values.delete(ns.id, "user/1")
        with pytest.raises(NotFoundError) as missing:
            kv.values.get(ns.id, "user/1")
        assert missing.value.codes == (10009,)

        with pytest.raises(BadRequestError):
            kv.namespaces.create(f"renamed-{unique}")  # the title is taken
        kv.namespaces.delete(ns.id)
        with pytest.raises(NotFoundError):
            kv.namespaces.get(ns.id)


async def test_kv_scenario_async(client_kwargs: dict[str, Any], unique: str) -> None:
    async with AsyncKVClient(**client_kwargs) as kv:
        ns = await kv.namespaces.create(f"async-{unique}")
        await kv.values.put(ns.id, "counter", "1")
        current = int(await kv.values.get_text(ns.id, "counter"))
        await kv.values.put(ns.id, "counter", str(current + 1), metadata={"by": "async"})
        assert await kv.values.get_text(ns.id, "counter") == "2"
        keys = await kv.keys.list(ns.id).to_list()
        assert [(k.name, k.metadata) for k in keys] == [("counter", {"by": "async"})]
        await kv.namespaces.delete(ns.id)
        assert ns.id not in [n.id for n in await kv.namespaces.list().to_list()]


def test_kv_shared_with_the_worker(
    served: LocalApi, client_kwargs: dict[str, Any], worker_http: httpx.Client, unique: str
) -> None:
    with KVClient(**client_kwargs) as kv:
        assert WORKER_NS in [n.id for n in kv.namespaces.list().to_list()]
        kv.values.put(WORKER_NS, f"from-api-{unique}", "written by the management client")
        seen = worker_http.get(f"/kv/from-api-{unique}")
        assert (seen.status_code, seen.text) == (200, "written by the management client")

        assert worker_http.put(f"/kv/from-worker-{unique}", content="hello").status_code == 201
        assert kv.values.get_text(WORKER_NS, f"from-worker-{unique}") == "hello"


def test_invalid_requests_get_4xx_envelopes(local_api: LocalApi) -> None:
    base = f"{local_api.base_url}/accounts/{local_api.account_id}/storage/kv/namespaces"
    auth = {"authorization": "Bearer local-token"}
    bad_limit = httpx.get(f"{base}/{WORKER_NS}/keys", params={"limit": 3}, headers=auth)
    assert bad_limit.status_code == 400 and "limit" in bad_limit.json()["errors"][0]["message"]
    no_title = httpx.post(base, json={"name": "x"}, headers=auth)
    assert no_title.status_code == 400 and no_title.json()["success"] is False
    assert "title" in no_title.json()["errors"][0]["message"]
    assert httpx.get(base).status_code == 401
    other = base.replace(local_api.account_id, "f" * 32)
    assert httpx.get(other, headers=auth).json()["errors"][0]["code"] == 9109
    assert httpx.get(f"{local_api.base_url}/nope", headers=auth).json()["errors"][0]["code"] == 7003


KEY_NAMES = st.text(
    st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60
).filter(lambda k: k not in (".", "..") and len(k.encode()) <= 512)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(key=KEY_NAMES, value=st.binary(max_size=200))
def test_any_key_and_value_round_trip(
    client_kwargs: dict[str, Any], key: str, value: bytes
) -> None:
    # Keys travel percent-encoded in the path (slashes, %, spaces, any Unicode).
    with KVClient(**client_kwargs) as kv:
        kv.values.put(WORKER_NS, key, value)
        assert kv.values.get(WORKER_NS, key) == value
        assert key in [k.name for k in kv.keys.list(WORKER_NS, prefix=key).to_list()]
        kv.values.delete(WORKER_NS, key)
