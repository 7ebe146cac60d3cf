"""``WebCrypto`` and ``DigestStream`` inside Pyodide: randomness, bad input, and the
workerd-only members.

``timingSafeEqual``, ``DigestStream`` and MD5 exist only inside workerd, not in Node's WebCrypto.
They are tested through a Worker-side facade: a JS WorkerEntrypoint, reached over a real
Miniflare service binding, whose methods run ``crypto.subtle.digest``/``timingSafeEqual`` and
``new crypto.DigestStream(...)`` inside workerd. The facade is injected with ``crypto=``.
"""

# ruff: noqa: PT017  (pytest.raises does not exist inside Pyodide: catch, then assert)

import hashlib
import types
import uuid

from cloudflarefs.core import InvalidInputError
from cloudflarefs.core.js import JsError
from cloudflarefs.crypto.runtime import (
    AesCbc,
    AesGcm,
    AesKey,
    DigestStream,
    Ecdsa,
    EcKey,
    Hkdf,
    Hmac,
    HmacKey,
    KdfKey,
    RsaKey,
    WebCrypto,
)
from cloudflarefs.testing.pytest_plugin import run_in_worker

FACADE = """
import { WorkerEntrypoint, RpcTarget } from "cloudflare:workers";
class Writer extends RpcTarget {
  constructor(w) { super(); this.w = w; }
  write(chunk) { return this.w.write(chunk); }
  close() { return this.w.close(); }
}
class Digest extends RpcTarget {
  constructor(alg) { super(); this.s = new crypto.DigestStream(alg); }
  getWriter() { return new Writer(this.s.getWriter()); }
  get digest() { return this.s.digest; }
}
export default class extends WorkerEntrypoint {
  fetch() { return new Response("ok"); }
  digest(alg, data) { return crypto.subtle.digest(alg, data); }
  timingSafeEqual(a, b) { return crypto.subtle.timingSafeEqual(a, b); }
  digestStream(alg) { return new Digest(alg); }
}
"""
WORKERD = {"services": {"WORKERD": "crypto-facade"}, "workers": {"crypto-facade": FACADE}}


@run_in_worker(bindings=WORKERD)
async def test_workerd_only_members_through_a_facade(env):
    facade = types.SimpleNamespace(
        subtle=env.WORKERD, DigestStream=types.SimpleNamespace(new=env.WORKERD.digestStream)
    )
    wc = WebCrypto(crypto=facade)
    md5 = await wc.digest("MD5", b"abc")
    assert md5 == hashlib.md5(b"abc").digest(), md5.hex()
    assert await wc.timing_safe_equal(b"secret", b"secret") is True
    assert await wc.timing_safe_equal(b"secret", b"secreT") is False
    try:
        await wc.timing_safe_equal(b"a", b"ab")
        raise AssertionError("unequal lengths accepted")
    except InvalidInputError as exc:
        assert "equal lengths" in str(exc), exc
    stream = DigestStream("SHA-256", crypto=facade)
    await stream.write(b"hello ")
    await stream.write(bytearray(b"world"))
    assert await stream.digest() == hashlib.sha256(b"hello world").digest()
    try:
        await stream.write(b"more")
        raise AssertionError("write after close accepted")
    except InvalidInputError as exc:
        assert "closed" in str(exc), exc
    empty = DigestStream("SHA-1", crypto=facade)
    assert await empty.digest() == hashlib.sha1(b"").digest()


@run_in_worker()
async def test_randomness(env):
    wc = WebCrypto()
    ids = {wc.random_uuid() for _ in range(5)}
    assert len(ids) == 5 and all(uuid.UUID(i).version == 4 for i in ids), ids
    a, b = wc.get_random_values(32), wc.get_random_values(32)
    assert len(a) == 32 and a != b and isinstance(a, bytes), (a, b)
    assert wc.get_random_values(0) == b""
    assert len(wc.get_random_values(65_536)) == 65_536
    for bad in (-1, 65_537, 1.5, True):
        try:
            wc.get_random_values(bad)
            raise AssertionError(f"{bad!r} accepted")
        except InvalidInputError:
            pass


