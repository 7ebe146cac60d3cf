"""R2 option and result types as frozen attrs classes; conversion to and from plain Python
values (pure: the JS side is handled by the codec)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, TypeVar

import attrs

from cloudflarefs.core import InvalidInputError, InvalidInputTypeError, ResponseDecodeError
from cloudflarefs.r2.runtime._limits import check_int, check_optional_str, kind

OBJECT_FIELDS = (
    "key",
    "version",
    "size",
    "etag",
    "httpEtag",
    "checksums",
    "uploaded",
    "httpMetadata",
    "customMetadata",
    "range",
    "storageClass",
    "ssecKeyMd5",
)
"""The R2Object properties read from JS (never ``body``: touching it consumes the stream)."""


_A = TypeVar("_A")


def decoded(cls: type[_A], values: Mapping[str, Any]) -> _A:
    """An instance of the attrs class ``cls`` holding platform values as they came.

    The request checks in ``__attrs_post_init__`` are skipped: what R2 returns is decoded (and
    type-checked by the caller with :class:`ResponseDecodeError`), never validated as user input.
    """
    instance = cls.__new__(cls)
    for field in attrs.fields(cls):  # pyright: ignore[reportArgumentType]
        object.__setattr__(instance, field.name, values.get(field.name, field.default))
    return instance


def _aware(value: object, what: str) -> dt.datetime | None:
    if value is None:
        return None
    if not isinstance(value, dt.datetime):
        raise InvalidInputTypeError(f"{what} must be a datetime, got {kind(value)}")
    if value.tzinfo is None:
        raise InvalidInputError(f"{what} must be timezone-aware (e.g. datetime.UTC)")
    return value


@attrs.frozen(kw_only=True)
class R2Range:
    """A byte range: ``offset`` and/or ``length`` (``R2Range(offset=10, length=5)``), or the
    last ``suffix`` bytes (``R2Range(suffix=100)``); invalid combinations raise
    :class:`~cloudflarefs.core.InvalidInputError`."""

    offset: int | None = None
    """First byte to return (0-based)."""
    length: int | None = None
    """How many bytes to return."""
    suffix: int | None = None
    """Return only the last ``suffix`` bytes."""

    def __attrs_post_init__(self) -> None:
        if self.suffix is not None:
            if self.offset is not None or self.length is not None:
                raise InvalidInputError("a range has either a suffix or offset/length, not both")
            check_int(self.suffix, "range suffix", minimum=1)
            return
        if self.offset is None and self.length is None:
            raise InvalidInputError("a range needs offset, length or suffix")
        if self.offset is not None:
            check_int(self.offset, "range offset")
        if self.length is not None:
            check_int(self.length, "range length", minimum=1)

    @classmethod
    def from_py(cls, data: object) -> R2Range:
        """The range R2 reports on a result, decoded as it is, never checked like a request.

        An empty object's range is ``offset=0, length=0``, which a request may not ask for.
        """
        if not isinstance(data, Mapping):
            raise ResponseDecodeError(f"R2 range is {data!r}")
        raw: Mapping[str, Any] = data  # pyright: ignore[reportUnknownVariableType]
        values: dict[str, int | None] = {}
        for name in ("offset", "length", "suffix"):
            value = raw.get(name)
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, int | float)
            ):
                raise ResponseDecodeError(f"R2 range {name} is {value!r}")
            values[name] = None if value is None else int(value)
        return decoded(cls, values)

    def to_py(self) -> dict[str, int]:
        """The JS ``R2Range`` as a dict (only the fields that are set)."""
        fields = {"offset": self.offset, "length": self.length, "suffix": self.suffix}
        return {k: v for k, v in fields.items() if v is not None}


@attrs.frozen(kw_only=True)
class R2Conditional:
    """Preconditions for ``get``/``put`` (``onlyIf``); every set field must hold."""

    etag_matches: str | None = None
    """Proceed only if the object's etag is this one."""
    etag_does_not_match: str | None = None
    """Proceed only if the object's etag is not this one."""
    uploaded_before: dt.datetime | None = None
    """Proceed only if the object was uploaded before this time."""
    uploaded_after: dt.datetime | None = None
    """Proceed only if the object was uploaded after this time."""
    seconds_granularity: bool = False
    """Compare upload times at second granularity (as HTTP dates do)."""

    def __attrs_post_init__(self) -> None:
        check_optional_str(self.etag_matches, "etag_matches", allow_empty=False)
        check_optional_str(self.etag_does_not_match, "etag_does_not_match", allow_empty=False)
        _aware(self.uploaded_before, "uploaded_before")
        _aware(self.uploaded_after, "uploaded_after")

    def to_py(self) -> dict[str, Any]:
        """The JS ``R2Conditional`` as a dict (only the fields that are set)."""
        fields: dict[str, Any] = {
            "etagMatches": self.etag_matches,
            "etagDoesNotMatch": self.etag_does_not_match,
            "uploadedBefore": self.uploaded_before,
            "uploadedAfter": self.uploaded_after,
            "secondsGranularity": self.seconds_granularity or None,
        }
        return {k: v for k, v in fields.items() if v is not None}


