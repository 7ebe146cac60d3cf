"""Requests, responses, the v4 envelope and the route table of the local Cloudflare API."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from email.message import Message
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any, cast
from urllib.parse import parse_qs, unquote

import attrs

__all__ = [
    "ApiError",
    "Handler",
    "Request",
    "Response",
    "Router",
    "as_list",
    "as_object",
    "envelope",
    "not_found",
    "validation_error",
]


class ApiError(Exception):
    """A failure answered as a ``success: false`` envelope with Cloudflare's status and code."""

    def __init__(self, status: int, code: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def not_found(code: int, message: str) -> ApiError:
    """404 with a service's not-found code (e.g. 10013 for a KV namespace)."""
    return ApiError(404, code, message)


def validation_error(message: str, code: int = 10001) -> ApiError:
    """400: the request is malformed or breaks a documented limit."""
    return ApiError(400, code, message)


@attrs.frozen
class Request:
    """One HTTP request, routed: ``params`` are the decoded path parameters."""

    method: str
    path: str
    query: Mapping[str, list[str]]
    headers: Mapping[str, str]
    body: bytes
    params: Mapping[str, str] = attrs.field(factory=dict[str, str])

    @property
    def content_type(self) -> str:
        """The media type, lower case, without parameters."""
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    def arg(self, name: str, default: str | None = None) -> str | None:
        """First value of a query parameter."""
        values = self.query.get(name)
        return values[0] if values else default

    def int_arg(self, name: str, default: int) -> int:
        """A whole-number query parameter (already checked against the spec when it has one)."""
        raw = self.arg(name)
        if raw is None or raw == "":
            return default
        try:
            return int(float(raw))
        except ValueError:
            raise validation_error(f"query parameter {name} must be a number") from None

    def json(self) -> Any:
        """The body parsed as JSON (400 when it is not JSON)."""
        try:
            return json.loads(self.body or b"null")
        except ValueError as exc:
            raise validation_error(f"request body is not valid JSON: {exc}") from None

    def json_object(self) -> dict[str, Any]:
        """The body as a JSON object (400 when it is something else)."""
        return as_object(self.json(), "request body")

    def form(self) -> dict[str, FormPart]:
        """The parts of a ``multipart/form-data`` body, by name."""
        return parse_multipart(self.headers.get("content-type", ""), self.body)


@attrs.frozen
class FormPart:
    """One part of a multipart form."""

    name: str
    data: bytes
    filename: str | None
    content_type: str

    @property
    def text(self) -> str:
        """The part decoded as UTF-8."""
        return self.data.decode()


def parse_multipart(content_type: str, body: bytes) -> dict[str, FormPart]:
    """Split a ``multipart/form-data`` body (the email parser does the MIME work)."""
    if not content_type.lower().startswith("multipart/form-data"):
        raise validation_error("expected a multipart/form-data body")
    msg = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
    )
    if not msg.is_multipart():
        raise validation_error("malformed multipart/form-data body")
    parts: dict[str, FormPart] = {}
    for part in msg.iter_parts():
        assert isinstance(part, Message)
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            raise validation_error("a multipart part has no name")
        payload = part.get_payload(decode=True)
        filename = part.get_filename()
        parts[name] = FormPart(
            name=name,
            data=payload if isinstance(payload, bytes) else b"",
            filename=filename,
            content_type=part.get_content_type(),
        )
    return parts


@attrs.frozen
class Response:
    """What the server writes back."""

    status: int
    body: bytes
    content_type: str = "application/json"
    headers: tuple[tuple[str, str], ...] = ()


def envelope(
    result: Any,
    *,
    status: int = 200,
    result_info: Mapping[str, Any] | None = None,
    messages: tuple[str, ...] = (),
) -> Response:
    """A ``success: true`` v4 envelope around ``result``."""
    doc: dict[str, Any] = {
        "success": True,
        "errors": [],
        "messages": [{"code": 10000, "message": m} for m in messages],
        "result": result,
    }
    if result_info is not None:
        doc["result_info"] = dict(result_info)
    return Response(status, json.dumps(doc).encode())


def error_response(err: ApiError) -> Response:
    """The ``success: false`` envelope for ``err``."""
    doc = {
        "success": False,
        "errors": [{"code": err.code, "message": err.message}],
        "messages": [],
        "result": None,
    }
    return Response(err.status, json.dumps(doc).encode())


def page_of(items: list[Any], request: Request, *, default_per_page: int = 20) -> Response:
    """Answer a page/per_page list the way Cloudflare's paged lists do."""
    page = max(request.int_arg("page", 1), 1)
    per_page = max(request.int_arg("per_page", default_per_page), 1)
    chunk = items[(page - 1) * per_page : page * per_page]
    total_pages = max((len(items) + per_page - 1) // per_page, 1)
    return envelope(
        chunk,
        result_info={
            "page": page,
            "per_page": per_page,
            "count": len(chunk),
            "total_count": len(items),
            "total_pages": total_pages,
        },
    )


def as_object(value: Any, what: str = "value") -> dict[str, Any]:
    """``value`` if it is a JSON object, else a 400 naming ``what``."""
    if not isinstance(value, dict):
        raise validation_error(f"{what} must be a JSON object")
    return cast(dict[str, Any], value)


def as_list(value: Any, what: str = "value") -> list[Any]:
    """``value`` if it is a JSON array (``None`` counts as empty), else a 400 naming ``what``."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise validation_error(f"{what} must be a JSON array")
    return cast(list[Any], value)


Handler = Callable[[Request], Response]

_PARAM = re.compile(r"\{([^/{}]+)\}")


@attrs.frozen
class Route:
    """A (method, path template) and its handler; ``spec`` names the slice that validates it."""

    method: str
    template: str
    handler: Handler
    spec: str | None
    pattern: re.Pattern[str]


class Router:
    """Matches a request to the most specific route (most literal characters first)."""

    def __init__(self) -> None:
        self.routes: list[Route] = []

    def add(self, method: str, template: str, handler: Handler, *, spec: str | None) -> None:
        """Register ``handler``; ``spec=None`` marks a route the spec slices do not describe."""
        parts = _PARAM.split(template)
        # `{name*}` matches the rest of the path, slashes included (R2 object keys).
        regex = "".join(
            re.escape(p)
            if i % 2 == 0
            else (f"(?P<{p[:-1]}>.+)" if p.endswith("*") else f"(?P<{p}>[^/]+)")
            for i, p in enumerate(parts)
        )
        route = Route(method.upper(), template, handler, spec, re.compile(f"^{regex}$"))
        self.routes.append(route)
        self.routes.sort(key=lambda r: -len(_PARAM.sub("", r.template)))

    def match(self, method: str, raw_path: str) -> tuple[Route, dict[str, str]] | None:
        """The route and decoded path parameters, or ``None``; 405 when only the method differs."""
        path_matched = False
        for route in self.routes:
            m = route.pattern.match(raw_path)
            if m is None:
                continue
            path_matched = True
            if route.method == method.upper():
                return route, {k: unquote(v) for k, v in m.groupdict().items()}
        if path_matched:
            raise ApiError(405, 10405, f"method {method} is not allowed here")
        return None


def parse_query(query: str) -> dict[str, list[str]]:
    """The query string as lists of values."""
    return parse_qs(query, keep_blank_values=True)
