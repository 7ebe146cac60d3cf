"""The immutable settings of a client, resolved once and shared by the sync and async clients."""

from __future__ import annotations

import os
from collections.abc import Mapping

import attrs
import httpx

from cloudflarefs.core.http._body import DEFAULT_MAX_RESPONSE_SIZE
from cloudflarefs.core.http._config import (
    check_base_url,
    check_max_response_size,
    default_account_id,
    resolve_base_url,
    to_timeout,
    user_agent,
)
from cloudflarefs.core.http.credentials import CloudflareAuth, resolve_auth
from cloudflarefs.core.retry import DEFAULT_RETRY, RetryPolicy
from cloudflarefs.core.unset import UNSET, Unset

__all__ = ["ClientSettings"]


@attrs.frozen(kw_only=True)
class ClientSettings:
    """Everything a client needs besides its connection pool. Secrets stay inside ``auth``."""

    auth: CloudflareAuth
    base_url: str
    account_id: str | None
    timeout: httpx.Timeout
    retry: RetryPolicy
    user_agent_product: str | None
    user_agent: str
    max_response_size: int = DEFAULT_MAX_RESPONSE_SIZE
    """The largest decoded body of a buffered response, in bytes (streams have no limit)."""

    @classmethod
    def resolve(
        cls,
        *,
        api_token: str | None,
        api_key: str | None,
        api_email: str | None,
        user_service_key: str | None,
        account_id: str | None,
        base_url: str | None,
        timeout: float | httpx.Timeout,
        retry: RetryPolicy | None,
        user_agent_product: str | None,
        max_response_size: int = DEFAULT_MAX_RESPONSE_SIZE,
        environ: Mapping[str, str] | None = None,
    ) -> ClientSettings:
        """Resolve arguments and the environment (``os.environ`` by default) into settings.

        Raises:
            ConfigurationError: missing or ambiguous credentials, an unsafe base URL, an
                invalid user agent product, or a ``max_response_size`` that is not a positive int.
        """
        env = os.environ if environ is None else environ
        return cls(
            auth=resolve_auth(
                api_token=api_token,
                api_key=api_key,
                api_email=api_email,
                user_service_key=user_service_key,
                environ=env,
            ),
            base_url=resolve_base_url(base_url, env),
            account_id=default_account_id(account_id, env),
            timeout=to_timeout(timeout),
            retry=DEFAULT_RETRY if retry is None else retry,
            user_agent_product=user_agent_product,
            user_agent=user_agent(user_agent_product),
            max_response_size=check_max_response_size(max_response_size),
        )

    def evolve(
        self,
        *,
        api_token: str | Unset = UNSET,
        api_key: str | Unset = UNSET,
        api_email: str | Unset = UNSET,
        user_service_key: str | Unset = UNSET,
        account_id: str | Unset | None = UNSET,
        base_url: str | Unset = UNSET,
        timeout: float | httpx.Timeout | Unset = UNSET,
        retry: RetryPolicy | Unset = UNSET,
        user_agent_product: str | Unset | None = UNSET,
        max_response_size: int | Unset = UNSET,
    ) -> ClientSettings:
        """A copy with some settings replaced.

        Credentials given here replace the current ones as a whole (``api_key`` and
        ``api_email`` together replace a token); the environment is not consulted again.
        """
        creds = {
            "api_token": api_token,
            "api_key": api_key,
            "api_email": api_email,
            "user_service_key": user_service_key,
        }
        given = {k: v for k, v in creds.items() if v is not UNSET}
        auth = self.auth
        if given:
            auth = resolve_auth(**given, environ={})
        product = self.user_agent_product if user_agent_product is UNSET else user_agent_product
        return attrs.evolve(
            self,
            auth=auth,
            base_url=self.base_url if base_url is UNSET else check_base_url(base_url),
            account_id=(
                self.account_id if account_id is UNSET else default_account_id(account_id, {})
            ),
            timeout=self.timeout if timeout is UNSET else to_timeout(timeout),
            retry=self.retry if retry is UNSET else retry,
            user_agent_product=product,
            user_agent=user_agent(product),
            max_response_size=(
                self.max_response_size
                if max_response_size is UNSET
                else check_max_response_size(max_response_size)
            ),
        )
