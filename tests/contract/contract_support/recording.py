"""httpx transports that check every Prism answer and record which operations ran.

Prism (``--errors``) answers a request that breaks the spec with 422 (401 for bad auth) and an
``sl-violations`` header listing what was wrong. The transports raise :class:`SpecViolation`
on such a header and also note it in the recorder, so a client that swallows the exception
still fails the test at teardown.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal

import httpx

from contract_support.specs import Operation, OperationIndex

__all__ = [
    "AsyncRecordingTransport",
    "ContractRecorder",
    "Flavour",
    "RecordingTransport",
    "SpecViolation",
    "Violation",
]

Flavour = Literal["sync", "async"]
VIOLATIONS_HEADER = "sl-violations"


class SpecViolation(AssertionError):
    """A request did not conform to the spec Prism serves (or matched no operation in it)."""


@dataclass(frozen=True)
class Violation:
    """One non-conforming request as Prism reported it."""

    service: str
    method: str
    path: str
    status: int
    detail: str

    def __str__(self) -> str:
        return f"[{self.service}] {self.method} {self.path} -> {self.status}: {self.detail}"


@dataclass
class ContractRecorder:
    """Which operations each service's contract tests exercised, per flavour, and violations."""

    indexes: dict[str, OperationIndex] = field(default_factory=dict[str, OperationIndex])
    exercised: dict[tuple[str, Flavour], set[Operation]] = field(
        default_factory=lambda: defaultdict[tuple[str, Flavour], set[Operation]](set)
    )
    violations: list[Violation] = field(default_factory=list[Violation])

    def index(self, service: str) -> OperationIndex:
        """The operation index of a registered service."""
        return self.indexes[service]

    def check(
        self, service: str, flavour: Flavour, request: httpx.Request, response: httpx.Response
    ) -> None:
        """Record the request's operation, or record and raise a :class:`SpecViolation`."""
        raw_path = request.url.raw_path.decode("ascii").partition("?")[0]
        detail = response.headers.get(VIOLATIONS_HEADER)
        operation = self.index(service).match(request.method, raw_path)
        if detail is None and operation is None:
            detail = "the path and method match no operation in the spec"
        if detail is not None:
            if '"location":["response"' in detail.replace(" ", ""):
                # Prism --errors also rejects its own answer when the spec's example breaks the
                # spec's schema: a spec bug, fixed by an overlay entry, not by the client.
                detail = f"the spec's example response violates its schema (fix it in specs/overlays/{service}.toml): {detail}"
            violation = Violation(service, request.method, raw_path, response.status_code, detail)
            self.violations.append(violation)
            raise SpecViolation(str(violation))
        assert operation is not None
        self.exercised[(service, flavour)].add(operation)


class RecordingTransport(httpx.BaseTransport):
    """Sync transport: sends through ``inner`` and checks each response with the recorder."""

    def __init__(
        self, recorder: ContractRecorder, service: str, inner: httpx.BaseTransport | None = None
    ) -> None:
        self._recorder = recorder
        self._service = service
        self._inner = inner if inner is not None else httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send, then check the answer (reading the body first when it is a violation)."""
        response = self._inner.handle_request(request)
        if VIOLATIONS_HEADER in response.headers:
            response.read()
            response.close()
        self._recorder.check(self._service, "sync", request, response)
        return response

    def close(self) -> None:
        """Close the wrapped transport."""
        self._inner.close()


class AsyncRecordingTransport(httpx.AsyncBaseTransport):
    """Async twin of :class:`RecordingTransport`."""

    def __init__(
        self,
        recorder: ContractRecorder,
        service: str,
        inner: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._recorder = recorder
        self._service = service
        self._inner = inner if inner is not None else httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send, then check the answer (reading the body first when it is a violation)."""
        response = await self._inner.handle_async_request(request)
        if VIOLATIONS_HEADER in response.headers:
            await response.aread()
            await response.aclose()
        self._recorder.check(self._service, "async", request, response)
        return response

    async def aclose(self) -> None:
        """Close the wrapped transport."""
        await self._inner.aclose()
