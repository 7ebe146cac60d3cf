"""Users, sessions and the middleware that guards routes.

Passwords are stored as PBKDF2-SHA256 hashes (``user:<name>`` in KV). Each login creates a
session (``session:<id>`` in KV, expiring with the token) whose id is the token's ``sid`` claim:
logging out deletes the session, which revokes the token before it expires.
"""

import base64
import json
import time
from functools import wraps

from tokens import TokenError
from workers import Response

from cloudflarefs.crypto.runtime import KdfKey, Pbkdf2, WebCrypto

PBKDF2_ITERATIONS = 100_000  # the most Workers' WebCrypto allows


def json_response(data, status=200, headers=None):
    body = json.dumps(data) + "\n"
    return Response(
        body, status=status, headers={"content-type": "application/json", **(headers or {})}
    )


def unauthorized(reason):
    challenge = f'Bearer error="invalid_token", error_description="{reason}"'
    return json_response({"error": reason}, status=401, headers={"www-authenticate": challenge})


async def hash_password(password, salt):
    crypto = WebCrypto()
    base = await crypto.import_key(
        "raw", password.encode(), KdfKey("PBKDF2"), extractable=False, usages=["deriveBits"]
    )
    return await crypto.derive_bits(
        Pbkdf2("SHA-256", salt=salt, iterations=PBKDF2_ITERATIONS), base, 256
    )


async def create_user(kv, name, password):
    """False when the user exists already."""
    if await kv.get(f"user:{name}") is not None:
        return False
    salt = WebCrypto().get_random_values(16)
    record = {"salt": _b64(salt), "hash": _b64(await hash_password(password, salt))}
    await kv.put(f"user:{name}", json.dumps(record))
    return True


async def check_password(kv, name, password):
    record = await kv.get_json(f"user:{name}")
    if record is None:
        await hash_password(password, b"\0" * 16)  # same work for unknown users: no user probing
        return False
    computed = await hash_password(password, base64.b64decode(record["salt"]))
    return _constant_time_equal(computed, base64.b64decode(record["hash"]))


async def start_session(kv, user, ttl):
    session_id = WebCrypto().random_uuid()
    session = {"user": user, "started": int(time.time())}
    await kv.put(f"session:{session_id}", json.dumps(session), expiration_ttl=ttl)
    return session_id


async def end_session(kv, session_id):
    await kv.delete(f"session:{session_id}")


def requires_login(handler):
    """Middleware: run ``handler(app, request, claims, session)`` only for a valid bearer token
    whose session still exists; answer 401 with a ``WWW-Authenticate`` challenge otherwise."""

    @wraps(handler)
    async def guarded(app, request):
        scheme, _, token = (request.headers.get("authorization") or "").partition(" ")
        if scheme.lower() != "bearer" or not token:
            return unauthorized("missing bearer token")
        try:
            claims = await app.keys.verify(token.strip(), now=int(time.time()))
        except TokenError as error:
            return unauthorized(str(error))
        session = await app.env.AUTH.get_json(f"session:{claims.get('sid')}")
        if session is None:
            return unauthorized("session ended")
        return await handler(app, request, claims, session)

    return guarded


def _b64(data):
    return base64.b64encode(data).decode("ascii")


def _constant_time_equal(a, b):
    if len(a) != len(b):
        return False
    diff = 0
    for x, y in zip(a, b, strict=True):
        diff |= x ^ y
    return diff == 0
