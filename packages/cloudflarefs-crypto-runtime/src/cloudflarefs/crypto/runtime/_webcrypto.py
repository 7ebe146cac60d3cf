"""``WebCrypto``: a typed, snake_case façade over ``crypto`` / ``crypto.subtle``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final, Literal, get_args, overload

from cloudflarefs.core import InvalidInputError, InvalidInputTypeError, ResponseDecodeError
from cloudflarefs.core.js import call_js, from_js, js_errors, to_js
from cloudflarefs.crypto.runtime._globals import js_global
from cloudflarefs.crypto.runtime._key import CryptoKey, CryptoKeyPair, key_from_js, key_pair_from_js
from cloudflarefs.crypto.runtime._params import (
    AesKey,
    AsymmetricKeyAlgorithm,
    CipherParams,
    DeriveParams,
    HmacKey,
    KeyAlgorithm,
    SignParams,
    SymmetricKeyAlgorithm,
)
from cloudflarefs.crypto.runtime._types import (
    DigestAlgorithm,
    KeyFormat,
    KeyUsage,
    check_choice,
    check_data,
    check_usages,
)

MAX_RANDOM_BYTES: Final = 65_536
"""``getRandomValues`` fills at most 65,536 bytes per call (WebCrypto spec QuotaExceededError)."""

_DIGESTS: Final = get_args(DigestAlgorithm)
_FORMATS: Final = get_args(KeyFormat)


def _check_key(key: object, operation: str, names: Sequence[str]) -> CryptoKey:
    """The key exists, fits the operation's algorithm and allows the usage."""
    if not isinstance(key, CryptoKey):
        raise InvalidInputTypeError(f"{operation} needs a CryptoKey, got {type(key).__name__}")
    if key.algorithm_name not in names:
        raise InvalidInputError(
            f"{operation} with {'/'.join(names)} needs a matching key, got a {key.algorithm_name} key"
        )
    if operation not in key.usages:
        raise InvalidInputError(
            f"this key's usages {list(key.usages)} do not include {operation!r}"
        )
    return key