@attrs.frozen(kw_only=True)
class R2HTTPMetadata:
    """HTTP headers stored with an object and replayed when it is served."""

    content_type: str | None = None
    content_language: str | None = None
    content_disposition: str | None = None
    content_encoding: str | None = None
    cache_control: str | None = None
    cache_expiry: dt.datetime | None = None
    """Sent as the ``Expires`` header."""

    _NAMES = (
        ("content_type", "contentType"),
        ("content_language", "contentLanguage"),
        ("content_disposition", "contentDisposition"),
        ("content_encoding", "contentEncoding"),
        ("cache_control", "cacheControl"),
    )

    def __attrs_post_init__(self) -> None:
        for name, _ in self._NAMES:
            check_optional_str(getattr(self, name), name)
        _aware(self.cache_expiry, "cache_expiry")

    def to_py(self) -> dict[str, Any]:
        """The JS ``R2HTTPMetadata`` as a dict (only the fields that are set)."""
        out: dict[str, Any] = {
            js: getattr(self, py) for py, js in self._NAMES if getattr(self, py) is not None
        }
        if self.cache_expiry is not None:
            out["cacheExpiry"] = self.cache_expiry
        return out

    @classmethod
    def from_py(cls, data: object) -> R2HTTPMetadata:
        """From the JS ``R2HTTPMetadata`` converted to a dict."""
        if not isinstance(data, Mapping):
            raise ResponseDecodeError(f"unexpected R2 httpMetadata: {data!r}")
        meta: Mapping[str, Any] = data  # pyright: ignore[reportUnknownVariableType]
        values: dict[str, Any] = {py: meta.get(js) for py, js in cls._NAMES}
        for py, js in cls._NAMES:
            if values[py] is not None and not isinstance(values[py], str):
                raise ResponseDecodeError(f"R2 httpMetadata {js} is {kind(values[py])}")
        expiry = meta.get("cacheExpiry")
        if expiry is not None and not isinstance(expiry, dt.datetime):
            raise ResponseDecodeError(f"R2 cacheExpiry should be a Date, got {expiry!r}")
        return decoded(cls, {**values, "cache_expiry": expiry})


@attrs.frozen(kw_only=True)
class R2Checksums:
    """The checksums R2 holds for an object, as lowercase hex (``None`` when absent)."""

    md5: str | None = None
    sha1: str | None = None
    sha256: str | None = None
    sha384: str | None = None
    sha512: str | None = None

    @classmethod
    def from_py(cls, data: object) -> R2Checksums:
        """From the JS ``R2Checksums`` converted to a dict (digests as bytes or hex)."""
        if data is None:
            return cls()
        if not isinstance(data, Mapping):
            raise ResponseDecodeError(f"unexpected R2 checksums: {data!r}")
        sums: Mapping[str, Any] = data  # pyright: ignore[reportUnknownVariableType]
        values: dict[str, str | None] = {}
        for name in ("md5", "sha1", "sha256", "sha384", "sha512"):
            value = sums.get(name)
            if isinstance(value, bytes):
                value = value.hex()
            elif value is not None and not isinstance(value, str):
                raise ResponseDecodeError(f"R2 checksum {name} is {kind(value)}")
            values[name] = value
        return cls(**values)


