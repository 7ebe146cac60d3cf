"""Dot-segment path parameters never reach the wire, through the real clients (issue 8, item 1).

Before the fix, ``namespaces.delete("..")`` sent ``DELETE /accounts/{id}/storage/kv`` and
``account_id=".."`` dropped the ``/accounts/...`` prefix, credentials attached.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from cloudflarefs.core.errors import InvalidInputError
from cloudflarefs.kv.management import KVClient
from cloudflarefs.kv.management.aio import KVClient as AsyncKVClient
from cloudflarefs.testing.http import Recorder, envelope

ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353"
NS = "0f2ac74b498b48028cb68387c421e279"
TOKEN = "Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY"  # made up

DOTS = ["..", ".", "%2e%2e", "%252E%252e"]

CALLS: list[tuple[str, Callable[[Any, str], Any]]] = [
    ("namespaces.delete", lambda kv, v: kv.namespaces.delete(v)),
    ("namespaces.get", lambda kv, v: kv.namespaces.get(v)),
    ("keys.list", lambda kv, v: kv.keys.list(v).to_list()),
    ("values.get key", lambda kv, v: kv.values.get(NS, v)),
    ("values.delete key", lambda kv, v: kv.values.delete(NS, v)),
    ("namespaces.list account_id", lambda kv, v: kv.namespaces.list(account_id=v).to_list()),
    ("values.put account_id", lambda kv, v: kv.values.put(NS, "k", b"v", account_id=v)),
]


@pytest.mark.parametrize("value", DOTS)
@pytest.mark.parametrize(("label", "call"), CALLS, ids=[c[0] for c in CALLS])
def test_sync_dot_segment_is_refused_before_any_request(
    label: str, call: Callable[[Any, str], Any], value: str
) -> None:
    rec = Recorder(lambda r: envelope(None))
    kv = KVClient(api_token=TOKEN, account_id=ACCOUNT, transport=httpx.MockTransport(rec))
    with kv, pytest.raises(InvalidInputError):
        call(kv, value)
    assert rec.requests == []


@pytest.mark.parametrize("value", DOTS)
async def test_async_dot_segment_is_refused_before_any_request(value: str) -> None:
    rec = Recorder(lambda r: envelope(None))
    async with AsyncKVClient(
        api_token=TOKEN, account_id=ACCOUNT, transport=httpx.MockTransport(rec)
    ) as kv:
        with pytest.raises(InvalidInputError, match="namespace_id"):
            await kv.namespaces.delete(value)
        with pytest.raises(InvalidInputError, match="account_id"):
            await kv.namespaces.get(NS, account_id=value)
    assert rec.requests == []


@pytest.mark.parametrize("value", DOTS)
def test_client_default_account_id_dot_segment_sends_nothing(value: str) -> None:
    rec = Recorder(lambda r: envelope(None))
    with (
        KVClient(api_token=TOKEN, account_id=value, transport=httpx.MockTransport(rec)) as kv,
        pytest.raises(InvalidInputError, match="account_id"),
    ):
        kv.namespaces.delete(NS)
    assert rec.requests == []


def test_dots_inside_a_key_are_one_encoded_segment() -> None:
    rec = Recorder(lambda r: httpx.Response(200, content=b"v"))
    with KVClient(api_token=TOKEN, account_id=ACCOUNT, transport=httpx.MockTransport(rec)) as kv:
        kv.values.get(NS, "../x/..")
    path = rec.requests[0].url.raw_path.decode()
    assert path.endswith(f"/namespaces/{NS}/values/..%2Fx%2F..")
