"""Checked by pyright (strict) in test_pyright.py: each line marked ``# error:`` must be an error
(the rule named after it), and no other line may be.
"""

from __future__ import annotations

import httpx

from cloudflarefs.core.http import AsyncCloudflare, Cloudflare
from cloudflarefs.kv.management import KVClient
from cloudflarefs.kv.management.aio import KVClient as AsyncKVClient


def wrong_options(transport: httpx.AsyncBaseTransport) -> None:
    KVClient(api_tokn="token")  # error: reportCallIssue
    KVClient(timeout="5 seconds")  # error: reportArgumentType
    KVClient(transport=transport)  # error: reportArgumentType
    AsyncKVClient(http_client=httpx.Client())  # error: reportArgumentType


def wrong_service(cf: Cloudflare, acf: AsyncCloudflare) -> None:
    cf.service(AsyncKVClient)  # error: reportArgumentType
    acf.service(KVClient)  # error: reportArgumentType
    cf.service(KVClient).namespaces.create(title=3)  # error: reportArgumentType
