"""The HTTP side of the local Cloudflare API: a threaded ``http.server`` on 127.0.0.1."""

from __future__ import annotations

import threading
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from cloudflarefs.testing.local_api import (
    analytics_engine,
    d1,
    durable_objects,
    hyperdrive,
    kv,
    queues,
    r2,
    vectorize,
    workers,
)
from cloudflarefs.testing.local_api._account import LocalAccount
from cloudflarefs.testing.local_api._spec import spec_operation, validate_request
from cloudflarefs.testing.local_api._wire import (
    ApiError,
    Request,
    Response,
    Route,
    Router,
    error_response,
    parse_query,
)

__all__ = ["API_PREFIX", "LocalApiServer", "build_router"]

API_PREFIX = "/client/v4"
FILES_PREFIX = "/local-files/"
"""Where the "presigned" URLs of D1 export and import point (no token needed, like R2's)."""
AUTH_ERROR = 10000
NO_ROUTE = 7003
NOT_SERVED = 10501
"""A valid Cloudflare operation (it is in the spec) that the local API does not implement."""
UNAUTHORIZED_ACCOUNT = 9109


def build_router(account: LocalAccount) -> Router:
    """Every route the local API serves, bound to ``account``."""
    router = Router()
    for service in (
        kv,
        d1,
        r2,
        queues,
        workers,
        hyperdrive,
        durable_objects,
        vectorize,
        analytics_engine,
    ):
        service.register(router, account)
    return router


def handle(router: Router, account: LocalAccount, request: Request) -> Response:
    """Route, authenticate, validate and run one request; every failure is an envelope."""
    try:
        if request.path.startswith(FILES_PREFIX):
            return _file(account, request)
        if not request.path.startswith(API_PREFIX + "/"):
            raise ApiError(404, NO_ROUTE, "No route for that URI")
        raw_path = request.path[len(API_PREFIX) :]
        auth = request.headers.get("authorization", "")
        if not auth.startswith("Bearer ") and not request.headers.get("x-auth-key"):
            raise ApiError(401, AUTH_ERROR, "Authentication error")
        route, params = _route(router, request.method, raw_path)
        if params.get("account_id", account.account_id) != account.account_id:
            raise ApiError(403, UNAUTHORIZED_ACCOUNT, "Unauthorized to access requested resource")
        routed = Request(
            method=request.method,
            path=raw_path,
            query=request.query,
            headers=request.headers,
            body=request.body,
            params=params,
        )
        if route.spec is not None:
            validate_request(route.spec, route.template, routed)
        return route.handler(routed)
    except ApiError as err:
        return error_response(err)
    except Exception:  # an unexpected failure is a 500 envelope, and printed for the developer
        traceback.print_exc()
        return error_response(ApiError(500, 10002, "internal error in the local API"))


def _route(router: Router, method: str, raw_path: str) -> tuple[Route, dict[str, str]]:
    # A request the spec describes but no route serves is a 501, not a 404 that reads as
    # "this resource does not exist" (or a 405 that reads as "the API has no such method").
    refusal = ApiError(404, NO_ROUTE, "No route for that URI")
    try:
        matched = router.match(method, raw_path)
    except ApiError as not_allowed:  # 405: the path is served, with other methods
        matched, refusal = None, not_allowed
    if matched is not None:
        return matched
    unserved = spec_operation(method, raw_path)
    if unserved is not None:
        raise ApiError(501, NOT_SERVED, f"not served by the local API: {method.upper()} {unserved}")
    raise refusal


def _file(account: LocalAccount, request: Request) -> Response:
    name = request.path[len(FILES_PREFIX) :]
    if request.method == "PUT":
        account.files[name] = request.body
        return Response(200, b"", "text/plain")
    if request.method == "GET" and name in account.files:
        return Response(200, account.files[name], "application/sql")
    raise ApiError(404, NO_ROUTE, "No such file")


class LocalApiServer:
    """Serves the v4 API for ``account`` on ``http://127.0.0.1:<port>/client/v4``.

    ``port=0`` picks a free port. Use :attr:`base_url` as the management clients' ``base_url``.
    """

    def __init__(self, account: LocalAccount, *, port: int = 0) -> None:
        self.account = account
        self.router = build_router(account)
        router = self.router

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self) -> None:
                body = self._body()
                url = urlsplit(self.path)
                request = Request(
                    method=self.command,
                    path=url.path,
                    query=parse_query(url.query),
                    headers={k.lower(): v for k, v in self.headers.items()},
                    body=body,
                )
                response = handle(router, account, request)
                self.send_response(response.status)
                self.send_header("Content-Type", response.content_type)
                self.send_header("Content-Length", str(len(response.body)))
                for name, value in response.headers:
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(response.body)

            def _body(self) -> bytes:
                if "chunked" in self.headers.get("transfer-encoding", "").lower():
                    chunks: list[bytes] = []
                    while size := int(self.rfile.readline().split(b";")[0].strip() or b"0", 16):
                        chunks.append(self.rfile.read(size))
                        self.rfile.readline()  # the CRLF after each chunk
                    while self.rfile.readline().strip():  # trailers, up to the blank line
                        pass
                    return b"".join(chunks)
                length = int(self.headers.get("content-length") or 0)
                return self.rfile.read(length) if length else b""

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

            def log_message(self, format: str, *args: object) -> None:
                return  # quiet: the dev server prints its own lines

        self._http = ThreadingHTTPServer(("127.0.0.1", port), _Handler)
        self._http.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The port it listens on."""
        return int(self._http.server_address[1])

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>/client/v4``."""
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    def start(self) -> LocalApiServer:
        """Serve in a daemon thread; returns ``self``."""
        self._thread = threading.Thread(target=self._http.serve_forever, daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop serving and release the port (idempotent)."""
        if self._thread is not None:
            self._http.shutdown()
            self._thread.join()
            self._thread = None
        self._http.server_close()
