"""Helpers for testing service clients over ``httpx.MockTransport`` (no network).

- :func:`envelope` / :func:`failure` build Cloudflare v4 envelope responses;
- :class:`Recorder` is a MockTransport handler that keeps every request it answered;
- :func:`multipart_parts` reads a multipart/form-data request body back;
- :class:`MockClients` builds service clients over recording transports and closes them
  (the ``mock_clients`` fixture of the ``cloudflarefs`` pytest plugin);
- :class:`Driver` runs one scenario through a sync or an async client alike
  (with the ``sync_or_async`` fixture).

Example:
    >>> def test_get(mock_clients):  # doctest: +SKIP
    ...     kv, rec = mock_clients.make(KVClient, lambda r: envelope({"id": "ns"}))
    ...     kv.namespaces.get("ns")
    ...     assert rec.requests[0].method == "GET"
"""

from __future__ import annotations

import inspect
import json
from collections.abc import AsyncIterable, Awaitable, Callable, Iterable
from email.message import Message
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any, NamedTuple, TypeVar, cast

import httpx

__all__ = [
    "FAILURE_BODY",
    "TEST_ACCOUNT",
    "TEST_TOKEN",
    "Driver",
    "FormPart",
    "Handler",
    "MockClients",
    "Recorder",
    "envelope",
    "failure",
    "multipart_messages",
    "multipart_parts",
    "never",
]

T = TypeVar("T")
C = TypeVar("C")

Handler = Callable[[httpx.Request], httpx.Response]
"""A MockTransport handler: request in, response out."""

TEST_TOKEN = "test-token"
"""The API token :class:`MockClients` builds clients with unless told otherwise."""
TEST_ACCOUNT = "acc"
"""The default account id :class:`MockClients` builds clients with unless told otherwise."""

FAILURE_BODY: dict[str, Any] = {
    "errors": [{"code": 7003, "message": "No route for the URI"}],
    "messages": [],
    "result": None,
    "success": False,
}
"""The specs' common failure example (``*_api-response-common-failure``)."""


def envelope(result: Any = None, *, status: int = 200, **extra: Any) -> httpx.Response:
    """A Cloudflare success envelope around ``result``; ``extra`` adds keys (``result_info``)."""
    body: dict[str, Any] = {
        "success": True,
        "errors": [],
        "messages": [],
        "result": result,
        **extra,
    }
    return httpx.Response(status, json=body)


def failure(status: int, code: int, message: str) -> httpx.Response:
    """A Cloudflare failure envelope with one error (the shape of the specs' 4XX examples)."""
    body = {
        "success": False,
        "errors": [{"code": code, "message": message}],
        "messages": [],
        "result": None,
    }
    return httpx.Response(status, json=body)


def never(request: httpx.Request) -> httpx.Response:
    """A handler for calls that must fail before sending: any request fails the test."""
    raise AssertionError(f"no request expected, got {request.method} {request.url}")


class Recorder:
    """A MockTransport handler that answers with ``respond`` and keeps every request.

    Request bodies are read before ``respond`` sees them, so streamed uploads can be inspected.
    """

    def __init__(self, respond: Handler) -> None:
        self.respond = respond
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return self.respond(request)

    def json(self, index: int = -1) -> Any:
        """The JSON body of a recorded request (the last one by default)."""
        return json.loads(self.requests[index].content)


class FormPart(NamedTuple):
    """One part of a multipart/form-data body."""

    content_type: str | None
    filename: str | None
    payload: bytes


def multipart_messages(request: httpx.Request) -> list[Message]:
    """The parts of a multipart request body as :class:`email.message.Message` objects."""
    content_type = request.headers["content-type"]
    assert content_type.startswith("multipart/"), content_type
    head = f"Content-Type: {content_type}\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + request.content)
    assert message.is_multipart()
    parts = cast(Iterable[Message], message.iter_parts())  # pyright: ignore[reportAttributeAccessIssue,reportUnknownMemberType]
    return list(parts)


def multipart_parts(request: httpx.Request) -> dict[str, FormPart]:
    """``{name: FormPart}`` of a multipart/form-data request body."""
    assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
    out: dict[str, FormPart] = {}
    for part in multipart_messages(request):
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        assert isinstance(name, str), name
        assert isinstance(payload, bytes)
        declared = part.get("content-type")
        out[name] = FormPart(str(declared) if declared else None, part.get_filename(), payload)
    return out


class MockClients:
    """Builds service clients over recording MockTransports; :meth:`close` closes them all.

    Clients get ``api_token=TEST_TOKEN`` and ``account_id=TEST_ACCOUNT`` unless the keyword
    arguments say otherwise. Works for sync and async clients alike.
    """

    def __init__(self) -> None:
        self._made: list[Any] = []

    def make(
        self, client_class: Callable[..., C], handler: Handler, **kwargs: Any
    ) -> tuple[C, Recorder]:
        """A ``client_class`` instance answering with ``handler``, and the recorder behind it."""
        recorder = Recorder(handler)
        kwargs.setdefault("api_token", TEST_TOKEN)
        kwargs.setdefault("account_id", TEST_ACCOUNT)
        client = client_class(transport=httpx.MockTransport(recorder), **kwargs)
        self._made.append(client)
        return client, recorder

    def factory(self, client_class: Callable[..., C]) -> Callable[[Handler], tuple[C, Recorder]]:
        """:meth:`make` bound to ``client_class`` (the shape of a per-module fixture)."""
        return lambda handler: self.make(client_class, handler)

    async def close(self) -> None:
        """Close every client made here (awaiting the async ones)."""
        made, self._made = self._made, []
        for client in made:
            closed = client.close()
            if inspect.isawaitable(closed):
                await closed


class Driver:
    """Runs the same scenario through a sync or an async client.

    ``await drive(lambda c: c.scripts.get("x"))`` awaits the call only if the client is async;
    ``await drive.collect(pager)`` lists a sync or an async pager.
    """

    def __init__(self, client: Any) -> None:
        self.client = client

    async def __call__(self, call: Callable[[Any], T | Awaitable[T]]) -> T:
        result = call(self.client)
        if inspect.isawaitable(result):
            return await result
        return result

    async def collect(self, pager: Iterable[T] | AsyncIterable[T]) -> list[T]:
        """Every item of ``pager``."""
        if isinstance(pager, AsyncIterable):
            return [item async for item in pager]
        return list(pager)
