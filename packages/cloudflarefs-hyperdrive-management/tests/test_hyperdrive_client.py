"""Behaviour of HyperdriveClient (sync and async) over httpx.MockTransport."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest

from cloudflarefs.core.errors import APIStatusError, InvalidInputError
from cloudflarefs.hyperdrive.management import Caching, HyperdriveClient, Origin
from cloudflarefs.hyperdrive.management.aio import HyperdriveClient as AsyncHyperdriveClient
from cloudflarefs.testing.http import FAILURE_BODY, Recorder, envelope

ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353"
HD = "023e105f4ecef8ad9ca31a8372d0c353"
TOKEN = "Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY"
PASSWORD = "pg-Pa55w0rd-never-shown"
BASE = f"/client/v4/accounts/{ACCOUNT}/hyperdrive/configs"
CONFIG = {
    "id": HD,
    "name": "example-hyperdrive",
    "caching": {"disabled": False, "max_age": 60, "stale_while_revalidate": 15},
    "origin": {
        "database": "postgres",
        "host": "database.example.com",
        "port": 5432,
        "scheme": "postgres",
        "user": "postgres",
    },
}


def sync_client(rec: Recorder) -> HyperdriveClient:
    return HyperdriveClient(api_token=TOKEN, account_id=ACCOUNT, transport=httpx.MockTransport(rec))


ORIGIN = Origin(
    host="database.example.com", database="postgres", user="postgres", password=PASSWORD, port=5432
)


def test_create_sends_the_origin_with_its_password_and_structures_the_result() -> None:
    rec = Recorder(lambda r: envelope(CONFIG))
    with sync_client(rec) as hd:
        config = hd.configs.create(
            "example-hyperdrive",
            origin=ORIGIN,
            caching=Caching(max_age=60, stale_while_revalidate=15),
        )
    assert config.id == HD
    assert config.origin is not None
    assert config.origin.host == "database.example.com"
    assert config.caching is not None
    assert config.caching.max_age == 60
    assert (rec.requests[0].method, rec.requests[0].url.path) == ("POST", BASE)
    assert json.loads(rec.requests[0].content) == {
        "name": "example-hyperdrive",
        "origin": {
            "host": "database.example.com",
            "database": "postgres",
            "user": "postgres",
            "password": PASSWORD,
            "port": 5432,
            "scheme": "postgres",
        },
        "caching": {"max_age": 60, "stale_while_revalidate": 15},
    }


def test_update_puts_everything_and_edit_patches_only_given_fields() -> None:
    rec = Recorder(lambda r: envelope(CONFIG))
    with sync_client(rec) as hd:
        hd.configs.update(HD, name="n", origin=ORIGIN)
        hd.configs.edit(HD, caching=Caching(disabled=True))
        hd.configs.get(HD)
    assert [(r.method, r.url.path) for r in rec.requests] == [
        ("PUT", f"{BASE}/{HD}"),
        ("PATCH", f"{BASE}/{HD}"),
        ("GET", f"{BASE}/{HD}"),
    ]
    assert set(json.loads(rec.requests[0].content)) == {"name", "origin"}
    assert json.loads(rec.requests[1].content) == {"caching": {"disabled": True}}


async def test_async_list_and_delete() -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        return envelope([CONFIG]) if request.method == "GET" else envelope(None)

    rec = Recorder(respond)
    async with AsyncHyperdriveClient(
        api_token=TOKEN, account_id=ACCOUNT, transport=httpx.MockTransport(rec)
    ) as hd:
        names = [c.name async for c in hd.configs.list()]
        await hd.configs.delete(HD)
    assert names == ["example-hyperdrive"]
    assert rec.requests[-1].method == "DELETE"
    assert rec.requests[-1].url.path == f"{BASE}/{HD}"


def test_origin_from_url_and_secrets_stay_out_of_repr() -> None:
    origin = Origin.from_url(f"postgresql://app%40corp:{PASSWORD}@db.example.com/app%20db")
    assert (origin.user, origin.password, origin.host, origin.database, origin.port) == (
        "app@corp",
        PASSWORD,
        "db.example.com",
        "app db",
        5432,
    )
    assert Origin.from_url("mysql://u:p@h/d").port == 3306
    secret = Origin(
        host="h",
        database="d",
        user="u",
        password=PASSWORD,
        access_client_id="id",
        access_client_secret="s3cr3t-access",
    )
    assert PASSWORD not in repr(origin)
    assert "s3cr3t-access" not in repr(secret)


def test_error_mapping() -> None:
    rec = Recorder(lambda r: httpx.Response(200, json=FAILURE_BODY))
    with sync_client(rec) as hd, pytest.raises(APIStatusError) as caught:
        hd.configs.get(HD)
    assert caught.value.errors[0].code == 7003


BAD_CALLS: list[tuple[str, Callable[[HyperdriveClient], object]]] = [
    ("empty id", lambda hd: hd.configs.get("")),
    ("empty name", lambda hd: hd.configs.create("", origin=ORIGIN)),
    (
        "empty password",
        lambda hd: hd.configs.create(
            "n", origin=Origin(host="h", database="d", user="u", password="")
        ),
    ),
    (
        "bad port",
        lambda hd: hd.configs.create(
            "n", origin=Origin(host="h", database="d", user="u", password="p", port=70000)
        ),
    ),
    (
        "half access credentials",
        lambda hd: hd.configs.create(
            "n", origin=Origin(host="h", database="d", user="u", password="p", access_client_id="x")
        ),
    ),
    ("negative max_age", lambda hd: hd.configs.edit(HD, caching=Caching(max_age=-1))),
    ("edit with nothing", lambda hd: hd.configs.edit(HD)),
    ("unknown scheme in url", lambda hd: Origin.from_url("http://u:p@h/d")),
    ("delete empty id", lambda hd: hd.configs.delete(" ")),
]


@pytest.mark.parametrize(("label", "call"), BAD_CALLS, ids=[b[0] for b in BAD_CALLS])
def test_bad_input_is_rejected_before_any_request(
    label: str, call: Callable[[HyperdriveClient], object]
) -> None:
    rec = Recorder(lambda r: envelope(CONFIG))
    with sync_client(rec) as hd, pytest.raises(InvalidInputError) as caught:
        call(hd)
    assert rec.requests == []
    assert PASSWORD not in str(caught.value)


def test_user_agent_names_the_package() -> None:
    rec = Recorder(lambda r: envelope(CONFIG))
    with sync_client(rec) as hd:
        hd.configs.get(HD)
    assert "cloudflarefs-hyperdrive-management/" in rec.requests[0].headers["user-agent"]


def test_restart_posts_without_a_body_and_reports_restarted_on() -> None:
    rec = Recorder(lambda r: envelope({**CONFIG, "restarted_on": "2025-05-01T12:00:00Z"}))
    with sync_client(rec) as hd:
        restarted = hd.configs.restart(HD)
        with pytest.raises(InvalidInputError, match="hyperdrive_id"):
            hd.configs.restart("")
    assert [(r.method, r.url.path, r.content) for r in rec.requests] == [
        ("POST", f"{BASE}/{HD}/restart", b"")
    ]
    assert restarted.restarted_on is not None and restarted.restarted_on.year == 2025
