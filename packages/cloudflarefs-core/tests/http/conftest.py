"""Fixtures for the httpx layer: a sync/async harness with fake sleep and clock, and loopback servers."""

from __future__ import annotations

import inspect
import socket
import struct
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from cloudflarefs.core import ApiRequest, ApiResponse
from cloudflarefs.core.http import AsyncHttpClient, HttpClient

# Distinctive values: any test output containing them is a leak.
TOKEN = "tok-SECRET-6f1d2c9ab0e4"
API_KEY = "key-SECRET-a83b51c07d"
EMAIL = "owner-SECRET@example.com"
SERVICE_KEY = "v1.0-SECRET-svc-77aa"
ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353"

CLOUDFLARE_VARS = (
    "CLOUDFLARE_API_TOKEN",
    "CLOUDFLARE_API_KEY",
    "CLOUDFLARE_EMAIL",
    "CLOUDFLARE_API_USER_SERVICE_KEY",
    "CLOUDFLARE_ACCOUNT_ID",
    "CLOUDFLARE_BASE_URL",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees the developer's own Cloudflare variables."""
    for name in CLOUDFLARE_VARS:
        monkeypatch.delenv(name, raising=False)


def envelope(result: Any = None, *, status: int = 200, **headers: str) -> httpx.Response:
    """A successful v4 envelope response."""
    body: dict[str, Any] = {"success": True, "errors": [], "messages": [], "result": result}
    return httpx.Response(status, json=body, headers=headers)


def failure(
    status: int, code: int = 10000, message: str = "failed", **headers: str
) -> httpx.Response:
    """An error v4 envelope response."""
    body = {
        "success": False,
        "errors": [{"code": code, "message": message}],
        "messages": [],
        "result": None,
    }
    return httpx.Response(status, json=body, headers=headers)


class Recorder:
    """A MockTransport handler answering from a script of responses and recording requests."""

    def __init__(self, *responses: httpx.Response | Callable[[httpx.Request], httpx.Response]):
        self.script = list(responses)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        step = self.script.pop(0) if len(self.script) > 1 else self.script[0]
        return step(request) if callable(step) else step


class Harness:
    """Builds sync or async clients with a fake clock and sleep; ``await`` works for both."""

    token = TOKEN
    account = ACCOUNT
    envelope = staticmethod(envelope)
    failure = staticmethod(failure)
    Recorder = Recorder

    def __init__(self, flavour: str) -> None:
        self.flavour = flavour
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def _sleep(self, delay: float) -> None:
        self.sleeps.append(delay)
        self.now += delay

    async def _async_sleep(self, delay: float) -> None:
        self._sleep(delay)

    @property
    def client_class(self) -> type[HttpClient] | type[AsyncHttpClient]:
        return HttpClient if self.flavour == "sync" else AsyncHttpClient

    def client(
        self, handler: Callable[[httpx.Request], httpx.Response] | None = None, **kwargs: Any
    ) -> Any:
        kwargs.setdefault("api_token", TOKEN)
        if handler is not None:
            kwargs["transport"] = httpx.MockTransport(handler)
        if self.flavour == "sync":
            return HttpClient(sleep=self._sleep, clock=self.clock, **kwargs)
        return AsyncHttpClient(sleep=self._async_sleep, clock=self.clock, **kwargs)

    async def send(self, client: Any, request: ApiRequest, **kwargs: Any) -> ApiResponse:
        result = client.send(request, **kwargs)
        return await result if inspect.isawaitable(result) else result

    async def stream(
        self, client: Any, request: ApiRequest, *, lines: bool = False, **kwargs: Any
    ) -> tuple[Any, list[Any]]:
        """Stream ``request``; the response head and its chunks (or lines)."""
        if self.flavour == "sync":
            with client.stream(request, **kwargs) as response:
                return response, list(response.iter_lines() if lines else response.iter_bytes())
        async with client.stream(request, **kwargs) as response:
            source = response.aiter_lines() if lines else response.aiter_bytes()
            return response, [chunk async for chunk in source]

    async def close(self, client: Any) -> None:
        result = client.close()
        if inspect.isawaitable(result):
            await result


@pytest.fixture(params=["sync", "async"])
def harness(request: pytest.FixtureRequest) -> Harness:
    """The same behaviour checked through HttpClient and AsyncHttpClient."""
    return Harness(request.param)


# --- real loopback servers ---------------------------------------------------------------


class RawServer:
    """A TCP server on loopback whose per-connection behaviour is a function; counts connections."""

    def __init__(self, behaviour: Callable[[socket.socket], None], host: str = "127.0.0.1") -> None:
        self._behaviour = behaviour
        self.host = host
        self._listener = socket.create_server((host, 0))
        self.port = self._listener.getsockname()[1]
        self.connections = 0
        self._held: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/client/v4"

    def _serve(self) -> None:
        self._listener.settimeout(0.05)
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            self._held.append(conn)
            self._behaviour(conn)

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self._listener.close()
        for conn in self._held:
            conn.close()


def read_request_head(conn: socket.socket) -> bytes:
    data = b""
    conn.settimeout(5)
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


def reset_after_request(conn: socket.socket) -> None:
    """Read the request, then abort the connection (RST) without a response."""
    read_request_head(conn)
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()


def never_answer(conn: socket.socket) -> None:
    """Read the request and keep the connection open without answering."""
    read_request_head(conn)


@pytest.fixture
def raw_server() -> Iterator[Callable[..., RawServer]]:
    servers: list[RawServer] = []

    def start(behaviour: Callable[[socket.socket], None], host: str = "127.0.0.1") -> RawServer:
        server = RawServer(behaviour, host)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


@pytest.fixture
def closed_port_url() -> str:
    """A loopback URL whose port has no listener (connection refused)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return f"http://127.0.0.1:{port}/client/v4"


BIG_LINE = b"0123456789abcdef" * 4  # 64 bytes
BIG_LINES = 40_000  # about 2.5 MiB


class StreamingHandler(BaseHTTPRequestHandler):
    """GET .../big: a large chunked body of numbered lines; anything else: a 404 envelope."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        if self.path.endswith("/big"):
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Transfer-Encoding", "chunked")
            self.send_header("cf-ray", "8f00000000000001-LHR")
            self.end_headers()
            block = b"".join(b"%06d " % i + BIG_LINE + b"\n" for i in range(1000))
            for start in range(0, BIG_LINES, 1000):
                if start:
                    block = b"".join(
                        b"%06d " % i + BIG_LINE + b"\n" for i in range(start, start + 1000)
                    )
                self.wfile.write(b"%x\r\n%s\r\n" % (len(block), block))
            self.wfile.write(b"0\r\n\r\n")
            return
        body = (
            b'{"success":false,"errors":[{"code":10009,"message":"key not found"}],'
            b'"messages":[],"result":null}'
        )
        self.send_response(404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("cf-ray", "8f00000000000002-LHR")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def streaming_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), StreamingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/client/v4"
    server.shutdown()
    server.server_close()


def cut_mid_body(conn: socket.socket) -> None:
    """Answer with headers and part of a chunked body, then abort the connection."""
    read_request_head(conn)
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n"
        b"6\r\nhello\n\r\n"
    )
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()


class _Behaviours:
    """The raw-server behaviours and streaming constants, as a fixture (conftest is not importable)."""

    reset_after_request = staticmethod(reset_after_request)
    never_answer = staticmethod(never_answer)
    cut_mid_body = staticmethod(cut_mid_body)
    BIG_LINE = BIG_LINE
    BIG_LINES = BIG_LINES


@pytest.fixture
def raw_server_behaviours() -> type[_Behaviours]:
    return _Behaviours
