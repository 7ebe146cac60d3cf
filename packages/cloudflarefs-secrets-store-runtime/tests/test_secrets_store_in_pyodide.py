"""``SecretsStoreSecret`` inside Pyodide against Miniflare's real Secrets Store simulation."""

# ruff: noqa: PT017  (pytest.raises does not exist inside Pyodide: catch, then assert)

from cloudflarefs.core import InvalidInputError
from cloudflarefs.secrets_store.runtime import (
    SecretNotFoundError,
    SecretsStoreError,
    SecretsStoreSecret,
)
from cloudflarefs.testing import Bindings, StoreSecret
from cloudflarefs.testing.pytest_plugin import run_in_worker

SECRET_VALUE = "s3cr3t-value-never-shown"
STORE = Bindings(
    secrets_store_secrets={
        "API_KEY": StoreSecret(store_id="store1", secret_name="api-key", value=SECRET_VALUE),
        "MISSING": StoreSecret(store_id="store1", secret_name="not-created"),
    }
)


@run_in_worker(bindings=STORE)
async def test_get_returns_the_seeded_value(env):
    secret = SecretsStoreSecret(env.API_KEY)
    assert await secret.get() == "s3cr3t-value-never-shown"
    # Fetched again on every call, and never shown by repr.
    assert await secret.get() == "s3cr3t-value-never-shown"
    assert "s3cr3t" not in repr(secret), repr(secret)


@run_in_worker(bindings=STORE)
async def test_a_missing_secret_is_a_typed_error_without_any_value(env):
    try:
        await SecretsStoreSecret(env.MISSING).get()
        raise AssertionError("a secret that was never created was returned")
    except SecretNotFoundError as exc:
        assert isinstance(exc, SecretsStoreError), type(exc)
        assert "not-created" in str(exc), str(exc)
        assert "s3cr3t" not in str(exc), str(exc)


@run_in_worker(bindings=STORE)
async def test_wrong_bindings_are_refused_before_any_call(env):
    for bad in (None, "a plain secret string"):
        try:
            SecretsStoreSecret(bad)
            raise AssertionError(f"{bad!r}: accepted")
        except InvalidInputError as exc:
            assert "Secrets Store binding" in str(exc), exc
            assert "plain secret string" not in str(exc), exc


def test_store_secret_repr_hides_the_value() -> None:
    assert SECRET_VALUE not in repr(STORE)
