"""``SecretsStoreSecret``: the typed façade over a ``secrets_store_secrets`` binding."""

from __future__ import annotations

from typing import Any

from cloudflarefs.core import CloudflareError, InvalidInputError, ResponseDecodeError
from cloudflarefs.core.js import JsError, await_maybe, js_errors


class SecretsStoreError(CloudflareError):
    """The Secrets Store binding refused to return the secret.

    Attributes:
        js_name: the JS error's ``name`` (``"Error"``...), for diagnostics.

    The message is the runtime's own (it names the secret, never its value).
    """

    def __init__(self, message: str, *, js_name: str = "Error") -> None:
        super().__init__(message)
        self.js_name = js_name


class SecretNotFoundError(SecretsStoreError):
    """The bound secret does not exist in its store (deleted, or never created)."""


def _error_from_js(exc: JsError) -> SecretsStoreError:
    # workerd and Miniflare say `Secret "<name>" not found`; anything else stays generic.
    message = exc.js_message or str(exc)
    if "not found" in message.lower():
        return SecretNotFoundError(message, js_name=exc.name)
    return SecretsStoreError(message, js_name=exc.name)


class SecretsStoreSecret:
    """Typed façade over one Secrets Store binding: ``api_key = SecretsStoreSecret(env.API_KEY)``.

    The value is fetched on every :meth:`get` (the store is the source of truth, rotations show
    up at once) and never cached, logged or shown in ``repr``.
    """

    __slots__ = ("_js",)

    def __init__(self, binding: Any) -> None:
        if binding is None:
            raise InvalidInputError(
                "SecretsStoreSecret needs a Secrets Store binding (env.<NAME>), got None"
            )
        if isinstance(binding, str):
            # A plain `vars`/`secret` is a str already: wrapping it is a configuration mix-up.
            raise InvalidInputError(
                "SecretsStoreSecret needs a Secrets Store binding, got a str (a plain secret or "
                "var is read directly from env, without get())"
            )
        self._js: Any = binding

    def __repr__(self) -> str:
        return "SecretsStoreSecret(<binding>)"

    async def get(self) -> str:
        """Return the secret's current value.

        Raises :class:`SecretNotFoundError` when the secret does not exist in its store,
        :class:`SecretsStoreError` for any other refusal, and
        :class:`~cloudflarefs.core.ResponseDecodeError` if the binding returns something other
        than a string (the value is never included in that message).
        """
        try:
            with js_errors():
                value = await await_maybe(self._js.get())
        except JsError as exc:
            raise _error_from_js(exc) from None
        if not isinstance(value, str):
            raise ResponseDecodeError(
                f"the Secrets Store binding returned a {type(value).__name__}, expected a str"
            )
        return value