@attrs.frozen(kw_only=True)
class R2Object:
    """An object's metadata (from ``head``, ``put``, ``list``, or a failed ``get`` precondition)."""

    key: str
    version: str
    """A unique id for this upload of the object."""
    size: int
    """Size in bytes."""
    etag: str
    """The etag, unquoted."""
    http_etag: str
    """The etag as an HTTP header value (quoted)."""
    uploaded: dt.datetime
    """When the object was uploaded (UTC)."""
    checksums: R2Checksums = R2Checksums()
    http_metadata: R2HTTPMetadata | None = None
    """The stored HTTP headers (empty or ``None`` when a ``list`` call did not ``include``
    them)."""
    custom_metadata: dict[str, str] | None = None
    """The custom metadata (empty or ``None`` when a ``list`` call did not ``include`` it)."""
    range: R2Range | None = None
    """The range returned by a ranged ``get``."""
    storage_class: str = ""
    """``"Standard"`` or ``"InfrequentAccess"`` (Miniflare reports ``""``)."""
    ssec_key_md5: str | None = None
    """MD5 of the customer-supplied encryption key, for SSE-C objects."""


def _require(data: Mapping[str, Any], name: str, types: type | tuple[type, ...]) -> Any:
    value = data.get(name)
    if isinstance(value, bool) or not isinstance(value, types):
        raise ResponseDecodeError(f"R2 object field {name!r} is {value!r}")
    return value


def object_fields_from_py(data: object) -> dict[str, Any]:
    """Keyword arguments for :class:`R2Object` from the JS object converted to a dict."""
    if not isinstance(data, Mapping):
        raise ResponseDecodeError(f"unexpected R2 object: {data!r}")
    obj: Mapping[str, Any] = data  # pyright: ignore[reportUnknownVariableType]
    http = obj.get("httpMetadata")
    custom = obj.get("customMetadata")
    rng = obj.get("range")
    if custom is not None and not isinstance(custom, dict):
        raise ResponseDecodeError(f"R2 customMetadata is {custom!r}")
    if rng is not None:
        rng = R2Range.from_py(rng)
    return {
        "key": _require(obj, "key", str),
        "version": _require(obj, "version", str),
        "size": int(_require(obj, "size", (int, float))),
        "etag": _require(obj, "etag", str),
        "http_etag": _require(obj, "httpEtag", str),
        "uploaded": _require(obj, "uploaded", dt.datetime),
        "checksums": R2Checksums.from_py(obj.get("checksums")),
        "http_metadata": None if http is None else R2HTTPMetadata.from_py(http),
        "custom_metadata": None if custom is None else dict(custom),  # pyright: ignore[reportUnknownArgumentType]
        "range": rng,
        "storage_class": obj.get("storageClass") or "",
        "ssec_key_md5": obj.get("ssecKeyMd5"),
    }


def object_from_py(data: object) -> R2Object:
    """An :class:`R2Object` from the JS object converted to a dict."""
    return R2Object(**object_fields_from_py(data))


@attrs.frozen(kw_only=True)
class R2Objects:
    """One page of ``list``; pass :attr:`cursor` to the next call while :attr:`truncated`."""

    objects: tuple[R2Object, ...]
    delimited_prefixes: tuple[str, ...] = ()
    """Common prefixes up to the ``delimiter`` ("directories")."""
    truncated: bool = False
    """``True`` when more results follow."""
    cursor: str | None = None
    """Where the next page starts (``None`` on the last page)."""


def objects_from_py(data: object) -> R2Objects:
    """An :class:`R2Objects` from the JS list result converted to a dict."""
    if not isinstance(data, Mapping) or not isinstance(data.get("objects"), list):  # pyright: ignore[reportUnknownMemberType]
        raise ResponseDecodeError(f"unexpected R2 list result: {data!r}")
    page: Mapping[str, Any] = data  # pyright: ignore[reportUnknownVariableType]
    truncated = bool(page.get("truncated"))
    prefixes: list[Any] = page.get("delimitedPrefixes") or []
    return R2Objects(
        objects=tuple(object_from_py(o) for o in page["objects"]),
        delimited_prefixes=tuple(str(p) for p in prefixes),
        truncated=truncated,
        cursor=(page.get("cursor") or None) if truncated else None,
    )


@attrs.frozen(kw_only=True)
class R2UploadedPart:
    """A part of a multipart upload, as ``complete`` needs it."""

    part_number: int
    etag: str
    size: int | None = attrs.field(default=None, eq=False)
    """Bytes uploaded, when this process uploaded the part (used by ``complete`` checks)."""

    def to_py(self) -> dict[str, Any]:
        """The JS ``R2UploadedPart``."""
        return {"partNumber": self.part_number, "etag": self.etag}
