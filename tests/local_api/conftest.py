"""The local Cloudflare API for these tests: one harness and API server per session.

Each test makes its own resources (unique names), so tests do not depend on each other. Tests
that read through the Worker call ``served`` first, which (re)serves ``worker/``.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from cloudflarefs.testing.local_api import LocalApi
from cloudflarefs.testing.wrangler import load_worker_config

HERE = Path(__file__).parent
WORKER = HERE / "worker"
if str(HERE) not in sys.path:  # for the _polling helpers (pytest runs with importlib mode)
    sys.path.insert(0, str(HERE))


@pytest.fixture(scope="session")
def local_api() -> Iterator[LocalApi]:
    """The local API with its own harness (closed at the end of the session)."""
    with LocalApi() as api:
        yield api


@pytest.fixture
def served(local_api: LocalApi) -> LocalApi:
    """The local API with ``worker/`` as the served Worker."""
    local_api.serve_config(load_worker_config(WORKER))
    return local_api


@pytest.fixture
def client_kwargs(local_api: LocalApi) -> dict[str, Any]:
    """What a management client needs to talk to the local API."""
    return {
        "api_token": "local-token",
        "account_id": local_api.account_id,
        "base_url": local_api.base_url,
    }


@pytest.fixture
def unique() -> str:
    """A short unique suffix for resource names."""
    return uuid.uuid4().hex[:8]


@pytest.fixture
def worker_http(served: LocalApi) -> Iterator[httpx.Client]:
    """An HTTP client for the served Worker (real HTTP to Miniflare)."""
    with httpx.Client(base_url=served.worker_url, timeout=60) as client:
        yield client
