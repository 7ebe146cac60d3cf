"""``TransformStream`` and the built-in transforms (identity, fixed length, compression, text)."""

from __future__ import annotations

from typing import Any, Literal, get_args

from cloudflarefs.core import InvalidInputError
from cloudflarefs.core.js import js_errors, to_js
from cloudflarefs.streams.runtime._checks import check_count
from cloudflarefs.streams.runtime._globals import js_constructor
from cloudflarefs.streams.runtime._readable import ReadableStream
from cloudflarefs.streams.runtime._writable import WritableStream

CompressionFormat = Literal["gzip", "deflate", "deflate-raw"]
"""Formats of ``CompressionStream`` / ``DecompressionStream``."""
_FORMATS = get_args(CompressionFormat)


def _check_format(value: object) -> str:
    if value not in _FORMATS:
        raise InvalidInputError(
            f"unsupported compression format {value!r}; expected {list(_FORMATS)}"
        )
    return str(value)


class TransformStream:
    """A readable/writable pair: write into :attr:`writable`, read from :attr:`readable`.

    ``TransformStream()`` is JS's identity ``TransformStream``; :meth:`wrap` adopts an existing
    JS pair (any object with ``readable`` and ``writable``). ``streams=`` injects the object
    the JS constructors are read from (default: the JS globals).
    """

    __slots__ = ("_js",)

    def __init__(self, *, streams: Any = None) -> None:
        self._js: Any = _construct("TransformStream", streams)

    @classmethod
    def wrap(cls, js_pair: Any) -> TransformStream:
        """Adopt a JS object with ``readable`` and ``writable`` (no constructor runs)."""
        if js_pair is None:
            raise InvalidInputError("TransformStream.wrap needs a JS transform pair, got None")
        self = cls.__new__(cls)
        self._js = js_pair
        return self

    def __repr__(self) -> str:
        return f"{type(self).__name__}(<js>)"

    @property
    def js(self) -> Any:
        """The underlying JS transform."""
        return self._js

    @property
    def readable(self) -> ReadableStream:
        """The output side."""
        return ReadableStream(self._js.readable)

    @property
    def writable(self) -> WritableStream:
        """The input side."""
        return WritableStream(self._js.writable)


def _construct(name: str, streams: Any, *args: Any) -> Any:
    ctor = js_constructor(name, streams)
    with js_errors():
        return ctor.new(*args)


class IdentityTransformStream(TransformStream):
    """workerd's byte-only identity transform (lower overhead than ``TransformStream``)."""

    __slots__ = ()

    def __init__(self, *, high_water_mark: int | None = None, streams: Any = None) -> None:
        args: list[Any] = []
        if high_water_mark is not None:
            args.append(to_js({"highWaterMark": check_count(high_water_mark, "high_water_mark")}))
        self._js = _construct("IdentityTransformStream", streams, *args)


class FixedLengthStream(TransformStream):
    """workerd's identity transform that must receive exactly ``length`` bytes (so a
    ``Response`` built from its readable side gets a ``Content-Length``)."""

    __slots__ = ()

    def __init__(self, length: int, *, streams: Any = None) -> None:
        self._js = _construct("FixedLengthStream", streams, check_count(length, "length"))


class CompressionStream(TransformStream):
    """Compress bytes with ``gzip``, ``deflate`` (zlib) or ``deflate-raw``."""

    __slots__ = ()

    def __init__(self, format: CompressionFormat, *, streams: Any = None) -> None:
        self._js = _construct("CompressionStream", streams, _check_format(format))


class DecompressionStream(TransformStream):
    """Decompress ``gzip``, ``deflate`` (zlib) or ``deflate-raw`` bytes."""

    __slots__ = ()

    def __init__(self, format: CompressionFormat, *, streams: Any = None) -> None:
        self._js = _construct("DecompressionStream", streams, _check_format(format))


class TextEncoderStream(TransformStream):
    """``str`` chunks in, UTF-8 ``bytes`` out."""

    __slots__ = ()

    def __init__(self, *, streams: Any = None) -> None:
        self._js = _construct("TextEncoderStream", streams)


class TextDecoderStream(TransformStream):
    """Bytes in, ``str`` out (read with :meth:`ReadableStream.iter_text`)."""

    __slots__ = ()

    def __init__(
        self,
        label: str = "utf-8",
        *,
        fatal: bool = False,
        ignore_bom: bool = False,
        streams: Any = None,
    ) -> None:
        if not isinstance(label, str) or not label:  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputError(f"label must be a non-empty encoding name, got {label!r}")
        options = to_js({"fatal": bool(fatal), "ignoreBOM": bool(ignore_bom)})
        self._js = _construct("TextDecoderStream", streams, label, options)