@run_in_worker()
async def test_bad_input_raises_before_the_js_call_and_js_failures_are_js_errors(env):
    wc = WebCrypto()
    aes = await wc.generate_key(AesKey("AES-GCM"), extractable=False, usages=["encrypt", "decrypt"])
    mac = await wc.generate_key(HmacKey("SHA-256"), extractable=True, usages=["sign"])
    base = await wc.import_key(
        "raw", b"k" * 16, KdfKey("HKDF"), extractable=False, usages=["deriveBits"]
    )
    cases = {
        "digest algorithm": lambda: wc.digest("SHA-3", b"x"),
        "digest str": lambda: wc.digest("SHA-256", "text"),
        "usage for algorithm": lambda: wc.generate_key(
            AesKey("AES-GCM"), extractable=True, usages=["sign"]
        ),
        "unknown usage": lambda: wc.generate_key(
            HmacKey("SHA-256"), extractable=True, usages=["frobnicate"]
        ),
        "no usages": lambda: wc.generate_key(HmacKey("SHA-256"), extractable=True, usages=[]),
        "usages as str": lambda: wc.generate_key(
            HmacKey("SHA-256"), extractable=True, usages="sign"
        ),
        "extractable not bool": lambda: wc.generate_key(
            HmacKey("SHA-256"), extractable=1, usages=["sign"]
        ),
        "kdf generate": lambda: wc.generate_key(
            KdfKey("HKDF"), extractable=False, usages=["deriveBits"]
        ),
        "wrong key algorithm": lambda: wc.encrypt(AesCbc(b"\x00" * 16), aes, b"x"),
        "missing usage": lambda: wc.sign(Hmac(), aes, b"x"),
        "verify usage": lambda: wc.verify(Hmac(), mac, b"sig", b"x"),
        "not extractable": lambda: wc.export_key("raw", aes),
        "export format": lambda: wc.export_key("pem", mac),
        "import format": lambda: wc.import_key(
            "pem", b"x", HmacKey("SHA-256"), extractable=True, usages=["sign"]
        ),
        "jwk not dict": lambda: wc.import_key(
            "jwk", b"x", HmacKey("SHA-256"), extractable=True, usages=["sign"]
        ),
        "raw rsa": lambda: wc.import_key(
            "raw", b"x", RsaKey("RSA-PSS"), extractable=True, usages=["sign"]
        ),
        "spki hmac": lambda: wc.import_key(
            "spki", b"x", HmacKey("SHA-256"), extractable=True, usages=["sign"]
        ),
        "bits not multiple of 8": lambda: wc.derive_bits(Hkdf("SHA-256", salt=b""), base, 12),
        "derive usage": lambda: wc.derive_key(
            Hkdf("SHA-256", salt=b""), base, AesKey("AES-GCM"), extractable=True, usages=["encrypt"]
        ),
        "not a key": lambda: wc.sign(Hmac(), "key", b"x"),
    }
    for name, make in cases.items():
        try:
            await make()
            raise AssertionError(f"{name}: accepted")
        except InvalidInputError as exc:
            assert str(exc), name
    for name, build in {
        "bad AES length": lambda: AesKey("AES-GCM", length=100),
        "bad AES name": lambda: AesKey("AES-XTS"),
        "bad curve": lambda: EcKey("ECDSA", "P-192"),
        "bad hash": lambda: Ecdsa("MD5"),
        "short CBC iv": lambda: AesCbc(b"\x00" * 8),
        "empty GCM iv": lambda: AesGcm(b""),
        "bad exponent": lambda: RsaKey("RSA-PSS", public_exponent=17),
    }.items():
        try:
            build()
            raise AssertionError(f"{name}: accepted")
        except InvalidInputError as exc:
            assert str(exc), name
    # A JS-side failure (tampered ciphertext) surfaces as JsError with the JS message.
    params = AesGcm(b"\x01" * 12)
    ct = bytearray(await wc.encrypt(params, aes, b"payload"))
    ct[0] ^= 1
    try:
        await wc.decrypt(params, aes, bytes(ct))
        raise AssertionError("tampered ciphertext decrypted")
    except JsError as exc:
        assert exc.name and exc.js_message, exc
