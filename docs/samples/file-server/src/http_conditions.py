"""HTTP ``Range`` and conditional request headers turned into R2 options (RFC 9110)."""

from email.utils import format_datetime, parsedate_to_datetime

from cloudflarefs.r2.runtime import R2Conditional, R2Range


def parse_range(header):
    """An ``R2Range`` for a single ``bytes=`` range, or ``None`` to serve the whole object.

    Multiple ranges and malformed headers are ignored, which RFC 9110 allows.
    """
    if not header or not header.startswith("bytes=") or "," in header:
        return None
    first, sep, last = header[len("bytes=") :].strip().partition("-")
    if not sep or not (first.isdigit() or last.isdigit()):
        return None
    if not first:
        return R2Range(suffix=int(last)) if int(last) > 0 else None
    if last and not last.isdigit():
        return None
    if last and int(last) < int(first):
        return None
    return R2Range(offset=int(first), length=int(last) - int(first) + 1 if last else None)


def satisfiable(requested, size):
    """Whether ``requested`` overlaps an object of ``size`` bytes."""
    return requested.suffix is not None or (size > 0 and requested.offset < size)


def content_range(requested, size):
    """The ``Content-Range`` value for ``requested`` over an object of ``size`` bytes."""
    if requested.suffix is not None:
        start = max(0, size - requested.suffix)
        end = size - 1
    else:
        start = requested.offset
        end = size - 1 if requested.length is None else min(size, start + requested.length) - 1
    return f"bytes {start}-{end}/{size}"


def parse_conditional(headers):
    """An ``R2Conditional`` from ``If-None-Match`` / ``If-Modified-Since``, or ``None``.

    ``If-None-Match`` wins when both are present; HTTP dates have whole seconds, hence
    ``seconds_granularity``.
    """
    if_none_match = headers.get("if-none-match")
    if if_none_match:
        etag = if_none_match.strip().removeprefix("W/").strip('"')
        return R2Conditional(etag_does_not_match=etag)
    if_modified_since = headers.get("if-modified-since")
    if if_modified_since:
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return None
        if since.tzinfo is None:
            return None
        return R2Conditional(uploaded_after=since, seconds_granularity=True)
    return None


def http_date(moment):
    """An aware datetime as an HTTP date (``Last-Modified``)."""
    return format_datetime(moment, usegmt=True)
