"""Import cost: a sync-only program never loads asyncio or importlib.metadata through us.

Each check runs in a fresh interpreter, since this test process has imported everything.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest


def _modules_after(code: str) -> set[str]:
    script = textwrap.dedent(code) + "\nimport sys\nprint('\\n'.join(sys.modules))\n"
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert out.returncode == 0, out.stderr
    return set(out.stdout.split())


@pytest.mark.parametrize(
    "code",
    [
        "import cloudflarefs.core.http",
        "from cloudflarefs.core.http import HttpClient, ServiceClient",
        "from cloudflarefs.core.http import HttpClient\n"
        "HttpClient(api_token='t', base_url='http://127.0.0.1:9/client/v4')",
    ],
)
def test_the_sync_layer_does_not_import_asyncio_or_entry_points(code: str) -> None:
    loaded = _modules_after(code)
    assert "cloudflarefs.core.http.client" in loaded
    assert "asyncio" not in loaded
    assert "importlib.metadata" not in loaded
    assert "cloudflarefs.core.http.aio" not in loaded
    assert "cloudflarefs.core.http.cloudflare" not in loaded


def test_lazy_names_resolve_to_the_real_objects() -> None:
    import cloudflarefs.core.http as http
    from cloudflarefs.core.http import aio, cloudflare

    assert http.AsyncHttpClient is aio.AsyncHttpClient
    assert http.Cloudflare is cloudflare.Cloudflare
    assert http.AsyncCloudflare is cloudflare.AsyncCloudflare
    assert http.ENTRY_POINT_GROUP == cloudflare.ENTRY_POINT_GROUP
    assert http.ENTRY_POINT_GROUP_AIO == cloudflare.ENTRY_POINT_GROUP_AIO
    assert {"AsyncHttpClient", "Cloudflare"} <= set(dir(http))
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        http.Nope  # noqa: B018  # pyright: ignore[reportAttributeAccessIssue]


def test_star_import_still_exports_every_name() -> None:
    loaded = _modules_after(
        """
        from cloudflarefs.core.http import *  # noqa: F403
        import cloudflarefs.core.http as http
        missing = [n for n in http.__all__ if n not in globals()]
        assert not missing, missing
        """
    )
    assert "cloudflarefs.core.http.aio" in loaded
