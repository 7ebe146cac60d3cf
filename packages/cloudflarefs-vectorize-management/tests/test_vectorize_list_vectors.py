"""list_vectors over httpx.MockTransport (cursor in result.nextCursor), and the v1 deprecation."""

from __future__ import annotations

import httpx
import pytest

from cloudflarefs.core.errors import InvalidInputError
from cloudflarefs.testing.http import Recorder, envelope
from cloudflarefs.vectorize.management import VectorizeClient, VectorizeIndexesV1, VectorListItem
from cloudflarefs.vectorize.management.aio import VectorizeClient as AsyncVectorizeClient

ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353"
PATH = f"/client/v4/accounts/{ACCOUNT}/vectorize/v2/indexes/docs/list"
PAGES = {
    None: {
        "count": 2,
        "isTruncated": True,
        "totalCount": 3,
        "vectors": [{"id": "a"}, {"id": "b"}],
        "nextCursor": "c1",
    },
    "c1": {"count": 1, "isTruncated": False, "totalCount": 3, "vectors": [{"id": "c", "new": 1}]},
}


def respond(request: httpx.Request) -> httpx.Response:
    return envelope(PAGES[request.url.params.get("cursor")])


def test_list_vectors_follows_next_cursor_until_there_is_none() -> None:
    rec = Recorder(respond)
    with VectorizeClient(
        api_token="t" * 40, account_id=ACCOUNT, transport=httpx.MockTransport(rec)
    ) as vz:
        ids = vz.indexes.list_vectors("docs", count=2).to_list()
    assert [v.id for v in ids] == ["a", "b", "c"] and all(
        isinstance(v, VectorListItem) for v in ids
    )
    assert ids[2].extra == {"new": 1}
    assert [(r.url.path, dict(r.url.params)) for r in rec.requests] == [
        (PATH, {"count": "2"}),
        (PATH, {"count": "2", "cursor": "c1"}),
    ]


async def test_async_list_vectors_pages_lazily() -> None:
    rec = Recorder(respond)
    async with AsyncVectorizeClient(
        api_token="t" * 40, account_id=ACCOUNT, transport=httpx.MockTransport(rec)
    ) as vz:
        first = await vz.indexes.list_vectors("docs", max_pages=1).to_list()
    assert [v.id for v in first] == ["a", "b"] and len(rec.requests) == 1


@pytest.mark.parametrize("count", [0, 1001])
def test_count_out_of_range_is_rejected_before_any_request(count: int) -> None:
    rec = Recorder(respond)
    with (
        VectorizeClient(
            api_token="t" * 40, account_id=ACCOUNT, transport=httpx.MockTransport(rec)
        ) as vz,
        pytest.raises(InvalidInputError, match="count"),
    ):
        vz.indexes.list_vectors("docs", count=count)
    assert rec.requests == []


def test_every_v1_method_is_documented_as_deprecated() -> None:
    methods = [
        "create",
        "delete",
        "get",
        "insert",
        "list",
        "query",
        "update",
        "upsert",
        "get_by_ids",
        "delete_by_ids",
    ]
    for name in methods:
        doc = getattr(VectorizeIndexesV1, name).__doc__ or ""
        assert ".. deprecated::" in doc and "v2" in doc, name
