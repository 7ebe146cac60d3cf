"""Typed Web Streams for Python Workers: Python iterables and bytes to and from
``ReadableStream``, typed writers, transforms, compression and text coding.

::

    from cloudflarefs.streams.runtime import CompressionStream, ReadableStream

    gz = ReadableStream.from_bytes(data).pipe_through(CompressionStream("gzip"))
    compressed = await gz.read_bytes()
"""

from cloudflarefs.streams.runtime._readable import DEFAULT_CHUNK_SIZE, ReadableStream
from cloudflarefs.streams.runtime._transform import (
    CompressionFormat,
    CompressionStream,
    DecompressionStream,
    FixedLengthStream,
    IdentityTransformStream,
    TextDecoderStream,
    TextEncoderStream,
    TransformStream,
)
from cloudflarefs.streams.runtime._version import __version__
from cloudflarefs.streams.runtime._writable import StreamWriter, WritableStream

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "CompressionFormat",
    "CompressionStream",
    "DecompressionStream",
    "FixedLengthStream",
    "IdentityTransformStream",
    "ReadableStream",
    "StreamWriter",
    "TextDecoderStream",
    "TextEncoderStream",
    "TransformStream",
    "WritableStream",
    "__version__",
]