def _check_bool(value: object, what: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidInputTypeError(f"{what} must be a bool, got {type(value).__name__}")
    return value


def _bytes_result(value: Any, what: str) -> bytes:
    data = from_js(value)
    if not isinstance(data, bytes):
        raise ResponseDecodeError(f"{what}: expected bytes from JS, got {type(data).__name__}")
    return data


def _import_format_check(fmt: str, algorithm: KeyAlgorithm, key_data: object) -> Any:
    check_choice(fmt, _FORMATS, "key format")
    if fmt == "jwk":
        if not isinstance(key_data, dict):
            raise InvalidInputTypeError("a JWK import needs a dict")
        return key_data  # pyright: ignore[reportUnknownVariableType]
    if fmt == "raw" and algorithm.name in {"RSA-OAEP", "RSA-PSS", "RSASSA-PKCS1-v1_5"}:
        raise InvalidInputError("RSA keys cannot be imported raw; use pkcs8, spki or jwk")
    if fmt in ("pkcs8", "spki") and isinstance(algorithm, AesKey | HmacKey):
        raise InvalidInputError(f"{algorithm.name} keys import as raw or jwk, not {fmt}")
    return check_data(key_data, "key_data")


class WebCrypto:
    """Typed WebCrypto: ``wc = WebCrypto()`` uses the JS global ``crypto``.

    Pass ``crypto=`` to use another object with the same shape (for workerd-only members such
    as ``subtle.timingSafeEqual`` when testing outside workerd). All methods validate their
    input before any JS call and raise :class:`~cloudflarefs.core.InvalidInputError`; JS
    failures (a wrong key, a failed decryption...) raise :class:`~cloudflarefs.core.js.JsError`.
    """

    __slots__ = ("_crypto",)

    def __init__(self, crypto: Any = None) -> None:
        self._crypto: Any = crypto

    def __repr__(self) -> str:
        return "WebCrypto()"

    @property
    def _js(self) -> Any:
        if self._crypto is None:
            self._crypto = js_global("crypto")
        return self._crypto

    # ---- randomness -------------------------------------------------------------------

    def random_uuid(self) -> str:
        """A random (version 4) UUID string."""
        with js_errors():
            return str(self._js.randomUUID())

    def get_random_values(self, length: int) -> bytes:
        """``length`` cryptographically random bytes (0..65,536)."""
        size: object = length
        if isinstance(size, bool) or not isinstance(size, int):  # pyright: ignore[reportUnnecessaryIsInstance]  (runtime check for untyped callers)
            raise InvalidInputTypeError(f"length must be an int, got {type(size).__name__}")
        if not 0 <= length <= MAX_RANDOM_BYTES:
            raise InvalidInputError(f"length must be in 0..{MAX_RANDOM_BYTES}, got {length}")
        buffer = to_js(bytes(length))
        with js_errors():
            self._js.getRandomValues(buffer)
        return _bytes_result(buffer, "get_random_values")

    async def timing_safe_equal(self, a: bytes, b: bytes) -> bool:
        """Constant-time comparison of two equal-length byte strings (workerd only).

        The JS call is synchronous; this is async so an injected ``crypto`` may be remote.
        Raises :class:`~cloudflarefs.core.InvalidInputError` when the lengths differ.
        """
        left, right = check_data(a, "a"), check_data(b, "b")
        if len(left) != len(right):
            raise InvalidInputError(
                f"timing_safe_equal needs equal lengths, got {len(left)} and {len(right)}"
            )
        result = await call_js(self._js.subtle.timingSafeEqual(to_js(left), to_js(right)))
        return bool(result)

    # ---- digests ----------------------------------------------------------------------

    async def digest(self, algorithm: DigestAlgorithm, data: bytes) -> bytes:
        """The digest of ``data``; ``MD5`` exists only in workerd."""
        check_choice(algorithm, _DIGESTS, "digest algorithm")
        payload = to_js(check_data(data))
        return _bytes_result(await call_js(self._js.subtle.digest(algorithm, payload)), "digest")

    # ---- keys -------------------------------------------------------------------------

    @overload
    async def generate_key(
        self, algorithm: SymmetricKeyAlgorithm, *, extractable: bool, usages: Sequence[KeyUsage]
    ) -> CryptoKey: ...
    @overload
    async def generate_key(
        self, algorithm: AsymmetricKeyAlgorithm, *, extractable: bool, usages: Sequence[KeyUsage]
    ) -> CryptoKeyPair: ...
    async def generate_key(
        self, algorithm: KeyAlgorithm, *, extractable: bool, usages: Sequence[KeyUsage]
    ) -> CryptoKey | CryptoKeyPair:
        """A new key (AES, HMAC) or key pair (RSA, EC, Ed25519, X25519)."""
        if not isinstance(algorithm, AesKey | HmacKey | AsymmetricKeyAlgorithm):
            raise InvalidInputTypeError(f"cannot generate a key for {algorithm!r}")
        wanted = check_usages(algorithm.name, usages)
        extract = _check_bool(extractable, "extractable")
        result = await call_js(
            self._js.subtle.generateKey(to_js(algorithm.to_wire()), extract, to_js(list(wanted)))
        )
        if isinstance(algorithm, AesKey | HmacKey):
            return key_from_js(result)
        return key_pair_from_js(result)

    async def import_key(
        self,
        format: KeyFormat,
        key_data: bytes | dict[str, Any],
        algorithm: KeyAlgorithm,
        *,
        extractable: bool,
        usages: Sequence[KeyUsage],
    ) -> CryptoKey:
        """Import ``key_data`` (bytes for raw/pkcs8/spki, a dict for jwk)."""
        data = _import_format_check(format, algorithm, key_data)
        wanted = check_usages(algorithm.name, usages)
        extract = _check_bool(extractable, "extractable")
        js_key = await call_js(
            self._js.subtle.importKey(
                format, to_js(data), to_js(algorithm.to_wire()), extract, to_js(list(wanted))
            )
        )
        return key_from_js(js_key)

    @overload
    async def export_key(self, format: Literal["jwk"], key: CryptoKey) -> dict[str, Any]: ...
    @overload
    async def export_key(
        self, format: Literal["raw", "pkcs8", "spki"], key: CryptoKey
    ) -> bytes: ...
    async def export_key(self, format: KeyFormat, key: CryptoKey) -> bytes | dict[str, Any]:
        """Export an extractable key: a JWK dict for ``"jwk"``, else bytes."""
        check_choice(format, _FORMATS, "key format")
        given: object = key
        if not isinstance(given, CryptoKey):  # pyright: ignore[reportUnnecessaryIsInstance]  (runtime check for untyped callers)
            raise InvalidInputTypeError(f"export_key needs a CryptoKey, got {type(key).__name__}")
        if not key.extractable:
            raise InvalidInputError("this key is not extractable")
        exported = from_js(await call_js(self._js.subtle.exportKey(format, key.js)), objects="all")
        if format == "jwk":
            if not isinstance(exported, dict):
                raise ResponseDecodeError(f"expected a JWK object, got {type(exported).__name__}")
            return exported  # pyright: ignore[reportUnknownVariableType]
        if not isinstance(exported, bytes):
            raise ResponseDecodeError(f"expected key bytes, got {type(exported).__name__}")
        return exported

    # ---- encryption and signatures ----------------------------------------------------

    async def encrypt(self, algorithm: CipherParams, key: CryptoKey, data: bytes) -> bytes:
        """Encrypt ``data`` (AES-GCM/CBC/CTR, RSA-OAEP); GCM appends the tag."""
        js_key = _check_key(key, "encrypt", (algorithm.name,)).js
        payload = to_js(check_data(data))
        result = await call_js(self._js.subtle.encrypt(to_js(algorithm.to_wire()), js_key, payload))
        return _bytes_result(result, "encrypt")

    async def decrypt(self, algorithm: CipherParams, key: CryptoKey, data: bytes) -> bytes:
        """Decrypt ``data``; a wrong key or tampered data raises ``JsError``."""
        js_key = _check_key(key, "decrypt", (algorithm.name,)).js
        payload = to_js(check_data(data))
        result = await call_js(self._js.subtle.decrypt(to_js(algorithm.to_wire()), js_key, payload))
        return _bytes_result(result, "decrypt")

    async def sign(self, algorithm: SignParams, key: CryptoKey, data: bytes) -> bytes:
        """Sign ``data`` (HMAC, ECDSA in P1363 form, Ed25519, RSA-PSS, RSASSA-PKCS1-v1_5)."""
        js_key = _check_key(key, "sign", (algorithm.name,)).js
        payload = to_js(check_data(data))
        result = await call_js(self._js.subtle.sign(to_js(algorithm.to_wire()), js_key, payload))
        return _bytes_result(result, "sign")

    async def verify(
        self, algorithm: SignParams, key: CryptoKey, signature: bytes, data: bytes
    ) -> bool:
        """Whether ``signature`` is valid for ``data`` under ``key``."""
        js_key = _check_key(key, "verify", (algorithm.name,)).js
        sig, payload = to_js(check_data(signature, "signature")), to_js(check_data(data))
        result = await call_js(
            self._js.subtle.verify(to_js(algorithm.to_wire()), js_key, sig, payload)
        )
        if not isinstance(result, bool):
            raise ResponseDecodeError(f"verify: expected a bool, got {type(result).__name__}")
        return result

    # ---- derivation -------------------------------------------------------------------

    async def derive_bits(self, algorithm: DeriveParams, base_key: CryptoKey, length: int) -> bytes:
        """``length`` bits (a positive multiple of 8) derived with HKDF or PBKDF2."""
        bits: object = length
        if isinstance(bits, bool) or not isinstance(bits, int) or bits <= 0 or bits % 8:  # pyright: ignore[reportUnnecessaryIsInstance]  (runtime check for untyped callers)
            raise InvalidInputError(f"length must be a positive multiple of 8 bits, got {length!r}")
        js_key = _check_key(base_key, "deriveBits", (algorithm.name,)).js
        result = await call_js(
            self._js.subtle.deriveBits(to_js(algorithm.to_wire()), js_key, length)
        )
        return _bytes_result(result, "derive_bits")

    async def derive_key(
        self,
        algorithm: DeriveParams,
        base_key: CryptoKey,
        derived: AesKey | HmacKey,
        *,
        extractable: bool,
        usages: Sequence[KeyUsage],
    ) -> CryptoKey:
        """A new AES or HMAC key derived with HKDF or PBKDF2."""
        js_key = _check_key(base_key, "deriveKey", (algorithm.name,)).js
        target: object = derived
        if not isinstance(target, AesKey | HmacKey):  # pyright: ignore[reportUnnecessaryIsInstance]  (runtime check for untyped callers)
            raise InvalidInputError(f"derive_key makes AES or HMAC keys, not {derived!r}")
        if isinstance(derived, HmacKey) and derived.length is None:
            raise InvalidInputError("derive_key needs HmacKey(length=...) in bits")
        wanted = check_usages(derived.name if isinstance(derived, AesKey) else "HMAC", usages)
        extract = _check_bool(extractable, "extractable")
        result = await call_js(
            self._js.subtle.deriveKey(
                to_js(algorithm.to_wire()),
                js_key,
                to_js(derived.to_wire()),
                extract,
                to_js(list(wanted)),
            )
        )
        return key_from_js(result)
