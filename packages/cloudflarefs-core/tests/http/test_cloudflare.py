"""The unified client: services found through entry points, loaded lazily, sharing one HttpClient."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import httpx
import pytest

from cloudflarefs.core import ApiRequest, ConfigurationError
from cloudflarefs.core.http import AsyncCloudflare, AsyncHttpClient, Cloudflare, HttpClient

TOKEN = "tok-SECRET-unified-31"

FAKE_MODULE = """
class FakeClient:
    created = 0

    def __init__(self, *, http):
        type(self).created += 1
        self.http = http


class AsyncFakeClient(FakeClient):
    pass
"""


@pytest.fixture
def fake_distribution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A tiny installed distribution (dist-info on sys.path) registering ``fake_svc``."""
    (tmp_path / "cffake_mgmt.py").write_text(FAKE_MODULE)
    info = tmp_path / "cloudflarefs_fake_svc_management-0.0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: cloudflarefs-fake-svc-management\nVersion: 0.0.1\n"
    )
    (info / "entry_points.txt").write_text(
        "[cloudflarefs.management]\nfake_svc = cffake_mgmt:FakeClient\n\n"
        "[cloudflarefs.management.aio]\nfake_svc = cffake_mgmt:AsyncFakeClient\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))  # pyright: ignore[reportUnknownMemberType]
    yield
    sys.modules.pop("cffake_mgmt", None)


def transport() -> httpx.MockTransport:
    return httpx.MockTransport(lambda r: httpx.Response(200, json={"success": True, "result": 1}))


def test_installed_service_is_an_attribute_sharing_the_http_client(fake_distribution: None) -> None:
    with Cloudflare(api_token=TOKEN, account_id="acc", transport=transport()) as cf:
        assert "fake_svc" in cf.services()
        assert "fake_svc" in dir(cf)
        assert "cffake_mgmt" not in sys.modules  # lazily loaded
        service = cf.fake_svc
        assert type(service).__name__ == "FakeClient"
        assert service.http is cf.http
        assert isinstance(cf.http, HttpClient) and cf.http.account_id == "acc"
        assert cf.fake_svc is service
        assert service.__class__.created == 1
        assert TOKEN not in repr(cf)
    assert cf.http.http_client.is_closed


async def test_async_installed_service_uses_the_aio_group(fake_distribution: None) -> None:
    async with AsyncCloudflare(api_token=TOKEN, transport=transport()) as cf:
        assert "fake_svc" in dir(cf) and "fake_svc" in cf.services()
        service = cf.fake_svc
        assert type(service).__name__ == "AsyncFakeClient"
        assert service.http is cf.http and isinstance(cf.http, AsyncHttpClient)
        assert (await cf.http.send(ApiRequest("GET", "/x"))).status_code == 200
    assert cf.http.http_client.is_closed


@pytest.mark.parametrize("flavour", [Cloudflare, AsyncCloudflare])
@pytest.mark.parametrize(
    ("name", "package"),
    [
        ("widgets", "cloudflarefs-widgets-management"),
        ("durable_widgets", "cloudflarefs-durable-widgets-management"),
    ],
)
def test_unknown_service_names_the_package_to_install(
    flavour: type[Any], name: str, package: str
) -> None:
    cf = flavour(api_token=TOKEN, transport=transport())
    with pytest.raises(AttributeError, match=f"pip install {package}"):
        getattr(cf, name)
    assert name not in dir(cf)
    assert not hasattr(cf, "_private") and not hasattr(cf, "__deepcopy__")


def test_shared_http_client_is_not_closed() -> None:
    http = HttpClient(api_token=TOKEN, transport=transport())
    with Cloudflare(http=http) as cf:
        assert cf.http is http
    assert not http.http_client.is_closed
    http.close()
    with pytest.raises(ConfigurationError, match="not both: api_token"):
        Cloudflare(http=http, api_token=TOKEN)


async def test_async_shared_http_client_is_not_closed() -> None:
    http = AsyncHttpClient(api_token=TOKEN, transport=transport())
    async with AsyncCloudflare(http=http) as cf:
        assert cf.http is http
    assert not http.http_client.is_closed
    await http.close()
    with pytest.raises(ConfigurationError):
        AsyncCloudflare(http=http, account_id="a")


def test_construction_errors_surface_immediately() -> None:
    with pytest.raises(ConfigurationError, match="no Cloudflare credentials"):
        Cloudflare()
    with pytest.raises(ConfigurationError, match="no Cloudflare credentials"):
        AsyncCloudflare()


def test_a_real_workspace_service_when_installed() -> None:
    if not importlib.metadata.entry_points(group="cloudflarefs.management", name="kv"):
        pytest.skip("cloudflarefs-kv-management is not installed")
    with Cloudflare(api_token=TOKEN, transport=transport()) as cf:
        assert "kv" in dir(cf)
        assert type(cf.kv).__name__ == "KVClient" and cf.kv.http is cf.http


def test_core_imports_no_service_package() -> None:
    code = textwrap.dedent(
        """
        import sys
        from cloudflarefs.core.http import Cloudflare
        cf = Cloudflare(api_token="t")
        names = cf.services()
        loaded = sorted(m for m in sys.modules if m.startswith("cloudflarefs.") and not m.startswith("cloudflarefs.core"))
        print(loaded)
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("options", "client"),
    [("HttpOptions", "HttpClient"), ("AsyncHttpOptions", "AsyncHttpClient")],
)
def test_service_client_options_are_exactly_the_http_client_arguments(
    options: str, client: str
) -> None:
    """The TypedDict that types every service client's constructor tracks the HTTP client's."""
    import typing

    import cloudflarefs.core.http as http

    typed = typing.get_type_hints(getattr(http, options))
    init = typing.get_type_hints(getattr(http, client).__init__)
    init.pop("return")
    assert typed == init
