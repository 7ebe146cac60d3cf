"""Sample Python Worker: JWT authentication middleware on WebCrypto, sessions in KV.

Routes:
    POST /signup                {"user", "password"} creates a user
    POST /login                 {"user", "password", "alg"?} returns a JWT ("ES256" or "HS256")
    GET  /me                    who the bearer token belongs to (requires a token)
    POST /logout                ends the token's session, revoking the token (requires a token)
    GET  /.well-known/jwks.json the ES256 public key, so other services can verify tokens
"""

import json
import re
import time
from urllib.parse import urlparse

from auth import (
    check_password,
    create_user,
    end_session,
    json_response,
    requires_login,
    start_session,
)
from tokens import TokenKeys
from workers import WorkerEntrypoint

from cloudflarefs.kv.runtime import KVNamespace
from cloudflarefs.workers.runtime import Env, Secret

USER_NAME = re.compile(r"^[a-z0-9_-]{1,32}$")
MIN_PASSWORD = 8


class AuthEnv(Env):
    AUTH: KVNamespace
    ISSUER: str
    TOKEN_TTL_SECONDS: int
    JWT_HS256_SECRET: Secret[str]
    JWT_ES256_KEY: Secret[str]


class App:
    """What a request needs: the typed env and the token keys."""

    def __init__(self, env, keys):
        self.env = env
        self.keys = keys


class BadRequest(Exception):
    pass


async def credentials(request):
    try:
        data = json.loads(await request.text())
    except ValueError:
        raise BadRequest("expected a JSON object") from None
    if not isinstance(data, dict):
        raise BadRequest("expected a JSON object")
    user, password = data.get("user"), data.get("password")
    if not isinstance(user, str) or not USER_NAME.match(user):
        raise BadRequest("user must be 1-32 of a-z, 0-9, _ and -")
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise BadRequest(f"password must be at least {MIN_PASSWORD} characters")
    alg = data.get("alg", "ES256")
    if alg not in ("ES256", "HS256"):
        raise BadRequest("alg must be ES256 or HS256")
    return user, password, alg


async def signup(app, request):
    user, password, _ = await credentials(request)
    if not await create_user(app.env.AUTH, user, password):
        return json_response({"error": f"user {user} exists"}, status=409)
    return json_response({"user": user}, status=201)


async def login(app, request):
    user, password, alg = await credentials(request)
    if not await check_password(app.env.AUTH, user, password):
        return json_response({"error": "wrong user or password"}, status=401)
    ttl = app.env.TOKEN_TTL_SECONDS
    session_id = await start_session(app.env.AUTH, user, ttl)
    now = int(time.time())
    claims = {"sub": user, "sid": session_id, "iat": now, "exp": now + ttl}
    token = await app.keys.sign(claims, alg)
    return json_response({"token": token, "token_type": "Bearer", "expires_in": ttl})


@requires_login
async def me(app, request, claims, session):
    return json_response({"user": claims["sub"], "session_started": session["started"]})


@requires_login
async def logout(app, request, claims, session):
    await end_session(app.env.AUTH, claims["sid"])
    return json_response({"logged_out": claims["sub"]})


async def jwks(app, request):
    return json_response({"keys": [app.keys.public_jwk]})


ROUTES = {
    ("POST", "/signup"): signup,
    ("POST", "/login"): login,
    ("GET", "/me"): me,
    ("POST", "/logout"): logout,
    ("GET", "/.well-known/jwks.json"): jwks,
}


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        handler = ROUTES.get((request.method, urlparse(request.url).path))
        if handler is None:
            return json_response({"error": "not found"}, status=404)
        env = AuthEnv.from_js(self.env)
        keys = await TokenKeys.load(
            env.ISSUER,
            env.JWT_HS256_SECRET.get_secret_value().encode(),
            json.loads(env.JWT_ES256_KEY.get_secret_value()),
        )
        try:
            return await handler(App(env, keys), request)
        except BadRequest as error:
            return json_response({"error": str(error)}, status=400)
