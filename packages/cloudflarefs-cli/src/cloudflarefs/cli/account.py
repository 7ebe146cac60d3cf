"""The management clients a command uses, sharing one HTTP client and its credentials.

Credentials and account come from the same settings as every management client: arguments,
else the environment (``CLOUDFLARE_API_TOKEN``, ``CLOUDFLARE_ACCOUNT_ID``, ``CLOUDFLARE_BASE_URL``,
...), with the same ambiguity errors (:class:`~cloudflarefs.core.ConfigurationError`).
"""

from __future__ import annotations

import argparse
from types import TracebackType
from typing import Self

import httpx

from cloudflarefs.core.http import HttpClient
from cloudflarefs.d1.management import D1Client
from cloudflarefs.hyperdrive.management import HyperdriveClient
from cloudflarefs.kv.management import KVClient
from cloudflarefs.queues.management import QueuesClient
from cloudflarefs.r2.management import R2Client
from cloudflarefs.vectorize.management import VectorizeClient
from cloudflarefs.workers.management import WorkersClient


def add_account_arguments(parser: argparse.ArgumentParser) -> None:
    """``--account-id`` and ``--base-url`` (the token only from the environment: not in argv)."""
    parser.add_argument("--account-id", default=None, help="default: CLOUDFLARE_ACCOUNT_ID")
    parser.add_argument(
        "--base-url", default=None, help="API base URL (default: CLOUDFLARE_BASE_URL or Cloudflare)"
    )


class Account:
    """Management clients for one account (a context manager that closes them)."""

    def __init__(
        self,
        *,
        account_id: str | None = None,
        base_url: str | None = None,
        api_token: str | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.http = HttpClient(
            api_token=api_token,
            account_id=account_id,
            base_url=base_url,
            transport=transport,
            user_agent_product="cloudflarefs-cli",
        )
        self.workers = WorkersClient(http=self.http)
        self.kv = KVClient(http=self.http)
        self.d1 = D1Client(http=self.http)
        self.r2 = R2Client(http=self.http)
        self.queues = QueuesClient(http=self.http)
        self.hyperdrive = HyperdriveClient(http=self.http)
        self.vectorize = VectorizeClient(http=self.http)

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Account:
        """From ``--account-id`` / ``--base-url`` and the environment."""
        return cls(account_id=args.account_id, base_url=args.base_url)

    def close(self) -> None:
        """Close the shared HTTP client."""
        self.http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
